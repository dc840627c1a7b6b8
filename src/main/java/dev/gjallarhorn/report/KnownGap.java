package dev.gjallarhorn.report;

import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.verdict.VerdictKind;
import java.util.Optional;

/**
 * A known gap: a claim the register itself calls open (status Gap, or a control in "Controls That Do Not Exist")
 * whose attack got through in this run, so the verdict HOLDS. It passes like any claim that holds (the register
 * told the truth), but the reports never show it as a control that works: Allure puts it in the category
 * "Known gap (confirmed)" with the tag {@code known-gap}, and verdicts.md writes {@code HOLDS (known gap)}.
 */
public final class KnownGap {

    /** The Allure tag a confirmed gap carries. */
    public static final String TAG = "known-gap";

    private KnownGap() {
    }

    public static boolean confirmed(Claim claim, VerdictKind verdict) {
        return verdict == VerdictKind.HOLDS && claim.status().predicts().equals(Optional.of(Outcome.SUCCEEDED));
    }
}
