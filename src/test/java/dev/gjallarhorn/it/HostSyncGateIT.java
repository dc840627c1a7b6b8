package dev.gjallarhorn.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.attack.HostShareAttack;
import dev.gjallarhorn.host.HostPackages;
import dev.gjallarhorn.attack.syncgate.SyncGateCheck;
import dev.gjallarhorn.twin.Profile;
import dev.gjallarhorn.twin.Twin;
import dev.gjallarhorn.twin.TwinRecord;
import dev.gjallarhorn.twin.TwinSources;
import dev.gjallarhorn.twin.TwinSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bilrost's gate where it lives: on the harness's host. A twin whose VM has no gate (fault sync-gate-on-host) is
 * attacked as an {@code ssh://} target, as a maintainer's VM would be: without {@code -Dgjallarhorn.syncGate.script}
 * the claim cannot be judged (not applicable, the setting named); with it pointing at the twin's stand-in of
 * Bilrost's {@code scripts/sync-gate.sh} (lima/twin/host/), the gate is run on this host in its dry-run mode
 * through gjallarhorn's limactl shim, one candidate at a time, and shows Bilrost's gaps.
 */
class HostSyncGateIT {

    static final String CLAIM = "C-SYNC-GATE";

    @Test
    void bilrostsGateOnTheHostIsDrivenAgainstTheVmItGuards(@TempDir Path reports, @TempDir Path scannerDir) throws Exception {
        HostPackages.ensure("rsync", "rsync"); // the gate's extract and preview; macOS ships it
        Path gate = TwinSources.locate().dir().resolve("host/scripts/sync-gate.sh");
        Files.createSymbolicLink(scannerDir.resolve("gitleaks"), TwinSources.locate().dir().resolve("bin/gitleaks").toAbsolutePath());
        try (Twin twin = Twin.start(TwinSpec.of(Profile.AS_CLAIMED, "sync-gate-on-host"), Twin.Owner.RUN)) {
            TwinRecord t = twin.record();
            Map<String, String> ssh = new LinkedHashMap<>(Map.of("gjallarhorn.ssh.identity", t.identityFile(),
                    "gjallarhorn.ssh.hostKeyFingerprint", t.hostKeyFingerprint()));

            long started = System.nanoTime();
            AttackRuns.Result noGate = AttackRuns.runMethods(t.sshUri(), reports, ssh, HostShareAttack.class, "nothingReachesTheHostPastTheGate");
            assertThat(noGate.label(CLAIM)).isEqualTo("INCONCLUSIVE(precondition-unmet)");
            assertThat(noGate.partSeen(CLAIM, SyncGateCheck.SECRET.part())).contains("gjallarhorn.syncGate.script");
            System.out.printf("[HostSyncGateIT] without the setting: %.1f s%n", (System.nanoTime() - started) / 1e9);

            ssh.put("gjallarhorn.syncGate.script", gate.toString());
            ssh.put("gjallarhorn.syncGate.path", scannerDir.toString());
            started = System.nanoTime();
            AttackRuns.Result r = AttackRuns.runMethods(t.sshUri(), reports, ssh, HostShareAttack.class, "nothingReachesTheHostPastTheGate");
            System.out.printf("[HostSyncGateIT] the gate on this host, every candidate: %.1f s%n", (System.nanoTime() - started) / 1e9);
            assertThat(r.label(CLAIM)).isEqualTo("CONTRADICTED");
            assertThat(r.part(CLAIM, SyncGateCheck.SECRET.part())).as(r.partSeen(CLAIM, SyncGateCheck.SECRET.part())).isEqualTo("HOLDS");
            for (SyncGateCheck check : EnumSet.of(SyncGateCheck.SCANNER_MISSING, SyncGateCheck.OUTSIDE_ALLOWLIST, SyncGateCheck.SYMLINK,
                    SyncGateCheck.OVERSIZED, SyncGateCheck.UNSCANNABLE, SyncGateCheck.DEFAULT_SKIPPED, SyncGateCheck.TREE_CONFIG,
                    SyncGateCheck.INLINE_ALLOW)) {
                assertThat(r.part(CLAIM, check.part())).as(check.part() + ": " + r.partSeen(CLAIM, check.part())).isEqualTo("CONTRADICTED");
            }
            for (SyncGateCheck check : EnumSet.of(SyncGateCheck.DEEP_PATH, SyncGateCheck.HARD_LINK, SyncGateCheck.EXEC_BIT)) {
                assertThat(r.part(CLAIM, check.part())).as(check.part() + ": " + r.partSeen(CLAIM, check.part())).isEqualTo("HOLDS");
            }
            assertThat(r.partSeen(CLAIM, SyncGateCheck.SECRET.part())).contains("refused (exit 1; exit 0 again once it was removed)");
            String evidence = Files.readString(reports.resolve("evidence/C-SYNC-GATE/sync-gate.txt"));
            assertThat(evidence).contains("on this host: " + gate + " --dry-run").contains("host key pinned")
                    .contains("candidate control  [positive control]").contains("staged:   /workspace/");
            try (Stream<Path> left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
                assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.contains("-sync-gate-"))
                        .filter(n -> n.startsWith(r.run().path("id").asText().replaceAll(".*-", "gjh-"))))
                        .as("the shim's directory is gone").isEmpty();
            }
        }
    }
}
