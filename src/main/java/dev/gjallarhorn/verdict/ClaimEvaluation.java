package dev.gjallarhorn.verdict;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one scenario observed for one claim: its parts, a one-line summary of what it saw, the
 * evidence files it wrote (already redacted), when it ran, and labels: short facts to group and filter by, e.g.
 * {@code stoppedBy.exec-elevated = sandbox} (which layer stopped an attack), written to {@code verdicts.json}.
 */
public record ClaimEvaluation(String claimId, List<PartEvaluation> parts, String observed, List<Path> evidence,
                              Instant startedAt, Duration elapsed, Map<String, String> labels) {

    public ClaimEvaluation {
        Objects.requireNonNull(claimId, "claimId");
        parts = List.copyOf(parts);
        observed = observed == null ? "" : observed;
        evidence = List.copyOf(evidence);
        labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
    }

    /** An evaluation without labels. */
    public ClaimEvaluation(String claimId, List<PartEvaluation> parts, String observed, List<Path> evidence, Instant startedAt, Duration elapsed) {
        this(claimId, parts, observed, evidence, startedAt, elapsed, Map.of());
    }
}
