package dev.gjallarhorn.report;

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
}
