package dev.gjallarhorn.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.attack.HostShareAttack;
import dev.gjallarhorn.attack.syncgate.SyncGateCheck;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sync gate's candidates end to end on the twin's in-VM gate: Bilrost's gate as provisioned lets through what
 * its checks cannot see, the as-claimed gate stops every candidate (no false alarm), and each fault of the gate or
 * its scanner flips exactly the parts it targets. Faults share two twins; each twin's untargeted parts must hold.
 */
class SyncGateVerdictsIT {

    static final String CLAIM = "C-SYNC-GATE";
    /** The parts the claim always had; no scanner fault may touch them. */
    static final Set<SyncGateCheck> NAMED_IN_THE_CLAIM = EnumSet.of(SyncGateCheck.SECRET, SyncGateCheck.SCANNER_MISSING,
            SyncGateCheck.OUTSIDE_ALLOWLIST, SyncGateCheck.SYMLINK, SyncGateCheck.OVERSIZED);
    static final Set<SyncGateCheck> FLIPPED_BY_GROUP_A = EnumSet.of(SyncGateCheck.DEEP_PATH, SyncGateCheck.HARD_LINK,
            SyncGateCheck.UNSCANNABLE, SyncGateCheck.EXEC_BIT);
    static final Set<SyncGateCheck> FLIPPED_BY_GROUP_B = EnumSet.of(SyncGateCheck.DEFAULT_SKIPPED, SyncGateCheck.TREE_CONFIG,
            SyncGateCheck.INLINE_ALLOW);

    static AttackRuns.Result attack(String target, Path reports) throws Exception {
        long started = System.nanoTime();
        AttackRuns.Result r = AttackRuns.runMethods(target, reports, HostShareAttack.class, "nothingReachesTheHostPastTheGate");
        System.out.printf("[SyncGateVerdictsIT] %s: C-SYNC-GATE attacked in %.1f s (twin start included)%n", target,
                (System.nanoTime() - started) / 1e9);
        return r;
    }

    static String part(AttackRuns.Result r, SyncGateCheck check) {
        return r.part(CLAIM, check.part());
    }

    @Test
    void asProvisionedLetsThroughWhatBilrostsChecksCannotSee(@TempDir Path reports) throws Exception {
        AttackRuns.Result r = attack("twin:as-provisioned", reports);
        assertThat(r.label(CLAIM)).isEqualTo("CONTRADICTED");
        assertThat(part(r, SyncGateCheck.SECRET)).as("gitleaks is installed and reads plain text").isEqualTo("HOLDS");
        for (SyncGateCheck check : EnumSet.of(SyncGateCheck.SCANNER_MISSING, SyncGateCheck.OUTSIDE_ALLOWLIST, SyncGateCheck.SYMLINK,
                SyncGateCheck.OVERSIZED, SyncGateCheck.UNSCANNABLE, SyncGateCheck.DEFAULT_SKIPPED, SyncGateCheck.TREE_CONFIG,
                SyncGateCheck.INLINE_ALLOW)) {
            assertThat(part(r, check)).as(check.part() + ": " + r.partSeen(CLAIM, check.part())).isEqualTo("CONTRADICTED");
        }
        assertThat(part(r, SyncGateCheck.DEEP_PATH)).as("gitleaks reads every depth").isEqualTo("HOLDS");
        assertThat(part(r, SyncGateCheck.HARD_LINK)).as("both names are scanned").isEqualTo("HOLDS");
        assertThat(part(r, SyncGateCheck.EXEC_BIT)).as("--ignore-existing never applies it").isEqualTo("HOLDS");
        assertThat(r.partOutcome(CLAIM, SyncGateCheck.EXISTING_FILE.part())).as("--ignore-existing").isEqualTo("BLOCKED");
        assertThat(r.claims().get(CLAIM).path("observed").asText()).contains("candidate compressed", "candidate tree-config");
    }

    @Test
    void asClaimedStopsEveryCandidate(@TempDir Path reports) throws Exception {
        AttackRuns.Result r = attack("twin:as-claimed", reports);
        for (SyncGateCheck check : SyncGateCheck.values()) {
            if (check.role() != dev.gjallarhorn.verdict.PartRole.NOTE) {
                assertThat(part(r, check)).as(check.part() + ": " + r.partSeen(CLAIM, check.part())).isEqualTo("HOLDS");
            }
        }
        assertThat(r.label(CLAIM)).isEqualTo("HOLDS");
    }

    @Test
    void faultsOfTheScannersReachAndTheGatesChecksFlipTheirParts(@TempDir Path reports) throws Exception {
        AttackRuns.Result r = attack("twin:as-claimed+scanner-shallow,scanner-skips-hardlinks,gate-admits-unscannable,exec-bit-allowed", reports);
        assertThat(r.label(CLAIM)).isEqualTo("CONTRADICTED");
        assertParts(r, FLIPPED_BY_GROUP_A, "CONTRADICTED");
        assertParts(r, FLIPPED_BY_GROUP_B, "HOLDS");
        assertParts(r, NAMED_IN_THE_CLAIM, "HOLDS");
    }

    @Test
    void faultsThatLetTheTreeConfigureTheScannerFlipTheirParts(@TempDir Path reports) throws Exception {
        AttackRuns.Result r = attack("twin:as-claimed+scanner-default-allowlist,scanner-reads-tree-config,scanner-honours-inline-allow", reports);
        assertThat(r.label(CLAIM)).isEqualTo("CONTRADICTED");
        assertParts(r, FLIPPED_BY_GROUP_B, "CONTRADICTED");
        assertParts(r, FLIPPED_BY_GROUP_A, "HOLDS");
        assertParts(r, NAMED_IN_THE_CLAIM, "HOLDS");
        assertThat(r.partSeen(CLAIM, SyncGateCheck.TREE_CONFIG.part())).as("both the planted config and the ignore file work")
                .doesNotContain("BLOCKED");
    }

    private static void assertParts(AttackRuns.Result r, Set<SyncGateCheck> checks, String label) {
        for (SyncGateCheck check : checks) {
            assertThat(part(r, check)).as(check.part() + ": " + r.partSeen(CLAIM, check.part())).isEqualTo(label);
        }
    }
}
