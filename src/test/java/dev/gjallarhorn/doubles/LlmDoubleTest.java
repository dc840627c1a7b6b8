package dev.gjallarhorn.doubles;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LlmDoubleTest {

    LlmDouble llm;
    String url;

    @BeforeEach
    void start() {
        llm = LlmDouble.start();
        llm.thinkFor(Duration.ofMillis(10));
        url = "http://127.0.0.1:" + llm.port() + "/v1/chat/completions";
    }

    @AfterEach
    void stop() {
        llm.close();
    }

    static String turn(String user, String tool) {
        String messages = "{\"role\":\"system\",\"content\":\"you are an agent\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + user + "\"},"
                + "{\"type\":\"text\",\"text\":\"<<<BEGIN_OPENCLAW_INTERNAL_CONTEXT>>> earlier: MARKER-OLD <<<END_OPENCLAW_INTERNAL_CONTEXT>>>\"}]}"
                + (tool == null ? "" : ",{\"role\":\"assistant\",\"content\":null},{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"" + tool + "\"}");
        return "{\"model\":\"double-model\",\"stream\":true,\"messages\":[" + messages + "],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"exec\"}},{\"type\":\"function\",\"function\":{\"name\":\"read\"}}]}";
    }

    @Test
    void streamsATextReplyAndRecordsTheTurnWithoutTheInternalContext() {
        String sse = given().contentType(ContentType.JSON).body(turn("hello there", null)).post(url).then().statusCode(200)
                .contentType("text/event-stream").extract().asString();
        assertThat(sse).contains("\"content\":\"" + LlmDouble.REPLY + "\"").contains("\"finish_reason\":\"stop\"").endsWith("data: [DONE]\n\n");
        LlmRequest request = llm.requests().get(0);
        assertThat(request.userText()).isEqualTo("hello there");
        assertThat(request.asks("MARKER-OLD")).as("earlier turns quoted as context are not this turn").isFalse();
        assertThat(request.mentions("MARKER-OLD")).as("but they did reach the model").isTrue();
        assertThat(request.tools()).containsExactly("exec", "read");
        assertThat(request.promptChars()).isGreaterThan(10);
    }

    @Test
    void aScriptedMarkerGetsAnExecToolCallThenTextOnceTheResultComesBack() {
        llm.script(LlmScript.exec("RUN-X1", "id; hostname", "probe"));
        String call = given().contentType(ContentType.JSON).body(turn("please RUN-X1 now", null)).post(url).then().extract().asString();
        assertThat(call).contains("\"name\":\"exec\"").contains("id; hostname").contains("\"finish_reason\":\"tool_calls\"");
        String after = given().contentType(ContentType.JSON).body(turn("please RUN-X1 now", "uid=0(root) RESULT-MARK")).post(url)
                .then().extract().asString();
        assertThat(after).contains(LlmDouble.REPLY).doesNotContain("tool_calls\"");
        assertThat(llm.requests().get(1).toolResultMentions("RESULT-MARK")).isTrue();
    }

    @Test
    void countsRequestsInFlight() {
        llm.thinkFor(Duration.ofMillis(400));
        CompletableFuture<?>[] all = new CompletableFuture<?>[3];
        for (int i = 0; i < all.length; i++) {
            all[i] = CompletableFuture.runAsync(() -> given().contentType(ContentType.JSON).body(turn("hi", null)).post(url).then().statusCode(200));
        }
        CompletableFuture.allOf(all).join();
        assertThat(llm.requests()).hasSize(3);
        assertThat(llm.maxInFlight()).isBetween(2, 3);
    }
}
