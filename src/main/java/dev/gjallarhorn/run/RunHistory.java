package dev.gjallarhorn.run;

import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.verdict.VerdictKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gjallarhorn.report.ReportFiles;
import dev.gjallarhorn.report.VerdictDiff;
import dev.gjallarhorn.report.VerdictDiff.Change;
import dev.gjallarhorn.report.VerdictDiff.Direction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code reports/history.json}: per target and per claim, what the runs so far decided — when the claim was first
 * seen, its last <em>decided</em> verdict (HOLDS, STALE or CONTRADICTED: last-known-good) with its run and time,
 * its recent decided verdicts (for flapping) and how many runs in a row it has been INCONCLUSIVE. The file stays
 * in the reports folder from run to run (a nightly job carries it between nights); each run compares itself
 * with it ({@link VerdictDiff}) and then adds itself.
 *
 * <p>Shape: {@code {"schema":1,"targets":{TARGET:{"runs":[{"id","at"}…],"claims":{ID:{"firstSeen",
 * "lastLabel","lastDecided":{"label","run","at"},"recentDecided":[…],"inconclusiveStreak":n}},"secrets":{NAME:{"fingerprint",
 * "since","lastSeen","machine"}}}}}} (secret values only as keyed fingerprints under a key kept outside the reports,
 * see {@link SecretFingerprints}).
 */
public final class RunHistory {

    public static final String FILE = "history.json";
    private static final int RUNS_KEPT = 100;
    private static final String NOT_APPLICABLE = VerdictKind.INCONCLUSIVE.label(Optional.of(Reason.NOT_APPLICABLE_ON_TARGET));
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunHistory() {
    }

    /**
     * Compares this run's labels (claim id to label, in the document's order) with the history of the same
     * target, or with {@code baselineFile} where one is named, then adds this run to the history.
     *
     * @param budget runs in a row after which an INCONCLUSIVE claim is reported over budget
     */
    public static VerdictDiff.Result record(Path reports, String target, String runId, Instant at, Map<String, String> labels,
                                            Optional<Path> baselineFile, int budget) {
        return record(reports, reports, target, runId, at, labels, baselineFile, budget, "", Map.of(), Map.of());
    }

    /** As above, also keeping the fingerprints of this run's secret values ({@link SecretFingerprints}). */
    public static VerdictDiff.Result record(Path reports, Path state, String target, String runId, Instant at, Map<String, String> labels,
                                            Optional<Path> baselineFile, int budget, String machine, Map<String, String> secrets,
                                            Map<String, SecretFingerprints.Seen> seen) {
        Update update = compare(reports, state, target, runId, at, labels, baselineFile, budget, machine, secrets, seen);
        update.write();
        return update.result();
    }

    /**
     * This run compared with the history, and the history with this run added, not yet written: a run that proves
     * nothing (an unexpected error, a leak, residue) is compared but does not become anyone's last decided verdict.
     */
    public record Update(VerdictDiff.Result result, ObjectNode root, Path file) {
        public void write() {
            RunHistory.write(file, root);
        }
    }

