package dev.gjallarhorn.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.HarnessError;
import dev.gjallarhorn.verdict.VerdictKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The directional difference between each claim's <em>last decided</em> verdict (last-known-good: HOLDS, STALE
 * or CONTRADICTED, from the run history or a baseline file) and this run's, keyed by claim id: what got worse,
 * what got fixed, what is still broken, what flaps. An outage night (everything INCONCLUSIVE) never becomes
 * the baseline, so the night after it compares with the last night that decided. Written as
 * {@code reports/diff.json} and {@code reports/diff.md}.
 */
public final class VerdictDiff {

    public static final String JSON_FILE = "diff.json";
    public static final String MD_FILE = "diff.md";
    /** How many decided verdicts (this run's included) are looked at to call a claim flapping. */
    public static final int FLAP_WINDOW = 5;

    /** How a claim moved between its last decided verdict and this run. */
    public enum Direction {
        /** Contradicted now, not at its last decided verdict (or never decided before). */
        NEW_REGRESSION,
        /** Contradicted at its last decided verdict, holds (or is stale) now. */
        FIXED_SINCE_LAST,
        STILL_CONTRADICTED,
        /** Its decided verdict went back and forth between contradicted and not at least twice in the last {@value #FLAP_WINDOW} decisions. */
        FLAPPING,
        /** Inconclusive now for the first run in a row: a check lost its footing. */
        NEWLY_INCONCLUSIVE,
        /** Inconclusive for more than one run in a row (see the streak). */
        STILL_INCONCLUSIVE,
        UNCHANGED,
        /** Any other move, e.g. HOLDS to STALE, or a decided claim not exercised this run. */
        CHANGED
    }

    /**
     * One claim: its last decided verdict before this run ({@code before}, null if never decided), this run's
     * label, the direction, how many runs in a row it has been INCONCLUSIVE (this one included) and when it
     * was last decided and first seen.
     */
    public record Change(String id, String before, String after, Direction direction, int inconclusiveStreak,
                         String lastDecidedRun, String lastDecidedAt, String firstSeen) {

        public Change(String id, String before, String after, Direction direction) {
            this(id, before, after, direction, 0, null, null, null);
        }

        /** A contradiction the nightly policy fails on: new since the last decided verdict, or flapping into it. */
        public boolean isRegression() {
            return direction == Direction.NEW_REGRESSION || direction == Direction.FLAPPING && VerdictKind.CONTRADICTED.names(after);
        }
    }

    /**
     * The comparison; {@code comparable} is false when the baseline is another target's. {@code overBudget}
     * are the claims INCONCLUSIVE for {@code budget} runs in a row or more (not-applicable-on-target aside).
     */
    public record Result(boolean comparable, String baselineTarget, String baselineRun, List<Change> changes, int budget, List<String> overBudget) {
        public Result(boolean comparable, String baselineTarget, String baselineRun, List<Change> changes) {
            this(comparable, baselineTarget, baselineRun, changes, 0, List.of());
        }

        public List<Change> with(Direction direction) {
            return changes.stream().filter(c -> c.direction() == direction).toList();
        }

        /**
         * Claims contradicted since their last decided verdict (or flapping into it). Without a comparable history
         * (a first run, another target's baseline) nothing is known to have held before, so every contradicted
         * claim counts: a lost history never turns a contradiction green.
         */
        public List<String> regressions() {
            return comparable ? changes.stream().filter(Change::isRegression).map(Change::id).toList()
                    : changes.stream().filter(c -> VerdictKind.CONTRADICTED.names(c.after())).map(Change::id).toList();
        }
    }

    private VerdictDiff() {
    }

    /** The move between two labels alone (no streak, no flapping window): what a single baseline file can tell. */
    public static Direction classify(String before, String after) {
        return classify(before, after, VerdictKind.INCONCLUSIVE.names(after) && !VerdictKind.INCONCLUSIVE.names(before) ? 1 : 2, List.of());
    }

    /**
     * The move from the last decided verdict to this run's label, given this run's inconclusive streak and the
     * claim's recent decided labels (oldest first, this run's included when it decided).
     */
    public static Direction classify(String lastDecided, String now, int inconclusiveStreak, List<String> recentDecided) {
        VerdictKind after = VerdictKind.ofLabel(now).orElse(null);
        boolean wasContradicted = VerdictKind.CONTRADICTED.names(lastDecided);
        if (after == VerdictKind.INCONCLUSIVE) {
            return inconclusiveStreak <= 1 ? Direction.NEWLY_INCONCLUSIVE : Direction.STILL_INCONCLUSIVE;
        }
        boolean flapping = flips(recentDecided) >= 2;
        if (after == VerdictKind.CONTRADICTED) {
            return wasContradicted ? Direction.STILL_CONTRADICTED : flapping ? Direction.FLAPPING : Direction.NEW_REGRESSION;
        }
        if (wasContradicted && (after == VerdictKind.HOLDS || after == VerdictKind.STALE)) {
            return flapping ? Direction.FLAPPING : Direction.FIXED_SINCE_LAST;
        }
        if (lastDecided == null) {
            return after == VerdictKind.NOT_EXERCISED ? Direction.UNCHANGED : Direction.CHANGED;
        }
        return now.equals(lastDecided) ? Direction.UNCHANGED : Direction.CHANGED;
    }

    /** How often the decided labels switch between contradicted and not contradicted. */
    static int flips(List<String> decided) {
        int flips = 0;
        for (int i = 1; i < decided.size(); i++) {
            boolean a = VerdictKind.CONTRADICTED.names(decided.get(i - 1));
            boolean b = VerdictKind.CONTRADICTED.names(decided.get(i));
            flips += a != b ? 1 : 0;
        }
        return flips;
    }

