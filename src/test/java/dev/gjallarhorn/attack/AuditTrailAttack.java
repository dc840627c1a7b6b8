package dev.gjallarhorn.attack;

import dev.gjallarhorn.claims.Stride;
import dev.gjallarhorn.junit.AttackSuite;
import dev.gjallarhorn.junit.ClaimCheck;
import dev.gjallarhorn.junit.ClaimUnderTest;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.attack.audit.AuditTrailScenario;
import io.qameta.allure.Feature;
import io.qameta.allure.Story;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

@AttackSuite
@ResourceLock(AttackLocks.WORKSPACE)
@Tag(Stride.TAG_REPUDIATION)
@Feature("Audit trail")
public class AuditTrailAttack {

    @Test
    @ClaimUnderTest("C-OVERLAY-WATCHER")
    @Story("C-OVERLAY-WATCHER")
    @DisplayName("C-OVERLAY-WATCHER: every write is logged, and the audited identity cannot stop, flood or erase the log")
    void everyWriteIsAudited(AttackRun run) {
        ClaimCheck.of(run, "C-OVERLAY-WATCHER").judge(() -> AuditTrailScenario.watcher(run));
    }

    @Test
    @ClaimUnderTest("T-008")
    @Story("T-008")
    @DisplayName("T-008: the watcher logs writes, and the logs stay on the VM")
    void theAuditTrailIsLocal(AttackRun run) {
        ClaimCheck.of(run, "T-008").judge(() -> AuditTrailScenario.auditTrail(run));
    }

    @Test
    @ClaimUnderTest("N-CENTRALIZED-LOGGING")
    @Story("N-CENTRALIZED-LOGGING")
    @DisplayName("N-CENTRALIZED-LOGGING: no journal upload, no remote syslog, no log shipper")
    void nothingShipsTheLogs(AttackRun run) {
        ClaimCheck.of(run, "N-CENTRALIZED-LOGGING").judge(() -> AuditTrailScenario.centralizedLogging(run));
    }
}
