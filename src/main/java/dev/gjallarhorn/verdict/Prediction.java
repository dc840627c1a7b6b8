package dev.gjallarhorn.verdict;

import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.probe.Outcome;

/**
 * What a claim says its attacks come to. Fixed, Mitigated and an existing control say the attack is
 * stopped; a Gap and an absent control say it works (so it "holds" when the attack succeeds). A Partial
 * claim says both, part by part, so its scenario names the prediction of each part itself.
 */
public final class Prediction {

    private Prediction() {
    }

    public static Outcome forClaim(Claim claim) {
        return switch (claim.status()) {
            case FIXED, MITIGATED, EXISTS -> Outcome.BLOCKED;
            case GAP, ABSENT -> Outcome.SUCCEEDED;
            case PARTIAL -> throw new IllegalArgumentException(claim.id()
                    + " is Partial: a scenario names what each of its parts predicts");
        };
    }
}
