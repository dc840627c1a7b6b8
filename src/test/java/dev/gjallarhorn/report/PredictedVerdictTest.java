package dev.gjallarhorn.report;

import static dev.gjallarhorn.claims.ClaimedStatus.ABSENT;
import static dev.gjallarhorn.claims.ClaimedStatus.EXISTS;
import static dev.gjallarhorn.claims.ClaimedStatus.FIXED;
import static dev.gjallarhorn.claims.ClaimedStatus.GAP;
import static dev.gjallarhorn.claims.ClaimedStatus.MITIGATED;
import static dev.gjallarhorn.claims.ClaimedStatus.PARTIAL;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The same observations judged under the base document's wording, by the judge's rules. */
class PredictedVerdictTest {

    @Test
    void aGapClaimedClosedIsContradictedWhenTheAttackStillGetsThrough() {
        assertThat(PredictedVerdict.under(GAP, MITIGATED, "CONTRADICTED")).contains("HOLDS");
        assertThat(PredictedVerdict.under(MITIGATED, GAP, "HOLDS")).contains("CONTRADICTED");
    }

    @Test
    void aStoppedAttackReadsStaleUnderAGapAndHoldsUnderAControl() {
        assertThat(PredictedVerdict.under(GAP, FIXED, "HOLDS")).contains("STALE");
        assertThat(PredictedVerdict.under(EXISTS, ABSENT, "STALE")).contains("HOLDS");
    }

    @Test
    void wordingsThatPredictTheSameKeepTheVerdictAndPartialCannotBeTold() {
        assertThat(PredictedVerdict.under(FIXED, MITIGATED, "CONTRADICTED")).contains("CONTRADICTED");
        assertThat(PredictedVerdict.under(GAP, MITIGATED, "INCONCLUSIVE(timeout)")).contains("INCONCLUSIVE(timeout)");
        assertThat(PredictedVerdict.under(PARTIAL, MITIGATED, "HOLDS")).isEmpty();
    }
}
