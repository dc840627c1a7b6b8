package dev.gjallarhorn.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.attack.SecretsAttack;
import dev.gjallarhorn.run.SecretFingerprints;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.SshTarget;
import dev.gjallarhorn.twin.Profile;
import dev.gjallarhorn.twin.Twin;
import dev.gjallarhorn.twin.TwinRecord;
import dev.gjallarhorn.twin.TwinSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The age of the secrets survives re-provisioning: on a twin whose secrets.env header says "today" (as Bilrost's
 * secrets role writes it at every provisioning) nothing on the target rotates them, so the gap holds on a first run;
 * the run history's fingerprints say how long the values have been unchanged, and a value that changed between two
 * runs is a rotation. Attacked as an ssh: target, so the
 * same twin serves two runs.
 */
class SecretAgeIT {

    static final String KEY = "0f".repeat(32);

    @Test
    void theHistoryNotTheHeaderSaysHowOldTheSecretsAreAndAChangedValueIsARotation(@TempDir Path reports) throws Exception {
        try (Twin twin = Twin.start(TwinSpec.of(Profile.AS_CLAIMED, "secrets-header-fresh"), Twin.Owner.RUN)) {
            TwinRecord r = twin.record();
            Path state = Files.createDirectories(reports.resolve("state"));
            Map<String, String> ssh = Map.of("gjallarhorn.ssh.identity", r.identityFile(),
                    "gjallarhorn.ssh.hostKeyFingerprint", r.hostKeyFingerprint(), "gjallarhorn.canary.address", r.gateway(),
                    "gjallarhorn.state", state.toString());

            AttackRuns.Result headerOnly = AttackRuns.runMethods(r.sshUri(), reports, ssh, SecretsAttack.class, "nothingRotatesTheSecrets");
            assertThat(headerOnly.label("N-SECRETS-ROTATION")).as("a fresh header and no history: nothing on the target rotates them")
                    .isEqualTo("HOLDS");
            assertThat(headerOnly.claims().get("N-SECRETS-ROTATION").path("observed").asText()).contains("nothing on the target rotates them");

            // the history of a night 200 days ago that saw these very values
            Instant then = Instant.now().minus(Duration.ofDays(200));
            String secrets = twin.secrets().entrySet().stream().map(e -> "\"" + e.getKey() + "\":{\"fingerprint\":\""
                    + SecretFingerprints.fingerprint(KEY, e.getValue()) + "\",\"since\":\"" + then + "\",\"lastSeen\":\"" + then
                    + "\",\"machine\":\"" + r.hostKeyFingerprint() + "\"}")
                    .collect(Collectors.joining(","));
            Files.writeString(state.resolve("fingerprint.key"), KEY + "\n"); // this host's key, which that night used
            Files.writeString(reports.resolve("history.json"), "{\"schema\":1,\"targets\":{\""
                    + r.sshUri() + "\":{\"secrets\":{" + secrets + "}}}}");
            AttackRuns.Result old = AttackRuns.runMethods(r.sshUri(), reports, ssh, SecretsAttack.class, "nothingRotatesTheSecrets");
            assertThat(old.label("N-SECRETS-ROTATION")).isEqualTo("HOLDS");
            assertThat(old.claims().get("N-SECRETS-ROTATION").path("observed").asText())
                    .contains("200 days old").contains("unchanged since " + then.toString().substring(0, 10));

            // the bot token gets a new value: its fingerprint changes, which is a rotation
            try (SshTarget target = twin.connect(Duration.ofSeconds(15))) {
                assertThat(target.run(Cmd.of("sed", "-i", "s/^TELEGRAM_BOT_TOKEN=.*/TELEGRAM_BOT_TOKEN=123456789:AAGJHCANARYrotatedrotatedrotated12/",
                        "/etc/openclaw/secrets.env").asRoot(), Duration.ofSeconds(30)).succeeded()).isTrue();
            }
            AttackRuns.Result rotated = AttackRuns.runMethods(r.sshUri(), reports, ssh, SecretsAttack.class, "nothingRotatesTheSecrets");
            assertThat(rotated.label("N-SECRETS-ROTATION")).isEqualTo("STALE");
            assertThat(rotated.claims().get("N-SECRETS-ROTATION").path("observed").asText())
                    .contains("the value of TELEGRAM_BOT_TOKEN changed since the run of");
            assertThat(Files.readString(reports.resolve("history.json"))).as("values are kept only as fingerprints")
                    .doesNotContain(twin.secrets().get("GH_TOKEN")).doesNotContain("AAGJHCANARYrotated");
        }
    }

    @Test
    void aTimerWhoseScriptRewritesTheSecretsIsARotationWhateverItsUnitSays(@TempDir Path reports) throws Exception {
        try (Twin twin = Twin.start(TwinSpec.of(Profile.AS_CLAIMED, "rotation-timer"), Twin.Owner.RUN)) {
            TwinRecord r = twin.record();
            Path state = Files.createDirectories(reports.resolve("state"));
            Map<String, String> ssh = Map.of("gjallarhorn.ssh.identity", r.identityFile(),
                    "gjallarhorn.ssh.hostKeyFingerprint", r.hostKeyFingerprint(), "gjallarhorn.canary.address", r.gateway(),
                    "gjallarhorn.state", state.toString());
            AttackRuns.Result run = AttackRuns.runMethods(r.sshUri(), reports, ssh, SecretsAttack.class, "nothingRotatesTheSecrets");
            assertThat(run.label("N-SECRETS-ROTATION")).isEqualTo("STALE");
            assertThat(run.claims().get("N-SECRETS-ROTATION").path("observed").asText())
                    .contains("bilrost-nightly.timer").contains("/usr/local/sbin/bilrost-nightly");
        }
    }
}
