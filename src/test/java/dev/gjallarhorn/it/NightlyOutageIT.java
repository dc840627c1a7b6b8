package dev.gjallarhorn.it;

import dev.gjallarhorn.report.FailOn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.attack.FirewallEgressAttack;
import dev.gjallarhorn.report.ExitPolicy;
import dev.gjallarhorn.report.VerdictDiff;
import dev.gjallarhorn.run.RunSettings;
import dev.gjallarhorn.twin.Twin;
import dev.gjallarhorn.twin.TwinRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nights against one target, as the nightly job runs them (fail on regressions): a good night, a night the
 * target cannot be reached (a host key that does not match stands in for a VM that is down), and a good night
 * again. The outage is never the baseline, so the third night reports no regression and passes.
 */
@SharedTwin
class NightlyOutageIT {

    @Test
    void anOutageNightFollowedByAGoodNightGivesNoRegression(Twin twin, @TempDir Path reports) throws Exception {
        TwinRecord r = twin.record();
        Map<String, String> good = Map.of("gjallarhorn.ssh.identity", r.identityFile(), "gjallarhorn.ssh.hostKeyFingerprint",
                r.hostKeyFingerprint(), "gjallarhorn.canary.address", r.gateway());
        Map<String, String> down = Map.of("gjallarhorn.ssh.identity", r.identityFile(), "gjallarhorn.ssh.hostKeyFingerprint",
                "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "gjallarhorn.canary.address", r.gateway());
        String night = "onlyHttpsDnsAndTailscaleLeaveTheVm";

        assertThat(AttackRuns.runMethods(r.sshUri(), reports, good, FirewallEgressAttack.class, night).label("C-FIREWALL")).isEqualTo("HOLDS");

        AttackRuns.Result outage = AttackRuns.runMethods(r.sshUri(), reports, down, FirewallEgressAttack.class, night);
        assertThat(outage.label("C-FIREWALL")).isEqualTo("INCONCLUSIVE(target-unreachable)");
        assertThat(gate(reports).exit()).isEqualTo(ExitCode.HOST_KEY_REJECTED);

        AttackRuns.Result again = AttackRuns.runMethods(r.sshUri(), reports, good, FirewallEgressAttack.class, night);
        assertThat(again.label("C-FIREWALL")).isEqualTo("HOLDS");
        VerdictDiff.Result diff = VerdictDiff.read(reports).orElseThrow();
        assertThat(diff.comparable()).isTrue();
        assertThat(diff.with(VerdictDiff.Direction.NEW_REGRESSION)).isEmpty();
        assertThat(diff.changes()).filteredOn(c -> c.id().equals("C-FIREWALL")).singleElement()
                .satisfies(c -> assertThat(c.direction()).isEqualTo(VerdictDiff.Direction.UNCHANGED));
        assertThat(gate(reports).exit()).isEqualTo(ExitCode.OK);
    }

    private static ExitPolicy.Outcome gate(Path reports) {
        return ExitPolicy.apply(reports, new ExitPolicy.Policy(false, FailOn.REGRESSIONS, java.util.Optional.empty()),
                new PrintWriter(new StringWriter()));
    }
}
