package dev.gjallarhorn.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.HarnessError;
import dev.gjallarhorn.evidence.Redactor;
import dev.gjallarhorn.verdict.PartRole;
import dev.gjallarhorn.verdict.VerdictKind;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The end of an attack run: one line per claim (id, claimed status, verdict), a count, and the exit. It judges
 * only a run that finished writing its own reports — from this Maven invocation when the exit gate knows it — and
 * then fails, in this order, on: a harness error that stopped the run; reports that are missing, stale or
 * unreadable; an unexpected error during the run; a leaked secret; residue on the target; a claim with an
 * attack that was not exercised (unless the run was narrowed on purpose), or a run that attacked nothing; then
 * by the policy: regressions since each claim's last decided verdict ({@code failOn=regressions}) or any
 * contradicted claim and any claim that could not be judged (INCONCLUSIVE for a reason other than
 * not-applicable-on-target, or with an undecided claim part that is not; the nightly policy tolerates those up to
 * the budget), a claim INCONCLUSIVE beyond the
 * budget, and with {@code strict} any STALE or INCONCLUSIVE.
 */
public final class ExitPolicy {

    private static final String NOT_APPLICABLE = "not-applicable-on-target";

    private ExitPolicy() {
    }

    /**
     * How the exit gate judges.
     *
     * @param invocation the Maven invocation whose reports these must be (empty: judge what is there)
     */
    public record Policy(boolean strict, FailOn failOn, Optional<String> invocation) {
        public static Policy of(boolean strict) {
            return new Policy(strict, FailOn.CONTRADICTED, Optional.empty());
        }
    }

    /** The outcome: the exit code and the one line that explains it. */
    public record Outcome(ExitCode exit, String line) {
        /** The last line the exit gate prints, so that a Maven user sees the code although Maven exits 1. */
        public String closing() {
            return "gjallarhorn: " + line + " [exit " + exit.code() + " " + exit + "]";
        }
    }

    public static Outcome apply(Path reports, boolean strict, PrintWriter out) {
        return apply(reports, Policy.of(strict), out);
    }

    public static Outcome apply(Path reports, boolean strict, FailOn failOn, PrintWriter out) {
        return apply(reports, new Policy(strict, failOn, Optional.empty()), out);
    }

    /** Judges the reports; never throws: a report that cannot be read is a HARNESS_ERROR outcome with one line. */
    public static Outcome apply(Path reports, Policy policy, PrintWriter out) {
        try {
            return judge(reports, policy, out);
        } catch (HarnessError e) {
            return new Outcome(e.exitCode(), e.getMessage());
        } catch (RuntimeException e) {
            return new Outcome(ExitCode.HARNESS_ERROR, "the reports in " + reports + " cannot be judged: " + ReportFiles.oneLine(e));
        }
    }

