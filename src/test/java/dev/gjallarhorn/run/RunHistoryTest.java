package dev.gjallarhorn.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gjallarhorn.HarnessError;
import dev.gjallarhorn.report.VerdictDiff;
import dev.gjallarhorn.report.VerdictDiff.Direction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nightly semantics: last-known-good per claim, flapping, and the inconclusive budget, night after night. */
class RunHistoryTest {

    static final String TARGET = "lima:openclaw-sandbox";

    static Map<String, String> night(String... idLabel) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < idLabel.length; i += 2) {
            labels.put(idLabel[i], idLabel[i + 1]);
        }
        return labels;
    }

    static VerdictDiff.Result record(Path reports, int n, Map<String, String> labels) {
        return RunHistory.record(reports, TARGET, "gjh-night-" + n, Instant.parse("2026-11-0" + n + "T03:17:00Z"), labels, Optional.empty(), 3);
    }

    static Map<String, String> decidedNight() {
        return night("T-001", "HOLDS", "C-FIREWALL", "CONTRADICTED", "T-002", "HOLDS", "C-VM-ISOLATION", "INCONCLUSIVE(not-applicable-on-target)",
                "T-003", "HOLDS", "C-SYNC-GATE", "CONTRADICTED", "T-006", "HOLDS", "T-010", "HOLDS");
    }

    static Map<String, String> outageNight() {
        Map<String, String> labels = new LinkedHashMap<>();
        decidedNight().keySet().forEach(id -> labels.put(id, "INCONCLUSIVE(target-unreachable)"));
        return labels;
    }

    @Test
    void anOutageNightFollowedByAGoodNightGivesNoRegression(@TempDir Path reports) {
        record(reports, 1, decidedNight());
        VerdictDiff.Result outage = record(reports, 2, outageNight());
        assertThat(outage.with(Direction.NEWLY_INCONCLUSIVE)).hasSize(decidedNight().size());
        assertThat(outage.regressions()).isEmpty();

        VerdictDiff.Result good = record(reports, 3, decidedNight());
        assertThat(good.comparable()).isTrue();
        assertThat(good.regressions()).as("compared with the last decided night, not the outage").isEmpty();
        assertThat(good.with(Direction.NEW_REGRESSION)).isEmpty();
        assertThat(good.with(Direction.STILL_CONTRADICTED)).extracting(VerdictDiff.Change::id).containsExactly("C-FIREWALL", "C-SYNC-GATE");
        assertThat(good.changes()).filteredOn(c -> c.id().equals("T-001")).singleElement()
                .satisfies(c -> {
                    assertThat(c.before()).isEqualTo("HOLDS");
                    assertThat(c.lastDecidedRun()).isEqualTo("gjh-night-1");
                    assertThat(c.firstSeen()).isEqualTo("2026-11-01T03:17:00Z");
                });
    }

    @Test
    void aClaimThatFlipsBackAndForthIsFlappingAndFailsTheNightlyWhenContradicted(@TempDir Path reports) {
        record(reports, 1, night("T-001", "HOLDS"));
        assertThat(record(reports, 2, night("T-001", "CONTRADICTED")).with(Direction.NEW_REGRESSION)).hasSize(1);
        assertThat(record(reports, 3, night("T-001", "HOLDS")).with(Direction.FLAPPING)).hasSize(1);
        VerdictDiff.Result again = record(reports, 4, night("T-001", "CONTRADICTED"));
        assertThat(again.with(Direction.FLAPPING)).hasSize(1);
        assertThat(again.regressions()).containsExactly("T-001");
    }

    @Test
    void aClaimInconclusiveForTheBudgetIsOverBudgetButNotApplicableNeverIs(@TempDir Path reports) {
        for (int n = 1; n <= 2; n++) {
            assertThat(record(reports, n, night("T-001", "INCONCLUSIVE(oracle-blind)", "C-VM-ISOLATION", "INCONCLUSIVE(not-applicable-on-target)"))
                    .overBudget()).isEmpty();
        }
        VerdictDiff.Result third = record(reports, 3, night("T-001", "INCONCLUSIVE(oracle-blind)", "C-VM-ISOLATION", "INCONCLUSIVE(not-applicable-on-target)"));
        assertThat(third.overBudget()).containsExactly("T-001");
        assertThat(third.changes().get(0).inconclusiveStreak()).isEqualTo(3);
        VerdictDiff.Result fourth = record(reports, 4, night("T-001", "HOLDS", "C-VM-ISOLATION", "INCONCLUSIVE(not-applicable-on-target)"));
        assertThat(fourth.overBudget()).isEmpty();
        assertThat(fourth.changes().get(1).direction()).as("the same not-applicable answer again is no news").isEqualTo(Direction.UNCHANGED);
    }

    /** Issue 20: a not-applicable label that now shows the probe error it used to hide is news, and counts towards the budget. */
    @Test
    void aNotApplicableClaimThatTurnsOutToHaveAProbeErrorIsNewlyInconclusive(@TempDir Path reports) {
        record(reports, 1, night("T-006", "INCONCLUSIVE(not-applicable-on-target)"));
        VerdictDiff.Result second = record(reports, 2, night("T-006", "INCONCLUSIVE(probe-error)"));
        assertThat(second.changes().get(0).direction()).isEqualTo(Direction.NEWLY_INCONCLUSIVE);
        assertThat(second.changes().get(0).inconclusiveStreak()).isEqualTo(1);
        record(reports, 3, night("T-006", "INCONCLUSIVE(probe-error)"));
        assertThat(record(reports, 4, night("T-006", "INCONCLUSIVE(probe-error)")).overBudget()).containsExactly("T-006");
        VerdictDiff.Result fifth = record(reports, 5, night("T-006", "INCONCLUSIVE(not-applicable-on-target)"));
        assertThat(fifth.overBudget()).as("back to an answer about the kind of target").isEmpty();
        assertThat(fifth.changes().get(0).inconclusiveStreak()).isZero();
    }

    @Test
    void theFirstRunHasNothingToCompareWith(@TempDir Path reports) {
        VerdictDiff.Result first = record(reports, 1, decidedNight());
        assertThat(first.comparable()).isFalse();
        assertThat(first.regressions()).as("nothing held before: every contradiction is new").containsExactly("C-FIREWALL", "C-SYNC-GATE");
        assertThat(VerdictDiff.summary(first)).contains("first run against " + TARGET);
    }

    @Test
    void anotherTargetHasItsOwnHistory(@TempDir Path reports) {
        record(reports, 1, night("T-001", "HOLDS"));
        VerdictDiff.Result other = RunHistory.record(reports, "twin", "gjh-x", Instant.now(), night("T-001", "CONTRADICTED"), Optional.empty(), 3);
        assertThat(other.comparable()).isFalse();
        assertThat(other.regressions()).as("lima's HOLDS says nothing about the twin").containsExactly("T-001");
    }

    @Test
    void aBaselineFileOfTheSameTargetIsComparedClaimByClaim(@TempDir Path reports) throws Exception {
        Path baseline = Files.writeString(reports.resolve("baseline.json"), "{\"run\":{\"id\":\"gjh-b\",\"target\":\"" + TARGET
                + "\"},\"claims\":[{\"id\":\"T-001\",\"label\":\"HOLDS\"},{\"id\":\"T-002\",\"label\":\"INCONCLUSIVE(timeout)\"}]}");
        VerdictDiff.Result result = RunHistory.record(reports, TARGET, "gjh-now", Instant.now(),
                night("T-001", "CONTRADICTED", "T-002", "HOLDS"), Optional.of(baseline), 3);
        assertThat(result.comparable()).isTrue();
        assertThat(result.regressions()).containsExactly("T-001");
    }

    @Test
    void aHistoryFileThatCannotBeReadIsOneLine(@TempDir Path reports) throws Exception {
        Files.writeString(reports.resolve(RunHistory.FILE), "not json");
        assertThatThrownBy(() -> record(reports, 1, night("T-001", "HOLDS"))).isInstanceOf(HarnessError.class)
                .hasMessageContaining("history.json is not a gjallarhorn run history");
    }
}
