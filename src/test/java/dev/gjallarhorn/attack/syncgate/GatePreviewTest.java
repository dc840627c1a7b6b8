package dev.gjallarhorn.attack.syncgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GatePreviewTest {

    static final String EXTRACT = "Extracting changes from openclaw-sandbox...\nreceiving incremental file list\ndocs/gjh-1-run.sh\n";

    @Test
    void aPathInThePreviewOfAPassingRunWouldReachTheHost() {
        GatePreview preview = new GatePreview("docs/gjh-1-a.md", 0, false,
                EXTRACT + "Validating...\nPreview (what /h would get):\n  docs/\n  docs/gjh-1-a.md\nDry run: nothing applied.\n");
        Observation seen = preview.observe("candidate a", () -> { throw new AssertionError("no second run for a pass"); });
        assertThat(seen.outcome()).as(seen.toString()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void aPathOnlyTheExtractOrAWarningNamesIsNotInThePreview() {
        GatePreview preview = new GatePreview("docs/gjh-1-run.sh", 0, false,
                EXTRACT + "WARNING: docs/gjh-1-run.sh is executable\nPreview (what /h would get):\nDry run: nothing applied.\n");
        assertThat(preview.lists()).isFalse();
        assertThat(preview.observe("candidate exec-bit", () -> 0).outcome()).isEqualTo(Outcome.BLOCKED);
    }

    @Test
    void withoutAPreviewHeaderEveryLineButWarningsCounts() {
        assertThat(new GatePreview("x/gjh-1.md", 0, false, "copying\nx/gjh-1.md\n").lists()).isTrue();
        assertThat(new GatePreview("x/gjh-1.md", 0, false, "WARN: x/gjh-1.md is large\n⚠ x/gjh-1.md\n").lists()).isFalse();
    }

    @Test
    void aRefusalCountsOnlyIfTheGatePassesAgainOnceTheCandidateIsGone() {
        AtomicInteger reruns = new AtomicInteger();
        GatePreview refused = new GatePreview("gjh-1-notes.md", 1, false, "BLOCKED: gitleaks found secrets\nSync gate FAILED\n");
        Observation blocked = refused.observe("candidate secret", () -> { reruns.incrementAndGet(); return 0; });
        assertThat(blocked.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(blocked.detail()).contains("exit 1").contains("BLOCKED: gitleaks found secrets");
        assertThat(reruns).hasValue(1);
        Observation unclear = refused.observe("candidate secret", () -> 1);
        assertThat(unclear.reason()).contains(Reason.CONFLICTING_EVIDENCE);
    }

    @Test
    void aGateThatHangsOrCannotStartIsNeverARefusal() {
        assertThat(new GatePreview("a", -1, true, "").observe("c", () -> 0).reason()).isEqualTo(Optional.of(Reason.TIMEOUT));
        assertThat(new GatePreview("a", 127, false, "sync-gate.sh: not found").observe("c", () -> 0).reason())
                .isEqualTo(Optional.of(Reason.PROBE_ERROR));
    }

    @Test
    void whatTheGateSaidKeepsItsWarningsAndItsLastLine() {
        GatePreview preview = new GatePreview("a", 1, false, EXTRACT + "WARNING: big\nBLOCKED: gitleaks found secrets\nSync gate FAILED: nothing was applied\n");
        assertThat(preview.said()).isEqualTo("WARNING: big; BLOCKED: gitleaks found secrets; Sync gate FAILED: nothing was applied");
    }
}