    public static String verdictOf(String label) {
        if (label == null) {
            return null;
        }
        int paren = label.indexOf('(');
        return paren < 0 ? label : label.substring(0, paren);
    }

    /** Whether a label is a decided verdict (one that can serve as last-known-good). */
    public static boolean decided(String label) {
        return VerdictKind.decidedLabel(label);
    }

    /** Claim id to label, as a verdicts.json lists them. */
    public static Map<String, String> labels(JsonNode verdicts) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (JsonNode claim : verdicts.path("claims")) {
            labels.put(claim.path("id").asText(), claim.path("label").asText());
        }
        return labels;
    }

    public static void write(Path reports, Result result) {
        write(reports, result, "");
    }

    /** Writes diff.json (naming the run it belongs to, so the exit gate never pairs it with another run's verdicts) and diff.md. */
    public static void write(Path reports, Result result, String runId) {
        ObjectNode root = VerdictsReport.JSON.createObjectNode();
        root.put("run", runId);
        root.put("comparable", result.comparable());
        root.put("baselineTarget", result.baselineTarget());
        root.put("baselineRun", result.baselineRun());
        root.put("inconclusiveBudget", result.budget());
        ArrayNode over = root.putArray("overBudget");
        result.overBudget().forEach(over::add);
        ArrayNode changes = root.putArray("changes");
        for (Change c : result.changes()) {
            ObjectNode node = changes.addObject();
            node.put("id", c.id());
            node.put("before", c.before());
            node.put("after", c.after());
            node.put("direction", c.direction().name());
            node.put("inconclusiveStreak", c.inconclusiveStreak());
            node.put("lastDecidedRun", c.lastDecidedRun());
            node.put("lastDecidedAt", c.lastDecidedAt());
            node.put("firstSeen", c.firstSeen());
        }
        StringBuilder md = new StringBuilder("# Verdicts since the last decided run\n\n");
        md.append(summary(result)).append("\n\n");
        if (result.comparable()) {
            md.append("Each claim is compared with its last decided verdict (" + VerdictKind.HOLDS.label() + ", " + VerdictKind.STALE.label()
                    + " or " + VerdictKind.CONTRADICTED.label() + "), so a night on which the"
                    + " target could not be judged is never the baseline.\n\n");
            md.append("| Claim | Last decided | Now | Direction | Inconclusive runs in a row |\n|---|---|---|---|---|\n");
            for (Change c : result.changes()) {
                if (c.direction() != Direction.UNCHANGED) {
                    md.append("| ").append(c.id()).append(" | ").append(c.before() == null ? "(never decided)" : c.before()
                                    + (c.lastDecidedAt() == null ? "" : " (" + c.lastDecidedAt() + ")")).append(" | ")
                            .append(c.after()).append(" | ").append(c.direction()).append(" | ")
                            .append(c.inconclusiveStreak() == 0 ? "" : Integer.toString(c.inconclusiveStreak())).append(" |\n");
                }
            }
        }
        if (!result.overBudget().isEmpty()) {
            md.append("\n**" + VerdictKind.INCONCLUSIVE.label() + " for ").append(result.budget()).append(" runs in a row or more:** ")
                    .append(String.join(", ", result.overBudget())).append('\n');
        }
        try {
            Files.writeString(reports.resolve(JSON_FILE), VerdictsReport.JSON.writeValueAsString(root));
            Files.writeString(reports.resolve(MD_FILE), md.toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the diff to " + reports, e);
        }
    }

    public static String summary(Result result) {
        if (!result.comparable() && result.baselineTarget().isEmpty()) {
            return result.baselineRun() + " (every contradicted claim counts as new)";
        }
        if (!result.comparable()) {
            return "baseline " + result.baselineRun() + " attacked " + result.baselineTarget() + ", not this target: not compared"
                    + " (every contradicted claim counts as new)";
        }
        List<String> parts = new ArrayList<>();
        for (Direction d : Direction.values()) {
            int n = result.with(d).size();
            if (n > 0) {
                parts.add(n + " " + d);
            }
        }
        return "since " + result.baselineRun() + ": " + (parts.isEmpty() ? "nothing to compare" : String.join(", ", parts));
    }

    /** The run a written diff.json belongs to ("" when it names none). */
    public static String runOf(Path reports) {
        Path file = reports.resolve(JSON_FILE);
        return Files.isRegularFile(file) ? ReportFiles.readJson(file, "a gjallarhorn verdict diff").path("run").asText("") : "";
    }

    /** Reads a written diff back, for the exit gate; a file that cannot be read is a harness error, one line. */
    public static Optional<Result> read(Path reports) {
        Path file = reports.resolve(JSON_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode root = VerdictsReport.JSON.readTree(file.toFile());
            List<Change> changes = new ArrayList<>();
            for (JsonNode c : root.path("changes")) {
                changes.add(new Change(c.path("id").asText(), text(c.path("before")), c.path("after").asText(),
                        Direction.valueOf(c.path("direction").asText()), c.path("inconclusiveStreak").asInt(0),
                        text(c.path("lastDecidedRun")), text(c.path("lastDecidedAt")), text(c.path("firstSeen"))));
            }
            List<String> over = new ArrayList<>();
            root.path("overBudget").forEach(n -> over.add(n.asText()));
            return Optional.of(new Result(root.path("comparable").asBoolean(), root.path("baselineTarget").asText(),
                    root.path("baselineRun").asText(), changes, root.path("inconclusiveBudget").asInt(0), over));
        } catch (IOException | IllegalArgumentException e) {
            throw new HarnessError(ExitCode.HARNESS_ERROR, file + " cannot be read as a verdict diff (" + ReportFiles.oneLine(e) + ")", e);
        }
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}
