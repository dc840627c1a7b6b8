package dev.gjallarhorn.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The final redaction gate: it fires on a canary planted in an attachment and stays quiet on clean reports. */
class LeakScannerTest {

    static final String CANARY = "sk-ant-api03-GJHCANARYplantedInAnAttachment0123";

    @TempDir
    Path reports;
    Redactor redactor;

    @BeforeEach
    void reportsOfARun() throws Exception {
        redactor = new Redactor();
        redactor.learn("ANTHROPIC_API_KEY", CANARY);
        Files.createDirectories(reports.resolve("allure-results"));
        Files.createDirectories(reports.resolve("evidence/C-FIREWALL"));
        Files.writeString(reports.resolve("verdicts.json"), "{\"claims\":[]}");
        Files.writeString(reports.resolve("evidence/C-FIREWALL/egress-matrix.txt"), redactor.scrub("key " + CANARY + " was seen"));
        Files.writeString(reports.resolve("allure-results/abc-attachment.txt"), "tcp/443 SUCCEEDED");
    }

    @Test
    void staysQuietWhenEverythingWasScrubbed() {
        assertThat(LeakScanner.scan(List.of(reports), Set.of(), redactor)).isEmpty();
    }

    @Test
    void firesOnACanaryPlantedInAnAttachmentAndNamesTheFile() throws Exception {
        Path planted = Files.writeString(reports.resolve("allure-results/def-attachment.txt"), "env: ANTHROPIC_API_KEY=" + CANARY);
        assertThat(LeakScanner.scan(List.of(reports), Set.of(), redactor)).singleElement().satisfies(leak -> {
            assertThat(leak.file()).isEqualTo(planted);
            assertThat(leak.secretName()).isEqualTo("ANTHROPIC_API_KEY");
            assertThat(leak.toString()).doesNotContain(CANARY);
        });
    }

    @Test
    void findsEncodedFormsToo() throws Exception {
        Files.writeString(reports.resolve("evidence/b64.txt"), Base64.getEncoder().encodeToString(CANARY.getBytes(StandardCharsets.UTF_8)));
        Files.writeString(reports.resolve("evidence/hex.txt"), java.util.HexFormat.of().formatHex(CANARY.getBytes(StandardCharsets.UTF_8)));
        assertThat(LeakScanner.scan(List.of(reports), Set.of(), redactor)).extracting(LeakScanner.Leak::encoding)
                .containsExactlyInAnyOrder("base64", "hex");
    }

    @Test
    void skipsWhatItIsToldToSkip() throws Exception {
        Files.createDirectories(reports.resolve("baseline"));
        Files.writeString(reports.resolve("baseline/old.json"), CANARY);
        assertThat(LeakScanner.scan(List.of(reports), Set.of(reports.resolve("baseline")), redactor)).isEmpty();
    }

    @Test
    void findsAValueLearnedOnlyFromAnEnvironment() throws Exception {
        redactor.learnEnvironment(List.of("OPENCLAW_SANDBOX_TOKEN=sbx-Lq29WmXc81PzRt40"));
        Path planted = Files.writeString(reports.resolve("evidence/C-FIREWALL/transcript.txt"), "tool result: OPENCLAW_SANDBOX_TOKEN=sbx-Lq29WmXc81PzRt40");
        assertThat(LeakScanner.scan(List.of(reports), Set.of(), redactor)).singleElement().satisfies(leak -> {
            assertThat(leak.file()).isEqualTo(planted);
            assertThat(leak.secretName()).isEqualTo("OPENCLAW_SANDBOX_TOKEN");
        });
    }

    @Test
    void aShortSecretCountsOnlyAsAWholeWord() throws Exception {
        redactor.learn("OPENCLAW_GATEWAY_PASSWORD", "x7Qz");
        Files.writeString(reports.resolve("evidence/words.txt"), "x7Qzlong ax7Qz");
        assertThat(LeakScanner.scan(List.of(reports), Set.of(), redactor)).isEmpty();
        Path planted = Files.writeString(reports.resolve("evidence/word.txt"), "password: x7Qz\n");
        assertThat(LeakScanner.scan(List.of(reports), Set.of(), redactor)).extracting(LeakScanner.Leak::file).containsExactly(planted);
    }

    @Test
    void aGateWithNothingToLookForIsBlindOnARunThatAttacked() {
        Redactor nothing = new Redactor();
        assertThat(LeakScanner.blind(true, nothing)).hasValueSatisfying(why -> assertThat(why).startsWith("the leak gate has nothing to look for"));
        assertThat(LeakScanner.blind(false, nothing)).as("a run that attacked nothing has nothing to leak").isEmpty();
        assertThat(LeakScanner.blind(true, redactor)).isEmpty();
        Redactor fromAnEnvironment = new Redactor();
        fromAnEnvironment.learnFromEnvironment("GH_TOKEN", "ghp_fromTheSandboxEnvironment0123456");
        assertThat(LeakScanner.blind(true, fromAnEnvironment)).isEmpty();
    }
}
