package dev.gjallarhorn.report;

import dev.gjallarhorn.claims.ClaimedStatus;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.verdict.VerdictKind;
import java.util.Optional;

/**
 * The verdict a claim would get under another claimed status, from the verdict it got under this one, by the
 * judge's rules (one attack that got through decides; all stopped is the other outcome). What each status predicts
 * is {@link ClaimedStatus#predicts()}. Between two statuses that predict the same, the verdict is the same; across
 * them, CONTRADICTED (an attack got through) reads HOLDS under a Gap, HOLDS (all stopped) reads STALE, and the other
 * way round. A Partial claim is judged part by part, so a change to or from Partial has no prediction; INCONCLUSIVE
 * and NOT_EXERCISED stay what they are.
 */
public final class PredictedVerdict {

    private PredictedVerdict() {
    }

    /** The verdict label (HOLDS, CONTRADICTED, STALE, or the label as given) {@code other} would get; empty when it cannot be told. */
    public static Optional<String> under(ClaimedStatus other, ClaimedStatus observedUnder, String verdict) {
        if (other.predicts().isEmpty() || observedUnder.predicts().isEmpty()) {
            return Optional.empty();
        }
        Optional<VerdictKind> kind = VerdictKind.ofLabel(verdict).filter(k -> k.decided() && k.label().equals(verdict));
        if (kind.isEmpty() || other.predicts().equals(observedUnder.predicts())) {
            return Optional.of(verdict);
        }
        boolean stoppedClaimed = observedUnder.predicts().get() == Outcome.BLOCKED;
        boolean gotThrough = kind.get() == (stoppedClaimed ? VerdictKind.CONTRADICTED : VerdictKind.HOLDS);
        if (!stoppedClaimed) {
            return Optional.of((gotThrough ? VerdictKind.CONTRADICTED : VerdictKind.HOLDS).label());
        }
        return Optional.of((gotThrough ? VerdictKind.HOLDS : VerdictKind.STALE).label());
    }
}
