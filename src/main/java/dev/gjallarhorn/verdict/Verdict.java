package dev.gjallarhorn.verdict;

import dev.gjallarhorn.probe.Reason;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The verdict on one claim, with the verdict on each of its parts. */
public record Verdict(String claimId, VerdictKind kind, Optional<Reason> reason, String why, List<PartVerdict> parts) {

    public Verdict {
        Objects.requireNonNull(claimId, "claimId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        parts = List.copyOf(parts);
        if (kind == VerdictKind.INCONCLUSIVE && reason.isEmpty()) {
            throw new IllegalArgumentException("an inconclusive verdict needs a reason: " + claimId);
        }
    }

    public static Verdict notExercised(String claimId) {
        return new Verdict(claimId, VerdictKind.NOT_EXERCISED, Optional.empty(), "no scenario covers this claim yet", List.of());
    }

    public static Verdict inconclusive(String claimId, Reason reason, String why) {
        return new Verdict(claimId, VerdictKind.INCONCLUSIVE, Optional.of(reason), why, List.of());
    }

    /** {@code INCONCLUSIVE(timeout)}, {@code HOLDS}, … as reports write it. */
    public String label() {
        return kind.label(reason);
    }
}
