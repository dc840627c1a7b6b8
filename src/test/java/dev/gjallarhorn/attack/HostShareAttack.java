package dev.gjallarhorn.attack;

import dev.gjallarhorn.claims.Stride;
import dev.gjallarhorn.junit.AttackSuite;
import org.junit.jupiter.api.parallel.ResourceLock;
import dev.gjallarhorn.junit.ClaimCheck;
import dev.gjallarhorn.junit.ClaimUnderTest;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.attack.shares.SharesScenario;
import dev.gjallarhorn.attack.syncgate.SyncGateScenario;
import io.qameta.allure.Feature;
import io.qameta.allure.Story;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@AttackSuite
@ResourceLock(AttackLocks.SHARES)
@Tag(Stride.TAG_TAMPERING)
public class HostShareAttack {

    @Test
    @ClaimUnderTest("C-READ-ONLY-HOST-MOUNTS")
    @Story("C-READ-ONLY-HOST-MOUNTS")
    @Feature("Overlay and host shares")
    @DisplayName("C-READ-ONLY-HOST-MOUNTS: writes through /workspace stay in the overlay and no host share takes a write, not even from root after a remount")
    void writesNeverReachTheHost(AttackRun run) {
        ClaimCheck.of(run, "C-READ-ONLY-HOST-MOUNTS").judge(() -> SharesScenario.readOnlyHostMounts(run));
    }

    @ResourceLock(AttackLocks.WORKSPACE)
    @Test
    @ClaimUnderTest("C-SYNC-GATE")
    @Story("C-SYNC-GATE")
    @Feature("Sync gate")
    @DisplayName("C-SYNC-GATE: what the claim names and what scanners tend not to read each try to reach the host past the gate, one at a time; the agent-data shares go around it")
    void nothingReachesTheHostPastTheGate(AttackRun run) {
        ClaimCheck.of(run, SyncGateScenario.CLAIM).judge(() -> SyncGateScenario.evaluate(run));
    }
}
