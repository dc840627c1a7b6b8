package dev.gjallarhorn.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.attack.ContainmentAttack;
import dev.gjallarhorn.attack.FirewallEgressAttack;
import dev.gjallarhorn.attack.HostShareAttack;
import java.nio.file.Path;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The containment attacks (host shares, sync gate, container network, Docker sandbox, VM surface) end to end on
 * each profile, and every fault flipping exactly the claim or part it targets. Faults that target different
 * claims share a twin; every claim a fault does not target must come out as it does on as-claimed.
 */
@Order(ItOrder.LONG)
class ContainmentVerdictsIT {

    static final String HYPERVISOR_NA = "INCONCLUSIVE(not-applicable-on-target)";

    static AttackRuns.Result attack(String target, Path reports) throws Exception {
        return AttackRuns.run(target, reports, HostShareAttack.class, ContainmentAttack.class, FirewallEgressAttack.class);
    }

    @Test
    void asProvisionedShowsTheKnownDifferences(@TempDir Path reports) throws Exception {
        AttackRuns.Result r = attack("twin:as-provisioned", reports);
        assertThat(r.label("C-READ-ONLY-HOST-MOUNTS")).as("no write got through; after a remount is a VM's question")
                .isEqualTo(HYPERVISOR_NA);
        assertThat(r.part("C-READ-ONLY-HOST-MOUNTS", "refuse writes")).isEqualTo("HOLDS");
        assertThat(r.label("C-SYNC-GATE")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-SYNC-GATE", "credential")).as("the scanner is installed").isEqualTo("HOLDS");
        assertThat(r.part("C-SYNC-GATE", "fails closed")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-SYNC-GATE", "allowlist")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-SYNC-GATE", "symlink")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-SYNC-GATE", "size limit")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-SYNC-GATE", "around the gate")).isEqualTo("CONTRADICTED");
        assertThat(r.label("C-FIREWALL")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-FIREWALL", "Docker's bridge")).isEqualTo("CONTRADICTED");
        assertThat(r.label("C-DOCKER-SANDBOX")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-DOCKER-SANDBOX", "secrets.env")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-DOCKER-SANDBOX", "vault")).as("T-007 judges the vault; here it is a note").isEqualTo("NOTED");
        assertThat(r.part("C-DOCKER-SANDBOX", "root filesystem")).isEqualTo("HOLDS");
        assertThat(r.label("N-CONTAINER-NETWORK-ISOLATION")).as("the sandbox defaults to network none").isEqualTo("STALE");
        assertThat(r.label("T-006")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-006", "home directory")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-006", "hypervisor")).isEqualTo(HYPERVISOR_NA);
        assertThat(r.label("C-VM-ISOLATION")).isEqualTo(HYPERVISOR_NA);
    }

    @Test
    void asClaimedHoldsWhereverATwinCanTell(@TempDir Path reports) throws Exception {
        AttackRuns.Result r = attack("twin:as-claimed", reports);
        assertAsClaimed(r, "C-READ-ONLY-HOST-MOUNTS", "C-SYNC-GATE", "C-FIREWALL", "C-DOCKER-SANDBOX", "N-CONTAINER-NETWORK-ISOLATION", "T-006");
        assertThat(r.part("C-READ-ONLY-HOST-MOUNTS", "refuse writes")).isEqualTo("HOLDS");
        assertThat(r.part("T-006", "read-only for root")).as("a container has no hypervisor behind its shares").isEqualTo(HYPERVISOR_NA);
        assertThat(r.part("T-006", "home directory")).isEqualTo("HOLDS");
    }

    @Test
    void faultsOneFlipsEachTargetedClaim(@TempDir Path reports) throws Exception {
        AttackRuns.Result r = attack("twin:as-claimed+lower-rw,scanner-noop,sandbox-network-none,sandbox-docker-socket,"
                + "secrets-share-is-home,docker-user-open", reports);
        assertThat(r.label("C-READ-ONLY-HOST-MOUNTS")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-READ-ONLY-HOST-MOUNTS", "host shares refuse writes")).isEqualTo("CONTRADICTED");
        assertThat(r.label("C-SYNC-GATE")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-SYNC-GATE", "credential")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-SYNC-GATE", "allowlist")).isEqualTo("HOLDS");
        assertThat(r.label("N-CONTAINER-NETWORK-ISOLATION")).isEqualTo("STALE");
        assertThat(r.label("C-DOCKER-SANDBOX")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-DOCKER-SANDBOX", "Docker socket")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-DOCKER-SANDBOX", "not run as root")).isEqualTo("HOLDS");
        assertThat(r.label("T-006")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-006", "home directory")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-006", "read-only for root")).isEqualTo(HYPERVISOR_NA);
        assertThat(r.label("C-FIREWALL")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-FIREWALL", "Docker's bridge")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-FIREWALL", "beyond the allowlist")).as("the VM's own egress is untouched").isEqualTo("HOLDS");
        assertThat(r.label("C-VM-ISOLATION")).isEqualTo(HYPERVISOR_NA);
    }

    @Test
    void faultsTwoFlipEachTargetedClaim(@TempDir Path reports) throws Exception {
        AttackRuns.Result r = attack("twin:as-claimed+extra-writable-share,allowlist-removed,sandbox-root-with-caps", reports);
        assertThat(r.label("C-READ-ONLY-HOST-MOUNTS")).isEqualTo("CONTRADICTED");
        assertThat(r.claims().get("C-READ-ONLY-HOST-MOUNTS").path("observed").asText()).contains("/mnt/scratch");
        assertThat(r.label("C-SYNC-GATE")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-SYNC-GATE", "allowlist")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-SYNC-GATE", "credential")).isEqualTo("HOLDS");
        assertThat(r.part("C-SYNC-GATE", "around the gate")).as("the extra share is C-READ-ONLY-HOST-MOUNTS' finding").isEqualTo("HOLDS");
        assertThat(r.label("C-DOCKER-SANDBOX")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-DOCKER-SANDBOX", "not run as root")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-DOCKER-SANDBOX", "Docker socket")).isEqualTo("HOLDS");
        assertAsClaimed(r, "C-FIREWALL", "N-CONTAINER-NETWORK-ISOLATION", "T-006");
    }

    @Test
    void aDockerUserRuleClosesTheBridgeBypassOnAsProvisioned(@TempDir Path reports) throws Exception {
        AttackRuns.Result r = attack("twin:as-provisioned+docker-user-allowlist", reports);
        assertThat(r.part("C-FIREWALL", "Docker's bridge")).isEqualTo("HOLDS");
        assertThat(r.part("C-FIREWALL", "beyond the allowlist")).as("80/tcp and 123/udp still leave the VM itself").isEqualTo("CONTRADICTED");
        assertThat(r.part("N-CONTAINER-NETWORK-ISOLATION", "Docker's bridge")).as("allowlisted ports still leave from the bridge")
                .isEqualTo("HOLDS");
    }

    /**
     * What the as-claimed twin shows for these claims: HOLDS, or, for T-006 and C-READ-ONLY-HOST-MOUNTS, the parts a
     * container cannot check (the hypervisor; a share's read-only after root remounts it).
     */
    private static void assertAsClaimed(AttackRuns.Result r, String... ids) {
        for (String id : ids) {
            assertThat(r.label(id)).as(id).isEqualTo(id.equals("T-006") || id.equals("C-READ-ONLY-HOST-MOUNTS") ? HYPERVISOR_NA : "HOLDS");
        }
    }
}