    private static Outcome judge(Path reports, Policy policy, PrintWriter out) {
        Optional<RunReport.Read> read = RunReport.read(reports);
        if (read.isEmpty()) {
            return new Outcome(ExitCode.HARNESS_ERROR, "no " + reports.resolve(RunReport.FILE) + ": no attack run wrote reports there"
                    + (policy.invocation().isPresent() ? " in this invocation" : ""));
        }
        RunReport.Read run = read.get();
        Optional<Outcome> unfit = unfit(reports, policy, run);
        if (unfit.isPresent()) {
            return unfit.get();
        }
        Path verdicts = reports.resolve(VerdictsReport.FILE);
        JsonNode verdictFile = ReportFiles.readJson(verdicts, "a gjallarhorn verdicts.json");
        String verdictsRun = verdictFile.path("run").path("id").asText("");
        if (!verdictsRun.equals(run.id())) {
            return new Outcome(ExitCode.HARNESS_ERROR, verdicts + " is from run '" + verdictsRun + "', run.json from run '" + run.id()
                    + "': the reports are mixed up, so nothing is judged");
        }
        List<VerdictsReport.Line> lines = VerdictsReport.read(verdictFile);
        if (lines.isEmpty()) {
            return new Outcome(ExitCode.HARNESS_ERROR, verdicts + " lists no claim: every claim of the threat model must be in it");
        }
        Map<String, Integer> counts = printVerdicts(lines, out);
        String tally = counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().toLowerCase(Locale.ROOT).replace('_', ' '))
                .reduce((a, b) -> a + ", " + b).orElse("no claims");
        List<String> orphans = new ArrayList<>();
        run.coverage().path("orphans").forEach(o -> orphans.add(o.asText()));
        if (!orphans.isEmpty()) {
            out.println("attacks with no claim in this threat model (skipped): " + String.join(", ", orphans));
        }
        Optional<VerdictDiff.Result> diff = VerdictDiff.read(reports);
        if (diff.isPresent() && !VerdictDiff.runOf(reports).equals(run.id())) {
            return new Outcome(ExitCode.HARNESS_ERROR, reports.resolve(VerdictDiff.JSON_FILE) + " is not run " + run.id()
                    + "'s: the reports are mixed up, so nothing is judged");
        }
        diff.ifPresent(d -> printDiff(d, out));
        printWhereReportsAre(reports, out);
        return stopped(run).or(() -> coverage(run.coverage(), lines)).orElseGet(() -> byPolicy(policy, lines, diff, tally));
    }

    /** Why the run's reports cannot be judged at all (another invocation's, unfinished, incomplete); empty when they can. */
    private static Optional<Outcome> unfit(Path reports, Policy policy, RunReport.Read run) {
        if (policy.invocation().isPresent() && !policy.invocation().equals(run.invocation())) {
            return Optional.of(new Outcome(ExitCode.HARNESS_ERROR, reports.resolve(RunReport.FILE) + " is from run " + run.id() + " (started "
                    + run.startedAt() + "), not from this invocation: the attack suite wrote no reports of its own, so nothing is judged"));
        }
        Path verdicts = reports.resolve(VerdictsReport.FILE);
        if (run.failure().isPresent() && !Files.isRegularFile(verdicts)) {
            return Optional.of(new Outcome(run.failure().get().exit(), run.failure().get().message()));
        }
        if (!run.finished()) {
            return Optional.of(new Outcome(ExitCode.HARNESS_ERROR, "run " + run.id() + " did not finish writing its reports (run.json says '"
                    + run.state() + "'): the attack suite was stopped or failed before its end"));
        }
        if (!Files.isRegularFile(verdicts)) {
            return Optional.of(new Outcome(ExitCode.HARNESS_ERROR, "no " + verdicts + ": the attack suite did not write its verdicts"));
        }
        if (!run.missing().isEmpty()) {
            return Optional.of(new Outcome(ExitCode.HARNESS_ERROR, reports.resolve(RunReport.FILE) + " lacks " + String.join(", ", run.missing())
                    + ", which every finished run writes: a check did not run, so nothing is judged"));
        }
        return Optional.empty();
    }

    /** What stopped the run from proving anything, whatever its verdicts: a failure, harness errors, a leak, residue. */
    private static Optional<Outcome> stopped(RunReport.Read run) {
        if (run.failure().isPresent()) {
            return Optional.of(new Outcome(run.failure().get().exit(), run.failure().get().message()));
        }
        if (!run.harnessErrors().isEmpty()) {
            return Optional.of(new Outcome(run.harnessErrorExit(), run.harnessErrors().size() + " error(s) stopped attacks, so this run proves nothing: "
                    + run.harnessErrors().get(0) + more(run.harnessErrors())));
        }
        if (!run.leaks().isEmpty()) {
            return Optional.of(new Outcome(ExitCode.LEAK, "a report still holds a secret: " + run.leaks().get(0) + more(run.leaks())));
        }
        if (!run.residue().isEmpty()) {
            return Optional.of(new Outcome(ExitCode.RESIDUE, "the run left something on the target: " + run.residue().get(0) + more(run.residue())));
        }
        return Optional.empty();
    }

    /** The exit the verdicts call for under the policy (see the class comment), {@code tally} when they pass. */
    private static Outcome byPolicy(Policy policy, List<VerdictsReport.Line> lines, Optional<VerdictDiff.Result> diff, String tally) {
        List<String> contradicted = ids(lines, VerdictKind.CONTRADICTED);
        // no diff at all: nothing is known to have held before, so every contradiction is new
        List<String> regressions = diff.map(VerdictDiff.Result::regressions).orElse(contradicted);
        if (policy.failOn() == FailOn.REGRESSIONS && !regressions.isEmpty()) {
            return new Outcome(ExitCode.REGRESSION, regressions.size() + " claim(s) contradicted since their last decided verdict: " + String.join(", ", regressions));
        }
        if (policy.failOn() == FailOn.CONTRADICTED && !contradicted.isEmpty()) {
            return new Outcome(ExitCode.CLAIMS_FAILED, contradicted.size() + " claim(s) " + VerdictKind.CONTRADICTED.label() + ": " + String.join(", ", contradicted)
                    + (regressions.isEmpty() ? "" : "; new since their last decided verdict: " + String.join(", ", regressions)));
        }
        if (policy.failOn() == FailOn.CONTRADICTED) {
            List<String> undecided = lines.stream().filter(l -> VerdictKind.INCONCLUSIVE.names(l.verdict()) && !notApplicable(l))
                    .map(ExitPolicy::undecided).toList();
            if (!undecided.isEmpty()) {
                return new Outcome(ExitCode.CLAIMS_FAILED, undecided.size() + " claim(s) could not be judged: " + String.join(", ", undecided)
                        + " (a green run has every claim decided or not applicable to this kind of target)");
            }
        }
        List<String> overBudget = diff.map(VerdictDiff.Result::overBudget).orElse(List.of());
        if (!overBudget.isEmpty()) {
            return new Outcome(ExitCode.CLAIMS_FAILED, overBudget.size() + " claim(s) " + VerdictKind.INCONCLUSIVE.label() + " for " + diff.get().budget()
                    + " runs in a row or more (-Dgjallarhorn.inconclusiveBudget): " + String.join(", ", overBudget));
        }
        if (policy.strict()) {
            List<String> loose = ids(lines, VerdictKind.STALE);
            loose.addAll(ids(lines, VerdictKind.INCONCLUSIVE));
            if (!loose.isEmpty()) {
                return new Outcome(ExitCode.CLAIMS_FAILED, "strict: " + loose.size() + " claim(s) " + VerdictKind.STALE.label() + " or "
                        + VerdictKind.INCONCLUSIVE.label() + ": " + String.join(", ", loose));
            }
        }
        return new Outcome(ExitCode.OK, tally);
    }

    /**
     * Coverage is a verdict too: a run that judged no claim attacked nothing; a claim the attack suite has an
     * attack for and that this run was expected to attack (all of them, unless narrowed on purpose) must not
     * be NOT_EXERCISED; and the attack suite must know its plan.
     */
    static Optional<Outcome> coverage(JsonNode coverage, List<VerdictsReport.Line> lines) {
        if (!lines.isEmpty() && lines.stream().allMatch(l -> VerdictKind.NOT_EXERCISED.names(l.verdict()))) {
            List<String> orphans = new ArrayList<>();
            coverage.path("orphans").forEach(o -> orphans.add(o.asText()));
            return Optional.of(new Outcome(ExitCode.COVERAGE_LOST, "nothing was attacked: every claim is " + VerdictKind.NOT_EXERCISED.label()
                    + (orphans.isEmpty() ? "" : " (the attacks' claims are not in this threat model: " + String.join(", ", orphans) + ")")));
        }
        if (coverage.path("required").asBoolean(false) && !coverage.path("plan").asText().equals("known")) {
            return Optional.of(new Outcome(ExitCode.HARNESS_ERROR, "the attack suite's plan is unknown (" + coverage.path("plan").asText()
                    + "), so lost coverage could not be told"));
        }
        Set<String> exercised = lines.stream().filter(l -> !VerdictKind.NOT_EXERCISED.names(l.verdict())).map(VerdictsReport.Line::id).collect(Collectors.toSet());
        List<String> lost = new ArrayList<>();
        coverage.path("expected").forEach(id -> {
            if (!exercised.contains(id.asText())) {
                lost.add(id.asText()); // not exercised, or missing from the verdicts altogether
            }
        });
        if (!lost.isEmpty()) {
            String narrowed = coverage.path("narrowedBy").asText("");
            return Optional.of(new Outcome(ExitCode.COVERAGE_LOST, lost.size() + " claim(s) with an attack were not exercised"
                    + (narrowed.isEmpty() ? "" : " although " + narrowed + " selected them") + ": " + String.join(", ", lost)));
        }
        return Optional.empty();
    }

    /**
     * Whether an INCONCLUSIVE claim passes as not applicable to this kind of target: its reason says so and so
     * does every undecided CLAIM part written with it (a report whose claim reason came from its first part only
     * is caught by its parts).
     */
    static boolean notApplicable(VerdictsReport.Line line) {
        return NOT_APPLICABLE.equals(line.reason()) && hiddenUndecided(line).isEmpty();
    }

    /** The CLAIM parts of a line that are INCONCLUSIVE for a reason other than not-applicable-on-target. */
    private static List<VerdictsReport.Part> hiddenUndecided(VerdictsReport.Line line) {
        return line.parts().stream().filter(p -> p.role().equals(PartRole.CLAIM.name()) && VerdictKind.INCONCLUSIVE.names(p.verdict())
                && !NOT_APPLICABLE.equals(p.reasonOrLabelled())).toList();
    }

    /** {@code T-003 (timeout)}, or for a claim written as not applicable with a part that is not: what that part says. */
    private static String undecided(VerdictsReport.Line line) {
        List<VerdictsReport.Part> hidden = hiddenUndecided(line);
        if (!NOT_APPLICABLE.equals(line.reason()) || hidden.isEmpty()) {
            return line.id() + " (" + line.reason() + ")";
        }
        return line.id() + " (" + hidden.stream().map(p -> "part '" + p.name() + "' " + p.reasonOrLabelled()).collect(Collectors.joining(", "))
                + ", written as " + NOT_APPLICABLE + ")";
    }

    private static Map<String, Integer> printVerdicts(List<VerdictsReport.Line> lines, PrintWriter out) {
        out.println();
        out.println("gjallarhorn verdicts (" + lines.size() + " claims)");
        out.println(String.format("%-34s %-10s %s", "claim", "claimed", "verdict"));
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (VerdictsReport.Line line : lines) {
            out.println(String.format("%-34s %-10s %s", line.id(), line.claimed(), line.label())
                    + (VerdictKind.NOT_EXERCISED.names(line.verdict()) ? "" : "  - " + shorten(line.observed())));
            counts.merge(line.verdict(), 1, Integer::sum);
        }
        out.println(counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().toLowerCase(Locale.ROOT).replace('_', ' '))
                .reduce((a, b) -> a + ", " + b).orElse("no claims"));
        return counts;
    }

    private static void printDiff(VerdictDiff.Result d, PrintWriter out) {
        out.println(VerdictDiff.summary(d));
        if (d.comparable()) {
            d.changes().stream().filter(c -> c.direction() != VerdictDiff.Direction.UNCHANGED)
                    .forEach(c -> out.println(String.format("  %-20s %-34s %s -> %s%s", c.direction(), c.id(),
                            c.before() == null ? "(never decided)" : c.before(), c.after(),
                            c.inconclusiveStreak() > 1 ? " (" + c.inconclusiveStreak() + " runs in a row)" : "")));
        }
    }

    private static void printWhereReportsAre(Path reports, PrintWriter out) {
        List<String> written = new ArrayList<>();
        for (String name : List.of(VerdictsReport.FILE, VerdictsMarkdown.FILE, "register.patch", SarifReport.FILE, VerdictDiff.MD_FILE, "allure-report/index.html")) {
            if (Files.isRegularFile(reports.resolve(name))) {
                written.add(reports.resolve(name).toString());
            }
        }
        out.println("reports: " + String.join(", ", written)
                + (Files.isRegularFile(reports.resolve("allure-report/index.html")) ? " (serve the Allure report over HTTP: mvn allure:serve)" : ""));
        out.flush();
    }

    private static String more(List<String> items) {
        return items.size() > 1 ? " (and " + (items.size() - 1) + " more, see run.json)" : "";
    }

    private static List<String> ids(List<VerdictsReport.Line> lines, VerdictKind verdict) {
        return new ArrayList<>(lines.stream().filter(l -> verdict.names(l.verdict())).map(VerdictsReport.Line::id).toList());
    }

    private static String shorten(String text) {
        return Redactor.cut(text, 107, "...");
    }
}
