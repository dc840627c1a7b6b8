package dev.gjallarhorn.attack.shares;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.probe.ScriptOutput;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.surface.HostShare;
import dev.gjallarhorn.surface.Mount;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** C-READ-ONLY-HOST-MOUNTS judged from recorded shares-probe.sh output, with no target in reach. */
class ReadOnlyHostMountsJudgingTest {

    static final HostShare SOURCE = new HostShare(new Mount(2, 1, "0:40", "/", "/mnt/src", "mount0", "virtiofs", "ro", "ro"), "virtiofs");
    static final HostShare AGENTS = new HostShare(new Mount(3, 1, "0:41", "/", "/mnt/openclaw-agents", "mount1", "virtiofs", "rw", "rw"),
            "virtiofs");

    /** A Lima VM, invasive run: the source share refuses every write, the agent-data share takes one by design. */
    static final String HELD = """
            SHARE 0 /mnt/src virtiofs ro
            SHARE 1 /mnt/openclaw-agents virtiofs rw
            WRITE /mnt/src lima direct 1 absent sh: 1: cannot create /mnt/src/.t-m0-lima-direct: Read-only file system
            WRITE /mnt/src root direct 1 absent sh: 1: cannot create /mnt/src/.t-m0-root-direct: Read-only file system
            REMOUNT /mnt/src 0
            WRITE /mnt/src root after-remount 1 absent sh: 1: cannot create /mnt/src/.t-m0-root-after-remount: Read-only file system
            RESTORE /mnt/src remount-ro read-only again
            WRITE /mnt/openclaw-agents lima direct 0 visible
            WRITE /mnt/openclaw-agents root direct 0 visible
            HOME /mnt/src - 12
            OVERLAY lima 0 aaaaaaaaaaaaaaaa aaaaaaaaaaaaaaaa lower:absent
            """;

    static ScriptOutput out(String stdout) {
        return ScriptOutput.of(new CommandResult(Cmd.of("shares-probe.sh"), OptionalInt.of(0), stdout, "", Duration.ZERO, false));
    }

    static SharesScenario.ShareFindings findings(String probe, List<HostShare> shares, boolean remountAllowed, boolean container) {
        ScriptOutput o = out(probe);
        return new SharesScenario.ShareFindings(Instant.EPOCH, Duration.ZERO, shares, o.all("WRITE"), o.all("REMOUNT"), o.all("RESTORE"),
                o.all("HOME"), o.all("OVERLAY").stream().findFirst(), remountAllowed, container, container ? "docker" : "", List.of(),
                List.of(), "recorded", Optional.empty());
    }

    static ClaimEvaluation judge(SharesScenario.ShareFindings f, boolean mountTableUnread) {
        return SharesScenario.readOnlyHostMounts(f, Outcome.BLOCKED, mountTableUnread);
    }

    static List<Observation> part(ClaimEvaluation e, String startsWith) {
        return e.parts().stream().filter(p -> p.name().startsWith(startsWith)).findFirst().map(PartEvaluation::observations).orElseThrow();
    }

    static List<Outcome> outcomes(List<Observation> observations) {
        return observations.stream().map(Observation::outcome).toList();
    }

    @Test
    void sharesThatRefuseEveryWriteHoldAndTheDesignedShareIsANote() {
        ClaimEvaluation e = judge(findings(HELD, List.of(SOURCE, AGENTS), true, false), false);
        assertThat(outcomes(part(e, "a write through /workspace"))).containsExactly(Outcome.BLOCKED);
        assertThat(outcomes(part(e, "the host shares refuse writes"))).containsExactly(Outcome.BLOCKED, Outcome.BLOCKED);
        assertThat(outcomes(part(e, "the read-only host shares stay read-only"))).containsExactly(Outcome.BLOCKED);
        assertThat(outcomes(part(e, "writable by design"))).containsExactly(Outcome.SUCCEEDED, Outcome.SUCCEEDED);
        assertThat(part(e, "the shares the Lima instance declares")).singleElement()
                .satisfies(o -> assertThat(o.reason()).contains(Reason.NOT_APPLICABLE_ON_TARGET));
        assertThat(e.observed()).isEqualTo("the /workspace write stayed in the upper layer; 2 host share(s) found; no host share took a write;"
                + " writable by design: /mnt/openclaw-agents");
    }

