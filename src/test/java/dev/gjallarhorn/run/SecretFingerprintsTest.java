package dev.gjallarhorn.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secret values are remembered only as keyed fingerprints, per machine: a value is as old as the machine has kept it. */
class SecretFingerprintsTest {

    static final String TARGET = "twin:as-claimed";
    static final Instant THEN = Instant.parse("2026-06-01T00:00:00Z");
    static final Instant NOW = THEN.plus(Duration.ofDays(120));

    static void night(Path reports, String machine, Map<String, String> secrets, Instant at) {
        Map<String, SecretFingerprints.Seen> seen = SecretFingerprints.compare(reports, state(reports), TARGET, machine, secrets, at);
        RunHistory.record(reports, state(reports), TARGET, "gjh-" + at.getEpochSecond(), at, Map.of("T-010", "HOLDS"), Optional.empty(), 3,
                machine, secrets, seen);
    }

    static Path state(Path reports) {
        return reports.resolve("state");
    }

    @Test
    void theSameValueOnTheSameMachineIsAsOldAsItsFirstSighting(@TempDir Path reports) throws Exception {
        night(reports, "SHA256:machine-a", Map.of("TELEGRAM_BOT_TOKEN", "123:AAsecret-one"), THEN);
        SecretFingerprints.Seen seen = SecretFingerprints.compare(reports, state(reports), TARGET, "SHA256:machine-a",
                Map.of("TELEGRAM_BOT_TOKEN", "123:AAsecret-one"), NOW).get("TELEGRAM_BOT_TOKEN");
        assertThat(seen.known()).isTrue();
        assertThat(seen.rotated()).isFalse();
        assertThat(seen.unchangedDays(NOW)).isEqualTo(120);
        assertThat(Files.readString(reports.resolve(RunHistory.FILE))).doesNotContain("AAsecret-one")
                .as("the key stays on this host, out of the reports").doesNotContain(Files.readString(state(reports).resolve("fingerprint.key")).strip());
        assertThat(java.nio.file.Files.getPosixFilePermissions(state(reports).resolve("fingerprint.key")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void aNewValueOnTheSameMachineIsARotation(@TempDir Path reports) {
        night(reports, "SHA256:machine-a", Map.of("GH_TOKEN", "ghp_first-value-xyz"), THEN);
        SecretFingerprints.Seen seen = SecretFingerprints.compare(reports, state(reports), TARGET, "SHA256:machine-a",
                Map.of("GH_TOKEN", "ghp_second-value-xyz"), NOW).get("GH_TOKEN");
        assertThat(seen.rotated()).isTrue();
    }

    @Test
    void anotherMachineUnderTheSameNameHasNoHistoryYet(@TempDir Path reports) {
        night(reports, "SHA256:machine-a", Map.of("GH_TOKEN", "ghp_first-value-xyz"), THEN);
        SecretFingerprints.Seen seen = SecretFingerprints.compare(reports, state(reports), TARGET, "SHA256:machine-b",
                Map.of("GH_TOKEN", "ghp_other-twins-value"), NOW).get("GH_TOKEN");
        assertThat(seen.known()).as("a fresh twin's new canaries are not a rotation").isFalse();
        assertThat(seen.rotated()).isFalse();
    }
}
