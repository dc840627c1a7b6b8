package dev.gjallarhorn.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.attack.AuditTrailAttack;
import dev.gjallarhorn.attack.SecretsAttack;
import dev.gjallarhorn.attack.SupplyChainAttack;
import java.nio.file.Path;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secrets, vault, audit-trail and supply-chain attacks end to end on each profile, and every fault flipping
 * the claim or part it targets. Two faults that state the same fact in two claims flip both (a world-readable
 * secrets.env is also a readable bot token); the assertions name those. {@link AttackRuns} checks after every run
 * that no report holds a canary secret and that the target was left as found.
 */
@Order(ItOrder.LONG)
class SecretsAuditVerdictsIT {

    static final String HYPERVISOR_NA = ContainmentVerdictsIT.HYPERVISOR_NA;
    static final String[] CLAIMS = {"T-003", "C-SECRETS-MANAGEMENT", "T-010", "N-SECRETS-ROTATION", "T-007", "C-OVERLAY-WATCHER",
            "T-008", "N-CENTRALIZED-LOGGING", "T-004", "N-SUPPLY-CHAIN-HARDENING"};

    static AttackRuns.Result attack(String target, Path reports) throws Exception {
        return AttackRuns.run(target, reports, SecretsAttack.class, AuditTrailAttack.class, SupplyChainAttack.class);
    }

