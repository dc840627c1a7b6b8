package dev.gjallarhorn.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The directional difference between a baseline run and this one, keyed by claim id: what got worse, what
 * got fixed, what is still broken. A baseline from a different target is not compared (nothing is called a
 * regression across targets). Written as {@code reports/diff.json} and {@code reports/diff.md}.
 */
public final class VerdictDiff {

    public static final String JSON_FILE = "diff.json";
    public static final String MD_FILE = "diff.md";

    /** How a claim moved between the baseline and this run. */
    public enum Direction {
        /** Contradicted now, not before (or not in the baseline at all). */
        NEW_REGRESSION,
        /** Contradicted before, holds (or is stale) now. */
        FIXED_SINCE_LAST,
        STILL_CONTRADICTED,
        /** Inconclusive now, not before: a check lost its footing. */
        NEWLY_INCONCLUSIVE,
        UNCHANGED,
        /** Any other move, e.g. HOLDS to STALE, or a claim no longer exercised. */
        CHANGED
    }

    public record Change(String id, String before, String after, Direction direction) {
    }

    /** The comparison; {@code comparable} is false when the baseline ran against another target. */
    public record Result(boolean comparable, String baselineTarget, String baselineRun, List<Change> changes) {
        public List<Change> with(Direction direction) {
            return changes.stream().filter(c -> c.direction() == direction).toList();
        }
    }

    private VerdictDiff() {
    }

    public static Direction classify(String before, String after) {
        boolean wasContradicted = "CONTRADICTED".equals(verdictOf(before));
        boolean isContradicted = "CONTRADICTED".equals(verdictOf(after));
        if (isContradicted) {
            return wasContradicted ? Direction.STILL_CONTRADICTED : Direction.NEW_REGRESSION;
        }
        if ("INCONCLUSIVE".equals(verdictOf(after)) && !"INCONCLUSIVE".equals(verdictOf(before))) {
            return Direction.NEWLY_INCONCLUSIVE;
        }
        if (wasContradicted && ("HOLDS".equals(after) || "STALE".equals(after))) {
            return Direction.FIXED_SINCE_LAST;
        }
        return after.equals(before) ? Direction.UNCHANGED : Direction.CHANGED;
    }

    private static String verdictOf(String label) {
        if (label == null) {
            return null;
        }
        int paren = label.indexOf('(');
        return paren < 0 ? label : label.substring(0, paren);
    }

    /** Compares this run's verdict file with a baseline verdict file; empty when there is no baseline. */
    public static Optional<Result> compare(Path baseline, Path current) {
        if (baseline == null || !Files.isRegularFile(baseline)) {
            return Optional.empty();
        }
        try {
            JsonNode before = VerdictsReport.JSON.readTree(baseline.toFile());
            JsonNode after = VerdictsReport.JSON.readTree(current.toFile());
            String beforeTarget = before.path("run").path("target").asText("");
            String afterTarget = after.path("run").path("target").asText("");
            Map<String, String> was = labels(before);
            List<Change> changes = new ArrayList<>();
            for (Map.Entry<String, String> now : labels(after).entrySet()) {
                String previous = was.get(now.getKey());
                changes.add(new Change(now.getKey(), previous, now.getValue(), classify(previous, now.getValue())));
            }
            return Optional.of(new Result(beforeTarget.equals(afterTarget), beforeTarget, before.path("run").path("id").asText(""), changes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compare " + baseline + " with " + current, e);
        }
    }

    private static Map<String, String> labels(JsonNode verdicts) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (JsonNode claim : verdicts.path("claims")) {
            labels.put(claim.path("id").asText(), claim.path("label").asText());
        }
        return labels;
    }

    public static void write(Path reports, Result result) {
        ObjectNode root = VerdictsReport.JSON.createObjectNode();
        root.put("comparable", result.comparable());
        root.put("baselineTarget", result.baselineTarget());
        root.put("baselineRun", result.baselineRun());
        ArrayNode changes = root.putArray("changes");
        for (Change c : result.changes()) {
            ObjectNode node = changes.addObject();
            node.put("id", c.id());
            node.put("before", c.before());
            node.put("after", c.after());
            node.put("direction", c.direction().name());
        }
        StringBuilder md = new StringBuilder("# Verdicts since the last run\n\n");
        md.append(summary(result)).append("\n\n");
        if (result.comparable()) {
            md.append("| Claim | Before | Now | Direction |\n|---|---|---|---|\n");
            for (Change c : result.changes()) {
                if (c.direction() != Direction.UNCHANGED) {
                    md.append("| ").append(c.id()).append(" | ").append(c.before() == null ? "(new)" : c.before()).append(" | ")
                            .append(c.after()).append(" | ").append(c.direction()).append(" |\n");
                }
            }
        }
        try {
            Files.writeString(reports.resolve(JSON_FILE), VerdictsReport.JSON.writeValueAsString(root));
            Files.writeString(reports.resolve(MD_FILE), md.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the diff to " + reports, e);
        }
    }

    public static String summary(Result result) {
        if (!result.comparable()) {
            return "baseline run " + result.baselineRun() + " attacked " + result.baselineTarget() + ", not this target: not compared";
        }
        Map<Direction, Integer> counts = new LinkedHashMap<>();
        for (Direction d : Direction.values()) {
            counts.put(d, result.with(d).size());
        }
        StringBuilder s = new StringBuilder("since run " + result.baselineRun() + ": ");
        List<String> parts = new ArrayList<>();
        counts.forEach((d, n) -> {
            if (n > 0) {
                parts.add(n + " " + d);
            }
        });
        return s.append(String.join(", ", parts)).toString();
    }

    /** Reads a written diff back, for the gate. */
    public static Optional<Result> read(Path reports) {
        Path file = reports.resolve(JSON_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode root = VerdictsReport.JSON.readTree(file.toFile());
            List<Change> changes = new ArrayList<>();
            for (JsonNode c : root.path("changes")) {
                changes.add(new Change(c.path("id").asText(), c.path("before").isNull() ? null : c.path("before").asText(),
                        c.path("after").asText(), Direction.valueOf(c.path("direction").asText())));
            }
            return Optional.of(new Result(root.path("comparable").asBoolean(), root.path("baselineTarget").asText(),
                    root.path("baselineRun").asText(), changes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
