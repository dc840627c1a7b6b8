package dev.gjallarhorn.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gjallarhorn.attack.AuditTrailAttack;
import dev.gjallarhorn.attack.ContainmentAttack;
import dev.gjallarhorn.attack.FirewallEgressAttack;
import dev.gjallarhorn.attack.SecretsAttack;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.SshTarget;
import dev.gjallarhorn.twin.Profile;
import dev.gjallarhorn.twin.Twin;
import dev.gjallarhorn.twin.TwinRecord;
import dev.gjallarhorn.twin.TwinSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under load, the same verdicts: {@code as-claimed} attacked (agent channel off; the attacks whose oracles wait:
 * egress, the secret search, the audit trail, containment) while busy loops run on the target
 * and on this host. No claim may come out CONTRADICTED, and a claim may be INCONCLUSIVE only for a reason a container
 * twin always has (not-applicable-on-target) or because a bound truly ran out (timeout): a slow machine may cost a
 * decision, never a false alarm. The hogs are bounded twice: killed by the test, and each exits by itself after
 * {@link #HOG_SECONDS}. It runs alone, so the load is its own.
 */
@Isolated("its busy loops are this test's load, not the other integration tests'")
class UnderLoadIT {

    static final int HOG_SECONDS = 600;
    static final Set<String> AS_CLAIMED_UNDECIDABLE_ON_A_CONTAINER = Set.of("C-READ-ONLY-HOST-MOUNTS", "C-VM-ISOLATION");

    @Test
    void busyTargetAndHostChangeNoVerdictIntoAFalseAlarm(@TempDir Path reports) throws Exception {
        List<Process> hostHogs = new ArrayList<>();
        try (Twin twin = Twin.start(TwinSpec.of(Profile.AS_CLAIMED), Twin.Owner.RUN)) {
            TwinRecord t = twin.record();
            try (SshTarget ssh = twin.connect(Duration.ofSeconds(60))) {
                // two busy loops in the twin (its two cores), each ending by itself; started detached from the channel
                ssh.run(Cmd.of("bash", "-c", "for i in 1 2; do setsid timeout " + HOG_SECONDS
                        + " sh -c 'while :; do :; done' </dev/null >/dev/null 2>&1 & done; echo started").asRoot(), Duration.ofSeconds(30));
                for (int i = 0; i < 2; i++) {
                    hostHogs.add(new ProcessBuilder("timeout", Integer.toString(HOG_SECONDS), "sh", "-c", "while :; do :; done")
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
                }
                long started = System.nanoTime();
                AttackRuns.Result r = AttackRuns.run(t.sshUri(), reports, Map.of("gjallarhorn.ssh.identity", t.identityFile(),
                                "gjallarhorn.ssh.hostKeyFingerprint", t.hostKeyFingerprint(), "gjallarhorn.canary.address", twin.hostAddress(),
                                "gjallarhorn.invasive", "true"),
                        ContainmentAttack.class, FirewallEgressAttack.class, SecretsAttack.class, AuditTrailAttack.class);
                System.out.printf("[UnderLoadIT] as-claimed under load: %.1f s%n", (System.nanoTime() - started) / 1e9);
                List<String> wrong = new ArrayList<>();
                for (Map.Entry<String, JsonNode> claim : r.claims().entrySet()) {
                    String label = claim.getValue().path("label").asText();
                    String id = claim.getKey();
                    boolean ok = switch (label) {
                        case "HOLDS", "NOT_EXERCISED", "INCONCLUSIVE(timeout)", "INCONCLUSIVE(not-applicable-on-target)" -> true;
                        default -> false;
                    };
                    if (!ok) {
                        wrong.add(id + "=" + label + " (" + claim.getValue().path("observed").asText() + ")");
                    }
                }
                assertThat(wrong).as("claims that a busy machine turned into something a quiet as-claimed twin never says").isEmpty();
                for (String id : AS_CLAIMED_UNDECIDABLE_ON_A_CONTAINER) {
                    assertThat(r.label(id)).as(id).isNotEqualTo("CONTRADICTED");
                }
            } finally {
                try (SshTarget ssh = twin.connect(Duration.ofSeconds(60))) {
                    ssh.run(Cmd.of("pkill", "-f", "while :; do :; done").asRoot(), Duration.ofSeconds(30));
                } catch (RuntimeException ignored) {
                    // the twin is removed right after; its hogs go with it
                }
            }
        } finally {
            for (Process hog : hostHogs) {
                // SIGTERM: timeout passes it on to its busy loop; a SIGKILL would orphan the loop, which then never ends
                hog.destroy();
                if (!hog.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    hog.descendants().forEach(ProcessHandle::destroyForcibly);
                    hog.destroyForcibly();
                }
            }
        }
    }
}