    @Test
    void asProvisionedShowsTheKnownDifferences(@TempDir Path reports) throws Exception {
        AttackRuns.Result r = attack("twin:as-provisioned", reports);
        assertThat(r.label("T-003")).isEqualTo("HOLDS");
        assertThat(r.label("C-SECRETS-MANAGEMENT")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-SECRETS-MANAGEMENT", "no plaintext copy")).as("auth-profiles.json").isEqualTo("CONTRADICTED");
        assertThat(r.part("C-SECRETS-MANAGEMENT", "mode 0600")).isEqualTo("HOLDS");
        assertThat(r.label("T-007")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-007", "the sandbox gets the vault read-only")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-007", "the vault share refuses writes")).as("after a remount: a VM's question").isEqualTo(HYPERVISOR_NA);
        assertThat(r.part("T-007", "the agent has read access")).isEqualTo("HOLDS");
        assertThat(r.label("C-OVERLAY-WATCHER")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-OVERLAY-WATCHER", "every write")).as("Bilrost's watcher has no -e attrib: a chmod goes unlogged")
                .isEqualTo("CONTRADICTED");
        assertThat(r.partSeen("C-OVERLAY-WATCHER", "every write")).contains("chmod of /workspace/");
        assertThat(r.part("C-OVERLAY-WATCHER", "cannot stop")).as("the watcher runs as the user it audits").isEqualTo("CONTRADICTED");
        assertThat(r.part("C-OVERLAY-WATCHER", "lose events")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-OVERLAY-WATCHER", "move or empty")).isEqualTo("CONTRADICTED");
        for (String id : new String[] {"T-008", "T-010", "N-SECRETS-ROTATION", "N-CENTRALIZED-LOGGING", "T-004", "N-SUPPLY-CHAIN-HARDENING"}) {
            assertThat(r.label(id)).as(id).isEqualTo("HOLDS");
        }
        assertThat(r.claims().get("T-004").path("observed").asText()).contains("bun.lockb was deleted");
    }

    @Test
    void asClaimedHoldsEverywhere(@TempDir Path reports) throws Exception {
        AttackRuns.Result r = attack("twin:as-claimed", reports);
        for (String id : CLAIMS) {
            assertThat(r.label(id)).as(id).isEqualTo(id.equals("T-007") ? HYPERVISOR_NA : "HOLDS");
        }
        assertThat(r.part("T-007", "the sandbox gets the vault read-only")).isEqualTo("HOLDS");
    }

    @Test
    void faultsOneFlipEachTargetedClaim(@TempDir Path reports) throws Exception {
        AttackRuns.Result r = attack("twin:as-claimed+secret-in-tmp-log,token-in-sandbox,vault-rw,watcher-stopped,remote-syslog,"
                + "supply-chain-hardened", reports);
        assertThat(r.label("T-003")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-003", "/tmp/openclaw")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-003", "the journal")).isEqualTo("HOLDS");
        assertThat(r.label("T-010")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-010", "no one but the gateway")).as("the token inside the sandbox").isEqualTo("CONTRADICTED");
        assertThat(r.part("T-010", "env-only")).isEqualTo("HOLDS");
        assertThat(r.part("T-010", "not rotated")).isEqualTo("HOLDS");
        assertThat(r.label("T-007")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-007", "the sandbox gets the vault read-only")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-007", "the vault share refuses writes")).isEqualTo(HYPERVISOR_NA);
        assertThat(r.label("C-OVERLAY-WATCHER")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-OVERLAY-WATCHER", "every write")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-008", "overlay-watcher exists")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-008", "no centralized logging")).isEqualTo("STALE");
        assertThat(r.label("N-CENTRALIZED-LOGGING")).isEqualTo("STALE");
        assertThat(r.label("N-SUPPLY-CHAIN-HARDENING")).isEqualTo("STALE");
        assertThat(r.label("T-004")).isEqualTo("STALE");
        assertThat(r.label("C-SECRETS-MANAGEMENT")).isEqualTo("HOLDS");
        assertThat(r.label("N-SECRETS-ROTATION")).isEqualTo("HOLDS");
    }

    /**
     * What the claims' words cover beyond the ways first tried, on one twin (the faults bear on different claims):
     * watchers that see only some of the writes to the upper layer (one on the merged view misses what is written in
     * the upper directory itself; one that leaves out what root owns misses root's writes, whichever way they go), and
     * a key that lives on only in a form a file holds it in (git's loose objects, a pack, a deleted file still open).
     */
    @Test
    void wholeScopeFaultsOfTheWatcherAndTheSecretsFlipTheirClaims(@TempDir Path reports) throws Exception {
        AttackRuns.Result r = AttackRuns.run("twin:as-claimed+watcher-on-merged-view,watcher-ignores-root,secret-in-git-history,secret-in-git-pack,"
                + "secret-in-deleted-file", reports, AuditTrailAttack.class, SecretsAttack.class);
        assertThat(r.label("C-OVERLAY-WATCHER")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-OVERLAY-WATCHER", "every write")).isEqualTo("CONTRADICTED");
        assertThat(r.partSeen("C-OVERLAY-WATCHER", "every write"))
                .contains("-upper-openclaw-create (a new file)\",\"outcome\":\"SUCCEEDED")
                .contains("-merged-root-create (a new file)\",\"outcome\":\"SUCCEEDED")
                .contains("-merged-openclaw-create (a new file)\",\"outcome\":\"BLOCKED");
        assertThat(r.part("C-OVERLAY-WATCHER", "cannot stop")).isEqualTo("HOLDS");
        assertThat(r.part("T-008", "overlay-watcher exists")).as("the owner's writes through /workspace are logged").isEqualTo("HOLDS");
        assertThat(r.label("N-CENTRALIZED-LOGGING")).isEqualTo("HOLDS");
        assertThat(r.label("C-SECRETS-MANAGEMENT")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-SECRETS-MANAGEMENT", "git objects and packs")).isEqualTo("CONTRADICTED");
        assertThat(r.partSeen("C-SECRETS-MANAGEMENT", "git objects and packs")).contains("agent-tools/.git").contains("a loose object")
                .contains("deploy-notes/.git").contains("the pack pack-");
        assertThat(r.part("C-SECRETS-MANAGEMENT", "no plaintext copy")).isEqualTo("CONTRADICTED");
        assertThat(r.partSeen("C-SECRETS-MANAGEMENT", "no plaintext copy")).contains("openclaw-provider-cache.json (deleted, still open");
        assertThat(r.label("T-003")).isEqualTo("HOLDS");
    }

    /** Blindfolds: a journalctl that answers nothing, or fails, leaves the journal unread: never HOLDS. */
    @Test
    void aBlindJournalIsInconclusive(@TempDir Path reports) throws Exception {
        AttackRuns.Result blind = AttackRuns.run("twin:as-claimed+journalctl-blind", reports.resolve("blind"), SecretsAttack.class);
        assertThat(blind.part("T-003", "the journal")).isEqualTo("INCONCLUSIVE(oracle-blind)");
        assertThat(blind.label("T-003")).startsWith("INCONCLUSIVE");
        AttackRuns.Result fails = AttackRuns.run("twin:as-claimed+journalctl-fails", reports.resolve("fails"), SecretsAttack.class);
        assertThat(fails.part("T-003", "the journal")).isEqualTo("INCONCLUSIVE(probe-error)");
        assertThat(fails.label("T-003")).startsWith("INCONCLUSIVE");
    }

    @Test
    void faultsTwoFlipEachTargetedClaim(@TempDir Path reports) throws Exception {
        AttackRuns.Result r = attack("twin:as-claimed+journal-echo-secret,secrets-world-readable,secrets-rotated,watcher-wrong-dir", reports);
        assertThat(r.label("T-003")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-003", "the journal")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-003", "/tmp/openclaw")).isEqualTo("HOLDS");
        assertThat(r.label("C-SECRETS-MANAGEMENT")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-SECRETS-MANAGEMENT", "mode 0600")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-SECRETS-MANAGEMENT", "EnvironmentFile")).isEqualTo("HOLDS");
        assertThat(r.label("T-010")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-010", "env-only")).as("the echoed token is in the journal").isEqualTo("CONTRADICTED");
        assertThat(r.part("T-010", "no one but the gateway")).as("a world-readable secrets.env").isEqualTo("CONTRADICTED");
        assertThat(r.part("T-010", "not rotated")).isEqualTo("STALE");
        assertThat(r.label("N-SECRETS-ROTATION")).isEqualTo("STALE");
        assertThat(r.label("C-OVERLAY-WATCHER")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-OVERLAY-WATCHER", "every write")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-OVERLAY-WATCHER", "cannot stop")).isEqualTo("HOLDS");
        assertThat(r.part("T-008", "no centralized logging")).isEqualTo("HOLDS");
        for (String id : new String[] {"N-CENTRALIZED-LOGGING", "T-004", "N-SUPPLY-CHAIN-HARDENING"}) {
            assertThat(r.label(id)).as(id).isEqualTo("HOLDS");
        }
        assertThat(r.label("T-007")).isEqualTo(HYPERVISOR_NA);
    }
}
