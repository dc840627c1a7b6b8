package dev.gjallarhorn.verdict;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything one scenario observed for one claim: its parts, a one-line summary of what it saw, the
 * evidence files it wrote (already redacted) and when it ran.
 */
public record ClaimEvaluation(String claimId, List<PartEvaluation> parts, String observed, List<Path> evidence,
                              Instant startedAt, Duration elapsed) {

    public ClaimEvaluation {
        Objects.requireNonNull(claimId, "claimId");
        parts = List.copyOf(parts);
        observed = observed == null ? "" : observed;
        evidence = List.copyOf(evidence);
    }
}