    @Test
    void aWriteThatLandsOnAReadOnlyShareIsSeen() {
        String leaked = HELD.replace("WRITE /mnt/src root after-remount 1 absent sh: 1: cannot create /mnt/src/.t-m0-root-after-remount:"
                + " Read-only file system", "WRITE /mnt/src root after-remount 0 visible");
        ClaimEvaluation e = judge(findings(leaked, List.of(SOURCE, AGENTS), true, false), false);
        assertThat(part(e, "the read-only host shares stay read-only")).singleElement()
                .satisfies(o -> assertThat(o.outcome()).isEqualTo(Outcome.SUCCEEDED))
                .satisfies(o -> assertThat(o.subject()).isEqualTo("/mnt/src as root after a remount"));
        assertThat(e.observed()).contains("1 write(s) reached a host share: /mnt/src as root after a remount");
    }

    @Test
    void aWriteThatSaysItWorkedButLeftNoFileIsConflictingEvidence() {
        String odd = HELD.replace("WRITE /mnt/src lima direct 1 absent sh: 1: cannot create /mnt/src/.t-m0-lima-direct: Read-only file system",
                "WRITE /mnt/src lima direct 0 absent");
        ClaimEvaluation e = judge(findings(odd, List.of(SOURCE, AGENTS), true, false), false);
        assertThat(part(e, "the host shares refuse writes").get(0).reason()).contains(Reason.CONFLICTING_EVIDENCE);
    }

    @Test
    void anUnreadMountTableIsAProbeErrorNeverNoShares() {
        ClaimEvaluation e = judge(findings("", List.of(), true, false), true);
        assertThat(part(e, "the host shares refuse writes")).singleElement()
                .satisfies(o -> assertThat(o.reason()).contains(Reason.PROBE_ERROR));
        assertThat(part(e, "the read-only host shares stay read-only")).singleElement()
                .satisfies(o -> assertThat(o.reason()).contains(Reason.PROBE_ERROR));
        assertThat(part(e, "a write through /workspace")).isEmpty();
    }

    @Test
    void noShareInARealMountTableIsAnUnmetPrecondition() {
        ClaimEvaluation e = judge(findings("", List.of(), true, false), false);
        assertThat(part(e, "the host shares refuse writes")).singleElement()
                .satisfies(o -> assertThat(o.reason()).contains(Reason.PRECONDITION_UNMET));
        assertThat(part(e, "the read-only host shares stay read-only")).isEmpty();
    }

    @Test
    void aRemountNotTriedIsNeverAHold() {
        String direct = HELD.lines().filter(l -> !l.contains("after-remount") && !l.startsWith("REMOUNT") && !l.startsWith("RESTORE"))
                .map(l -> l + "\n").reduce("", String::concat);
        ClaimEvaluation real = judge(findings(direct, List.of(SOURCE, AGENTS), false, false), false);
        assertThat(part(real, "the read-only host shares stay read-only")).singleElement()
                .satisfies(o -> assertThat(o.reason()).contains(Reason.PRECONDITION_UNMET));
        ClaimEvaluation container = judge(findings(direct, List.of(SOURCE, AGENTS), false, true), false);
        assertThat(part(container, "the read-only host shares stay read-only")).singleElement()
                .satisfies(o -> assertThat(o.reason()).contains(Reason.NOT_APPLICABLE_ON_TARGET));
        assertThat(container.observed()).endsWith("; after a remount: not applicable on a container");
    }

    @Test
    void onAContainerARemountedWriteTellsWhatHappenedButJudgesNothing() {
        ClaimEvaluation e = judge(findings(HELD, List.of(SOURCE, AGENTS), true, true), false);
        assertThat(part(e, "the read-only host shares stay read-only")).singleElement().satisfies(o -> {
            assertThat(o.reason()).contains(Reason.NOT_APPLICABLE_ON_TARGET);
            assertThat(o.detail()).contains("what happened: blocked", "; restore: remount-ro read-only again");
        });
    }
}
