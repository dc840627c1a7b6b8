package dev.gjallarhorn.report;

import dev.gjallarhorn.claims.ClaimedStatus;
import java.util.Optional;

/**
 * The verdict a claim would get under another claimed status, from the verdict it got under this one, by the
 * judge's rules (one attack that got through decides; all stopped is the other outcome). Fixed, Mitigated and
 * Exists say the attack is stopped; Gap and Absent say it works. Between two statuses that say the same, the
 * verdict is the same; across them, CONTRADICTED (an attack got through) reads HOLDS under a Gap, HOLDS (all
 * stopped) reads STALE, and the other way round. A Partial claim is judged part by part, so a change to or from
 * Partial has no prediction; INCONCLUSIVE and NOT_EXERCISED stay what they are.
 */
public final class PredictedVerdict {

    private PredictedVerdict() {
    }

    /** The verdict (HOLDS, CONTRADICTED, STALE, or the label as given) {@code other} would get; empty when it cannot be told. */
    public static Optional<String> under(ClaimedStatus other, ClaimedStatus observedUnder, String verdict) {
        if (other == ClaimedStatus.PARTIAL || observedUnder == ClaimedStatus.PARTIAL) {
            return Optional.empty();
        }
        if (!verdict.equals("HOLDS") && !verdict.equals("CONTRADICTED") && !verdict.equals("STALE")) {
            return Optional.of(verdict);
        }
        if (stops(other) == stops(observedUnder)) {
            return Optional.of(verdict);
        }
        boolean gotThrough = stops(observedUnder) ? verdict.equals("CONTRADICTED") : verdict.equals("HOLDS");
        if (stops(other)) {
            return Optional.of(gotThrough ? "CONTRADICTED" : "HOLDS");
        }
        return Optional.of(gotThrough ? "HOLDS" : "STALE");
    }

    private static boolean stops(ClaimedStatus status) {
        return status == ClaimedStatus.FIXED || status == ClaimedStatus.MITIGATED || status == ClaimedStatus.EXISTS;
    }
}
