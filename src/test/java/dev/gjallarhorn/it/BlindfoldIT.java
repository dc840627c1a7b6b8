package dev.gjallarhorn.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.attack.FirewallEgressAttack;
import dev.gjallarhorn.attack.HostShareAttack;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blindfolds: an observation tool on the target that answers nothing and exits 0, while the control it observes is
 * untouched. The claims it feeds must come out INCONCLUSIVE, never HOLDS (a probe that could not look) and never
 * CONTRADICTED (nothing got through). The journal's blindfolds are in {@link SecretsAuditVerdictsIT}; the packet
 * filter's and the mount table's share one twin here, since they feed different claims.
 */
class BlindfoldIT {

    @Test
    void aSilentRulesetToolAndASilentMountTableLeaveTheirClaimsUndecided(@TempDir Path reports) throws Exception {
        AttackRuns.Result r = AttackRuns.run("twin:as-claimed+firewall-tools-blind,findmnt-blind", reports,
                FirewallEgressAttack.class, HostShareAttack.class);
        assertThat(r.label("C-FIREWALL")).as(r.observed("C-FIREWALL")).startsWith("INCONCLUSIVE(");
        assertThat(r.partSeen("C-FIREWALL", "beyond the allowlist")).as("the empty ruleset is named as unread")
                .contains("IPv4 ruleset", "probe-error");
        assertThat(r.label("C-READ-ONLY-HOST-MOUNTS")).as(r.observed("C-READ-ONLY-HOST-MOUNTS")).isEqualTo("INCONCLUSIVE(probe-error)");
        assertThat(r.part("C-READ-ONLY-HOST-MOUNTS", "refuse writes")).as(r.partSeen("C-READ-ONLY-HOST-MOUNTS", "refuse writes"))
                .isEqualTo("INCONCLUSIVE(probe-error)");
        assertThat(r.label("C-SYNC-GATE")).as("the gate's bypass through the shares cannot be told without the mount table")
                .isNotEqualTo("HOLDS").isNotEqualTo("CONTRADICTED");
    }
}