    /** Compares without writing; {@link Update#write()} adds the run to the history. */
    public static Update compare(Path reports, Path state, String target, String runId, Instant at, Map<String, String> labels,
                                 Optional<Path> baselineFile, int budget, String machine, Map<String, String> secrets,
                                 Map<String, SecretFingerprints.Seen> seen) {
        Path file = reports.resolve(FILE);
        ObjectNode root = Files.isRegularFile(file) ? (ObjectNode) ReportFiles.readJson(file, "a gjallarhorn run history") : JSON.createObjectNode();
        root.put("schema", 1);
        ObjectNode forTarget = root.with("targets").with(target);
        ObjectNode claims = forTarget.with("claims");
        boolean firstRun = claims.isEmpty();

        Optional<JsonNode> baseline = baselineFile.map(f -> ReportFiles.readJson(f, "a verdicts.json"));
        String baselineTarget = baseline.map(b -> b.path("run").path("target").asText("")).orElse(target);
        Map<String, String> baselineLabels = baseline.map(VerdictDiff::labels).orElse(Map.of());
        String baselineRun = baseline.map(b -> "baseline " + b.path("run").path("id").asText("?"))
                .orElse(firstRun ? "no earlier run of " + target : "the last decided run of each claim on " + target);

        List<Change> changes = new ArrayList<>();
        List<String> overBudget = new ArrayList<>();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            Change change = advance(claims.with(e.getKey()), e.getKey(), e.getValue(), runId, at, baseline, baselineLabels);
            changes.add(change);
            if (VerdictKind.INCONCLUSIVE.names(e.getValue()) && change.inconclusiveStreak() >= budget) {
                overBudget.add(e.getKey());
            }
        }
        SecretFingerprints.record(forTarget, state, machine, secrets, seen, at);
        ArrayNode runs = forTarget.withArray("runs");
        ObjectNode run = runs.addObject();
        run.put("id", runId);
        run.put("at", at.toString());
        while (runs.size() > RUNS_KEPT) {
            runs.remove(0);
        }
        if (firstRun && baseline.isEmpty()) {
            return new Update(new VerdictDiff.Result(false, "", "first run against " + target + ": nothing to compare with yet", changes, budget,
                    overBudget), root, file);
        }
        return new Update(new VerdictDiff.Result(baselineTarget.equals(target), baselineTarget, baselineRun, changes, budget, overBudget), root, file);
    }

    /**
     * Adds one claim's label of this run to its entry in the history ({@code claim}, changed in place) and says how it
     * moved from the last decided verdict: of {@code baseline}'s run where that file decided the claim, else of the
     * history. An INCONCLUSIVE label lengthens the claim's streak; a decided one or not-applicable ends it.
     */
    private static Change advance(ObjectNode claim, String id, String label, String runId, Instant at, Optional<JsonNode> baseline,
                                  Map<String, String> baselineLabels) {
        if (!claim.has("firstSeen")) {
            claim.put("firstSeen", at.toString());
        }
        String fromFile = baselineLabels.get(id);
        String lastDecided = fromFile != null && VerdictDiff.decided(fromFile) ? fromFile : text(claim.path("lastDecided").path("label"));
        String lastDecidedRun = fromFile != null && VerdictDiff.decided(fromFile) ? baseline.get().path("run").path("id").asText(null)
                : text(claim.path("lastDecided").path("run"));
        String lastDecidedAt = fromFile != null && VerdictDiff.decided(fromFile) ? baseline.get().path("run").path("finishedAt").asText(null)
                : text(claim.path("lastDecided").path("at"));

        int streak = claim.path("inconclusiveStreak").asInt(0);
        List<String> recent = new ArrayList<>();
        claim.path("recentDecided").forEach(n -> recent.add(n.asText()));
        if (VerdictDiff.decided(label)) {
            streak = 0;
            recent.add(label);
            while (recent.size() > VerdictDiff.FLAP_WINDOW) {
                recent.remove(0);
            }
            ObjectNode decided = claim.putObject("lastDecided");
            decided.put("label", label);
            decided.put("run", runId);
            decided.put("at", at.toString());
        } else if (label.equals(NOT_APPLICABLE)) {
            streak = 0; // a stable answer about the kind of target, not a failure to look
        } else if (VerdictKind.INCONCLUSIVE.names(label)) {
            streak++;
        }
        String previousLabel = text(claim.path("lastLabel"));
        Direction direction = label.equals(NOT_APPLICABLE) && label.equals(previousLabel) ? Direction.UNCHANGED
                : VerdictDiff.classify(lastDecided, label, streak, recent);
        Change change = new Change(id, lastDecided, label, direction, streak, lastDecidedRun, lastDecidedAt, claim.path("firstSeen").asText());
        claim.put("lastLabel", label);
        claim.put("inconclusiveStreak", streak);
        ArrayNode recentNode = claim.putArray("recentDecided");
        recent.forEach(recentNode::add);
        return change;
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private static void write(Path file, JsonNode root) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), ".history", ".json");
            Files.writeString(temp, JSON.writeValueAsString(root));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
