package dev.gjallarhorn.evidence;

import dev.gjallarhorn.report.ReportFiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void scrubsALearnedValueInEveryEncoding() {
        Redactor redactor = new Redactor();
        String secret = "gjhcanary-gw-pass-Zq9/+x&y";
        redactor.learn("OPENCLAW_GATEWAY_PASSWORD", secret);
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        String text = String.join(" | ", secret, Base64.getEncoder().encodeToString(bytes), HexFormat.of().formatHex(bytes),
                URLEncoder.encode(secret, StandardCharsets.UTF_8));
        String scrubbed = redactor.scrub(text);
        assertThat(scrubbed).doesNotContain(secret).doesNotContain(Base64.getEncoder().encodeToString(bytes))
                .doesNotContain(HexFormat.of().formatHex(bytes)).contains("[REDACTED:OPENCLAW_GATEWAY_PASSWORD]");
    }

    @Test
    void scrubsKnownTokenShapesItWasNeverTold() {
        String text = "bot 123456789:AAHfakeTokenForSandboxHarness0123456789 key sk-ant-api03-abcdefghijklmnopqrstuv gh ghp_abcdefghijklmnopqrstuvwx12";
        assertThat(new Redactor().scrub(text)).isEqualTo("bot [REDACTED:token] key [REDACTED:token] gh [REDACTED:token]");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        Redactor redactor = new Redactor();
        redactor.learn("SHORT", "abc");
        assertThat(redactor.scrub("tcp/443 HTTPS abc SUCCEEDED")).isEqualTo("tcp/443 HTTPS abc SUCCEEDED");
    }

    @Test
    void findsTheSecretInsideALongerBase64TextAndAsJsonWritesIt() throws Exception {
        Redactor redactor = new Redactor();
        String secret = "gjhcanary-gw-pass-Qz8\"and\\more";
        redactor.learn("OPENCLAW_GATEWAY_PASSWORD", secret);
        for (String user : java.util.List.of("u:", "ab:", "abc:")) { // every offset the value can start at
            String basic = "Authorization: Basic " + Base64.getEncoder().encodeToString((user + secret).getBytes(StandardCharsets.UTF_8));
            assertThat(redactor.scrub(basic)).as(user).contains("[REDACTED:OPENCLAW_GATEWAY_PASSWORD]");
        }
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(java.util.Map.of("line", "pass=" + secret));
        assertThat(redactor.scrub(json)).doesNotContain("Qz8").contains("[REDACTED:OPENCLAW_GATEWAY_PASSWORD]");
    }

    @Test
    void aCutRedactsFirstSoASecretStraddlingTheCutLeavesNoPrefix() {
        Redactor redactor = new Redactor();
        String secret = "gjhcanary-gw-token-Vb61kQ8zPp2LmN0x";
        redactor.learn("OPENCLAW_GATEWAY_TOKEN", secret);
        String text = "x".repeat(230) + secret + " and more after it";
        String cut = Redactor.cut(text, 240, "…");
        assertThat(cut).doesNotContain(secret.substring(0, 8)).endsWith("…").hasSizeLessThanOrEqualTo(241);
        assertThat(Redactor.cut("ok " + secret, 240, "…")).isEqualTo("ok [REDACTED:OPENCLAW_GATEWAY_TOKEN]");
    }

    @Test
    void aCutNeverHalvesARedactionMarker() {
        Redactor redactor = new Redactor();
        redactor.learn("OPENCLAW_GATEWAY_PASSWORD", "gjhcanary-gw-pass-Rt5Ty6");
        String cut = Redactor.cut("y".repeat(10) + "gjhcanary-gw-pass-Rt5Ty6 tail", 15, "...");
        assertThat(cut).isEqualTo("y".repeat(10) + "...");
    }

    @Test
    void anUnlearnedTokenShapeStraddlingTheCutIsGoneToo() {
        String token = "sk-ant-api03-abcdefghijklmnopqrstuv";
        assertThat(Redactor.cut("z".repeat(99) + " " + token, 110, "...")).doesNotContain("sk-ant").isEqualTo("z".repeat(99) + " ...");
    }

    @Test
    void aShortValueUnderASecretNameIsLearnedAndRedactedOnlyAsAWholeWord() {
        Redactor redactor = new Redactor();
        redactor.learn("OPENCLAW_GATEWAY_PASSWORD", "x7Qz");
        assertThat(redactor.scrub("pass=x7Qz; x7Qzlong, ax7Qz and (x7Qz)"))
                .isEqualTo("pass=[REDACTED:OPENCLAW_GATEWAY_PASSWORD]; x7Qzlong, ax7Qz and ([REDACTED:OPENCLAW_GATEWAY_PASSWORD])");
        assertThat(redactor.knowsSecrets()).isTrue();
    }

    @Test
    void commonplaceValuesAreNeverLearnedWhateverTheirName() {
        Redactor redactor = new Redactor();
        for (String value : java.util.List.of("", "true", "FALSE", "0", "1", "yes", "no", "None", "null")) {
            redactor.learn("OPENCLAW_AUTH_TOKEN", value);
            redactor.learnFromEnvironment("GH_TOKEN", value);
        }
        assertThat(redactor.knowsAnything()).isFalse();
        assertThat(redactor.scrub("auth true, 1 token, no key")).isEqualTo("auth true, 1 token, no key");
    }

    @Test
    void anEnvironmentTeachesItsSecretLookingValuesByNameOrShapeAndNothingElse() {
        Redactor redactor = new Redactor();
        int learned = redactor.learnEnvironment(java.util.List.of(
                "OPENCLAW_SANDBOX_TOKEN=sbx-1f2e3d", "DATABASE_DSN=postgres://u:p@db/x", "SENTRY_AUTH=ab1",
                "WEBHOOK=Zx81KqLm0PwR5tYb7Nc2Vd4", "BUILD_ID=3b5d7f9a1c2e4b6d8f0a1c3e5b7d9f1a",
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/bin", "HOME=/home/node", "LANG=C.UTF-8", "HOSTNAME=4f1c2b3a9d8e",
                "JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64", "OPENCLAW_SANDBOX=true", "not an assignment"));
        assertThat(learned).isEqualTo(5);
        String scrubbed = redactor.scrub("sbx-1f2e3d postgres://u:p@db/x ab1 Zx81KqLm0PwR5tYb7Nc2Vd4 3b5d7f9a1c2e4b6d8f0a1c3e5b7d9f1a"
                + " /home/node C.UTF-8 4f1c2b3a9d8e");
        assertThat(scrubbed).isEqualTo("[REDACTED:OPENCLAW_SANDBOX_TOKEN] [REDACTED:DATABASE_DSN] [REDACTED:SENTRY_AUTH] [REDACTED:WEBHOOK]"
                + " [REDACTED:BUILD_ID] /home/node C.UTF-8 4f1c2b3a9d8e");
        assertThat(redactor.knowsSecrets()).as("environment values are not the target's secrets").isFalse();
        assertThat(redactor.forms()).as("nor what the attacks search the target for").isEmpty();
        assertThat(redactor.knowsAnything()).isTrue();
    }

    @Test
    void aNameIsSecretByItsWordsNotByALetterRunInsideOne() {
        for (String secret : new String[] {"GH_TOKEN", "TELEGRAM_BOT_TOKEN", "DATABASE_DSN", "PIN_PASS", "SENTRY_AUTH", "OPENAI_APIKEY",
                "api-key", "DbPassword_X"}) {
            assertThat(Redactor.secretLookingName(secret)).as(secret).isTrue();
        }
        for (String setting : new String[] {"KEYMAP", "AUTH_MODE", "GH_TOKEN_FILE", "SSH_KEY_PATH", "PASSTHROUGH", "OPENCLAW_SANDBOX",
                "TOKEN_TTL", "KEYBOARD"}) {
            assertThat(Redactor.secretLookingName(setting)).as(setting).isFalse();
        }
        Redactor redactor = new Redactor();
        redactor.learnEnvironment(java.util.List.of("AUTH_MODE=token", "KEYMAP=us", "PIN_PASS=4417"));
        assertThat(redactor.scrub("mode token, keymap us, pin 4417")).as("settings about a secret stay readable")
                .isEqualTo("mode token, keymap us, pin [REDACTED:PIN_PASS]");
    }

    @Test
    void aValueOfTheSecretsFileKeepsItsSecretName() {
        Redactor redactor = new Redactor();
        redactor.learn("GH_TOKEN", "ghp_canaryValueOfTheFile0123456789");
        redactor.learnFromEnvironment("GITHUB_TOKEN", "ghp_canaryValueOfTheFile0123456789");
        assertThat(redactor.scrub("ghp_canaryValueOfTheFile0123456789")).isEqualTo("[REDACTED:GH_TOKEN]");
        assertThat(redactor.forms()).extracting(Redactor.Form::secretName).containsOnly("GH_TOKEN");
    }

    @Test
    void anExceptionMessageIsRedactedBeforeItIsCutToOneLine() {
        Redactor redactor = new Redactor();
        String secret = "gjhcanary-anthropic-Kd93nQ0pZr81xYw";
        redactor.learn("ANTHROPIC_API_KEY", secret);
        RuntimeException e = new RuntimeException("w".repeat(190) + " " + secret + "\nsecond line");
        assertThat(ReportFiles.oneLine(e)).doesNotContain(secret.substring(0, 6)).endsWith("...");
    }
}
