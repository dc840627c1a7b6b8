package dev.gjallarhorn.attack.agent;

import dev.gjallarhorn.attack.failures.ApiFailureScenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.doubles.LlmDouble;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The second oracle's reading of what the gateway sent a chat: a challenge keeps out, typing or another reply lets in. */
class GatewayResponseTest {

    static final String CHALLENGE = "OpenClaw: access not configured.\nYour Telegram user id: 7\nPairing code:\n<pre><code>NNRS2F26\n</code></pre>";

    @Test
    void aPairingChallengeAloneIsNoTurn() {
        GatewayResponse r = new GatewayResponse(List.of(CHALLENGE), 0, List.of());
        assertThat(r.challenged()).isTrue();
        assertThat(r.turnStarted()).isFalse();
        assertThat(r.silent()).isFalse();
    }

    @Test
    void typingOrAnErrorIsATurnAndTheErrorIsTheGatewaysOwnWords() {
        assertThat(new GatewayResponse(List.of(), 1, List.of()).turnStarted()).isTrue();
        GatewayResponse failed = new GatewayResponse(List.of(), 0, List.of("⚠️ Something went wrong while processing your request"));
        assertThat(failed.turnStarted()).isTrue();
        assertThat(failed.ownWords()).hasSize(1);
    }

    @Test
    void theModelsAnswerAndProgressNotesAreNotTheGatewaysOwnWords() {
        GatewayResponse r = new GatewayResponse(List.of(), 2, List.of(LlmDouble.REPLY, "<b>Working</b>", "Working…"));
        assertThat(r.turnStarted()).isTrue();
        assertThat(r.ownWords()).isEmpty();
    }

    @Test
    void nothingSentIsSilence() {
        assertThat(new GatewayResponse(List.of(), 0, List.of()).silent()).isTrue();
        assertThat(new GatewayResponse(List.of(), 0, List.of()).toString()).isEqualTo("nothing sent to the chat");
    }

    @Test
    void aLogLineIsPlacedInTimeByTheJournalsStampOrItsJsonTime() {
        assertThat(ApiFailureScenario.when("journald", "1796041174.149626 bilrost-twin node[1]: x")).hasValueSatisfying(
                t -> assertThat(t.getEpochSecond()).isEqualTo(1796041174L));
        assertThat(ApiFailureScenario.when("tmp-openclaw", "{\"time\":\"2026-11-30T12:19:34.181Z\",\"msg\":\"x\"}")).hasValueSatisfying(
                t -> assertThat(t.toString()).isEqualTo("2026-11-30T12:19:34.181Z"));
        assertThat(ApiFailureScenario.when("var-log", "2026-11-30T12:28:56.814880+00:00 bilrost-twin node[1020]: FETCH")).hasValueSatisfying(
                t -> assertThat(t.getEpochSecond()).isEqualTo(java.time.Instant.parse("2026-11-30T12:28:56Z").getEpochSecond()));
        assertThat(ApiFailureScenario.when("var-log", "no time here")).isEmpty();
    }
}
