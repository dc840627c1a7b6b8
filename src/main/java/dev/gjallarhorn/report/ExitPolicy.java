package dev.gjallarhorn.report;

import dev.gjallarhorn.ExitCode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The end of an attack run: one line per claim (id, claimed status, verdict), a count, and the exit.
 * A harness error recorded by the run ends it with that error's own code and one line. Otherwise any
 * CONTRADICTED claim fails the run; with {@code strict}, so does any STALE or INCONCLUSIVE one.
 */
public final class ExitPolicy {

    private ExitPolicy() {
    }

    /** What fails a run besides harness errors and leaks. */
    public enum FailOn {
        /** Any CONTRADICTED claim (the default: a contradicted claim is a finding). */
        CONTRADICTED,
        /** Only claims contradicted now and not in the baseline: for nightly runs against a known-flawed target. */
        REGRESSIONS;

        public static FailOn of(String value) {
            return value == null || value.isBlank() ? CONTRADICTED : valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }

    public static Outcome apply(Path reports, boolean strict, PrintWriter out) {
        return apply(reports, strict, FailOn.CONTRADICTED, out);
    }

    /** The outcome: the exit code and the one line that explains it. */
    public record Outcome(ExitCode exit, String line) {
    }

    public static Outcome apply(Path reports, boolean strict, FailOn failOn, PrintWriter out) {
        Optional<RunReport.HarnessFailure> failure = RunReport.harnessFailure(reports);
        Path verdicts = reports.resolve(VerdictsReport.FILE);
        if (failure.isPresent() && !Files.isRegularFile(verdicts)) {
            return new Outcome(failure.get().exit(), failure.get().message());
        }
        if (!Files.isRegularFile(verdicts)) {
            return new Outcome(ExitCode.INTERNAL, "no " + verdicts + ": the attack suite did not run or did not finish");
        }
        List<VerdictsReport.Line> lines = VerdictsReport.read(verdicts);
        out.println();
        out.println("gjallarhorn verdicts (" + lines.size() + " claims)");
        out.println(String.format("%-34s %-10s %s", "claim", "claimed", "verdict"));
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (VerdictsReport.Line line : lines) {
            out.println(String.format("%-34s %-10s %s", line.id(), line.claimed(), line.label())
                    + (line.verdict().equals("NOT_EXERCISED") ? "" : "  - " + shorten(line.observed())));
            counts.merge(line.verdict(), 1, Integer::sum);
        }
        String tally = counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().toLowerCase(Locale.ROOT).replace('_', ' '))
                .reduce((a, b) -> a + ", " + b).orElse("no claims");
        out.println(tally);
        Optional<VerdictDiff.Result> diff = VerdictDiff.read(reports);
        diff.ifPresent(d -> {
            out.println(VerdictDiff.summary(d));
            if (d.comparable()) {
                d.changes().stream().filter(c -> c.direction() != VerdictDiff.Direction.UNCHANGED)
                        .forEach(c -> out.println(String.format("  %-20s %-34s %s -> %s", c.direction(), c.id(),
                                c.before() == null ? "(new)" : c.before(), c.after())));
            }
        });
        out.println("reports: " + verdicts + ", " + reports.resolve("verdicts.md") + ", " + reports.resolve("register.patch")
                + ", " + reports.resolve("allure-report/index.html") + " (serve it over HTTP: mvn allure:serve)");
        out.flush();
        if (failure.isPresent()) {
            return new Outcome(failure.get().exit(), failure.get().message());
        }
        List<String> leaks = RunReport.leaks(reports);
        if (!leaks.isEmpty()) {
            return new Outcome(ExitCode.HYGIENE_FAILED, "a report still holds a secret: " + leaks.get(0)
                    + (leaks.size() > 1 ? " (and " + (leaks.size() - 1) + " more, see run.json)" : ""));
        }
        List<String> residue = RunReport.residue(reports);
        if (!residue.isEmpty()) {
            return new Outcome(ExitCode.HYGIENE_FAILED, "the run left something on the target: " + residue.get(0)
                    + (residue.size() > 1 ? " (and " + (residue.size() - 1) + " more, see run.json)" : ""));
        }
        List<String> regressions = diff.filter(VerdictDiff.Result::comparable)
                .map(d -> d.with(VerdictDiff.Direction.NEW_REGRESSION).stream().map(VerdictDiff.Change::id).toList()).orElse(List.of());
        List<String> contradicted = ids(lines, "CONTRADICTED");
        if (failOn == FailOn.REGRESSIONS && !regressions.isEmpty()) {
            return new Outcome(ExitCode.CLAIMS_FAILED, regressions.size() + " NEW_REGRESSION(s) since the baseline: " + String.join(", ", regressions));
        }
        if (failOn == FailOn.CONTRADICTED && !contradicted.isEmpty()) {
            return new Outcome(ExitCode.CLAIMS_FAILED, contradicted.size() + " claim(s) CONTRADICTED: " + String.join(", ", contradicted)
                    + (regressions.isEmpty() ? "" : "; new since the baseline: " + String.join(", ", regressions)));
        }
        if (strict) {
            List<String> loose = ids(lines, "STALE");
            loose.addAll(ids(lines, "INCONCLUSIVE"));
            if (!loose.isEmpty()) {
                return new Outcome(ExitCode.CLAIMS_FAILED, "strict: " + loose.size() + " claim(s) STALE or INCONCLUSIVE: " + String.join(", ", loose));
            }
        }
        return new Outcome(ExitCode.OK, tally);
    }

    private static List<String> ids(List<VerdictsReport.Line> lines, String verdict) {
        return new java.util.ArrayList<>(lines.stream().filter(l -> l.verdict().equals(verdict)).map(VerdictsReport.Line::id).toList());
    }

    private static String shorten(String text) {
        return text.length() > 110 ? text.substring(0, 107) + "..." : text;
    }
}
