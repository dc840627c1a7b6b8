package dev.gjallarhorn.attack;

import dev.gjallarhorn.claims.Stride;
import dev.gjallarhorn.junit.AttackSuite;
import org.junit.jupiter.api.parallel.ResourceLock;
import dev.gjallarhorn.junit.ClaimCheck;
import dev.gjallarhorn.junit.ClaimUnderTest;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.attack.containment.ContainerNetworkScenario;
import dev.gjallarhorn.attack.containment.DockerSandboxScenario;
import dev.gjallarhorn.attack.containment.VmSurfaceScenario;
import io.qameta.allure.Feature;
import io.qameta.allure.Story;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Containment. The look inside the sandbox goes last: it waits for the secret search (see
 * {@link DockerSandboxScenario#findings}), and the container and VM attacks run meanwhile.
 */
@AttackSuite
@ResourceLock(AttackLocks.GATEWAY)
@Tag(Stride.TAG_ELEVATION_OF_PRIVILEGE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class ContainmentAttack {

    @Test
    @Order(5)
    @ClaimUnderTest("C-DOCKER-SANDBOX")
    @Story("C-DOCKER-SANDBOX")
    @Feature("Docker tool sandbox")
    @DisplayName("C-DOCKER-SANDBOX: from inside a sandbox container, try root, capabilities, the root filesystem, the Docker socket, secrets and the vault")
    void theSandboxConfinesItsTools(AttackRun run) {
        ClaimCheck.of(run, DockerSandboxScenario.CLAIM).judge(() -> DockerSandboxScenario.evaluate(run));
    }

    @Test
    @Order(1)
    @ClaimUnderTest("N-CONTAINER-NETWORK-ISOLATION")
    @Story("N-CONTAINER-NETWORK-ISOLATION")
    @Feature("Docker tool sandbox")
    @Tag(Stride.TAG_INFORMATION_DISCLOSURE)
    @DisplayName("N-CONTAINER-NETWORK-ISOLATION: containers on the sandbox's network mode and on the bridge call the canaries")
    void agentsCallOutFromTheirContainers(AttackRun run) {
        ClaimCheck.of(run, "N-CONTAINER-NETWORK-ISOLATION").judge(() -> ContainerNetworkScenario.isolation(run));
    }

    @Test
    @Order(2)
    @ClaimUnderTest("C-FIREWALL")
    @Story("C-FIREWALL")
    @Feature("Firewall (UFW egress allowlist)")
    @Tag(Stride.TAG_INFORMATION_DISCLOSURE)
    @DisplayName("C-FIREWALL (containers): a bridge container tries the ports UFW denies the VM (FORWARD, not OUTPUT)")
    void bridgeContainersAreHeldToTheAllowlist(AttackRun run) {
        ClaimCheck.of(run, "C-FIREWALL").judge(() -> ContainerNetworkScenario.firewallForContainers(run));
    }

    @Test
    @Order(3)
    @ClaimUnderTest("T-006")
    @Story("T-006")
    @Feature("VM isolation")
    @DisplayName("T-006: the VM-escape surface: hypervisor, read-only shares for root, the host home on a share, what the service can become")
    void theVmHoldsTheAgentIn(AttackRun run) {
        ClaimCheck.of(run, "T-006").judge(() -> VmSurfaceScenario.vmEscape(run));
    }

    @Test
    @Order(4)
    @ClaimUnderTest("C-VM-ISOLATION")
    @Story("C-VM-ISOLATION")
    @Feature("VM isolation")
    @DisplayName("C-VM-ISOLATION: the agent runs in a VM with its own kernel, not a container")
    void theAgentRunsInAVm(AttackRun run) {
        ClaimCheck.of(run, "C-VM-ISOLATION").judge(() -> VmSurfaceScenario.vmIsolation(run));
    }
}
