package dev.gjallarhorn.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.attack.AuditTrailAttack;
import dev.gjallarhorn.attack.ContainmentAttack;
import dev.gjallarhorn.attack.FirewallEgressAttack;
import dev.gjallarhorn.attack.HostShareAttack;
import dev.gjallarhorn.attack.SecretsAttack;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each attack takes its surface from the target (issue 11): a weakness where no list of ours would look is found.
 * The four mutations reported as "HOLDS although the weakness was there" share one twin (their claims differ), and
 * other inputs of each kind share another, with the shares bound plainly so that the remount attack's restore
 * (remount,ro, else remount,bind,ro, verified) is proven; {@link AttackRuns} asserts after each run that the target
 * was left as found and no report holds a secret.
 */
class LookEverywhereIT {

    static AttackRuns.Result attack(String target, Path reports) throws Exception {
        return AttackRuns.run(target, reports, HostShareAttack.class, ContainmentAttack.class, FirewallEgressAttack.class,
                SecretsAttack.class, AuditTrailAttack.class);
    }

    @Test
    void theFourReportedMutationsFlipTheirClaims(@TempDir Path reports) throws Exception {
        AttackRuns.Result r = attack("twin:as-claimed+ufw-allow-out-993,operator-home-share,coredump-environ-token,watcher-not-recursive", reports);
        assertThat(r.label("C-FIREWALL")).isEqualTo("CONTRADICTED");
        // on a busy machine an identity's attempt may run out of its bound (INCONCLUSIVE for it, said in the part): the
        // port must still be seen getting out, as some identity
        assertThat(r.claims().get("C-FIREWALL").path("observed").asText()).containsPattern("tcp/993 \\(as [a-z, ]+\\)");
        assertThat(r.label("C-READ-ONLY-HOST-MOUNTS")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-READ-ONLY-HOST-MOUNTS", "refuse writes")).isEqualTo("CONTRADICTED");
        assertThat(r.claims().get("C-READ-ONLY-HOST-MOUNTS").path("observed").asText()).contains("/Users/operator as lima");
        assertThat(r.label("T-006")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-006", "home directory")).isEqualTo("CONTRADICTED");
        assertThat(r.partSeen("T-006", "home directory")).contains("/Users/operator", ".ssh");
        assertThat(r.label("T-003")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-003", "the journal")).isEqualTo("CONTRADICTED");
        assertThat(r.partSeen("T-003", "the journal")).contains("field COREDUMP_ENVIRON");
        assertThat(r.label("C-OVERLAY-WATCHER")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-OVERLAY-WATCHER", "every write")).isEqualTo("CONTRADICTED");
        assertThat(r.partSeen("C-OVERLAY-WATCHER", "every write")).contains("hooks/post-checkout (a hook in a new directory)\",\"outcome\":\"SUCCEEDED");
        for (String id : new String[] {"C-SECRETS-MANAGEMENT", "C-SYNC-GATE", "C-DOCKER-SANDBOX"}) {
            assertThat(r.label(id)).as(id).isEqualTo("HOLDS");
        }
        String shares = Files.readString(reports.resolve("evidence/C-READ-ONLY-HOST-MOUNTS/share-writes.txt"));
        assertThat(shares).as("what 'every share' meant in this run").contains("host-backed mounts derived from the mount table",
                "/Users/operator (ext4", "left out as the target's own scaffolding: [/opt/openclaw-runtime]");
        assertThat(Files.readString(reports.resolve("evidence/surface/firewall.txt"))).contains("ufw-user-output -p tcp -m tcp --dport 993 -j ACCEPT");
        assertThat(Files.readString(reports.resolve("evidence/T-003/secret-search.txt"))).contains("searched (as root):", "bounded: a budget of",
                "log sources (evidence/surface/log-sources.txt)");
    }

    @Test
    void otherInputsOfEachKindFlipTheirClaimsAndEveryRemountIsPutBack(@TempDir Path reports) throws Exception {
        AttackRuns.Result r = attack("twin:as-claimed+shares-plain-bind,iptables-owner-range,otel-to-host,accept-to-unreachable,"
                + "watcher-excludes-git,secret-in-rotated-log,secret-in-gateway-store,writable-share-elsewhere,home-share-readonly", reports);
        assertThat(r.label("C-FIREWALL")).isEqualTo("CONTRADICTED");
        assertThat(r.claims().get("C-FIREWALL").path("observed").asText()).as("only the owner's uid gets out, inside the range")
                .containsPattern("tcp/7\\d{3} \\(as openclaw\\)").containsPattern("tcp/4318 \\(as [a-z, ]+\\)");
        String matrix = Files.readString(reports.resolve("evidence/C-FIREWALL/egress-matrix.txt"));
        assertThat(matrix).as("destination-specific ACCEPTs, with whether a canary could stand there")
                .containsPattern("/32: a canary can stand there: yes \\(.*--dport 4318")
                .contains("10.99.0.7/32: a canary can stand there: no");
        assertThat(r.partSeen("C-FIREWALL", "beyond the allowlist")).as("the unreachable destination is oracle-blind, not a pass")
                .contains("an ACCEPT to 10.99.0.7", "oracle-blind");
        assertThat(r.label("C-OVERLAY-WATCHER")).isEqualTo("CONTRADICTED");
        assertThat(r.partSeen("C-OVERLAY-WATCHER", "every write")).contains(".git/hooks/pre-commit (a path under .git/hooks)\",\"outcome\":\"SUCCEEDED")
                .contains("hooks/post-checkout (a hook in a new directory)\",\"outcome\":\"BLOCKED");
        assertThat(r.label("T-003")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-003", "the logs the target writes")).isEqualTo("CONTRADICTED");
        assertThat(r.partSeen("T-003", "the logs the target writes")).contains("gateway.log.3.gz (decompressed");
        assertThat(r.label("C-SECRETS-MANAGEMENT")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-SECRETS-MANAGEMENT", "database")).isEqualTo("CONTRADICTED");
        assertThat(r.label("C-READ-ONLY-HOST-MOUNTS")).isEqualTo("CONTRADICTED");
        assertThat(r.claims().get("C-READ-ONLY-HOST-MOUNTS").path("observed").asText()).contains("/var/cache/bilrost-build")
                .doesNotContain("/srv/operator-home");
        assertThat(r.label("T-006")).isEqualTo("CONTRADICTED");
        assertThat(r.partSeen("T-006", "home directory")).contains("/srv/operator-home").doesNotContain("/var/cache/bilrost-build\",\"outcome\":\"SUCCEEDED");
        assertThat(r.label("T-010")).as("none of these faults touches the bot token").isEqualTo("HOLDS");
        String shares = Files.readString(reports.resolve("evidence/C-READ-ONLY-HOST-MOUNTS/share-writes.txt"));
        assertThat(shares).as("plain binds: root's remount gets through, and every share is read-only again, verified")
                .contains("REMOUNT /mnt/openclaw 0").containsPattern("RESTORE /mnt/openclaw remount-(bind-)?ro read-only again")
                .doesNotContain("RESTORE /mnt/openclaw FAILED");
        assertThat(r.part("C-READ-ONLY-HOST-MOUNTS", "after root remounts")).isEqualTo(ContainmentVerdictsIT.HYPERVISOR_NA);
    }
}
