package dev.gjallarhorn.doubles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LlmDoubleFailuresTest {

    LlmDouble llm;
    HttpClient http = HttpClient.newHttpClient();
    URI url;

    @BeforeEach
    void start() {
        llm = LlmDouble.start();
        llm.thinkFor(Duration.ofMillis(10));
        url = URI.create("http://127.0.0.1:" + llm.port() + "/v1/chat/completions");
    }

    @AfterEach
    void stop() {
        llm.close();
    }

    HttpResponse<String> post(String user) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(LlmDoubleTest.turn(user, null))).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void errorsUseTheOpenAiShapeAndAreRecordedWithTheirFailure() throws Exception {
        llm.fail(LlmFailure.TOO_MANY_REQUESTS);
        HttpResponse<String> limited = post("hello");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(limited.body()).contains("\"error\"").contains("rate_limit_exceeded");
        llm.fail(LlmFailure.SERVER_ERROR);
        assertThat(post("hello").statusCode()).isEqualTo(500);
        llm.fail(LlmFailure.UNAUTHORIZED);
        assertThat(post("hello").body()).contains("invalid_api_key");
        assertThat(llm.requests()).extracting(r -> r.failure().orElseThrow())
                .containsExactly(LlmFailure.TOO_MANY_REQUESTS, LlmFailure.SERVER_ERROR, LlmFailure.UNAUTHORIZED);
        llm.recover();
        HttpResponse<String> back = post("hello");
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.body()).contains(LlmDouble.REPLY).endsWith("data: [DONE]\n\n");
        assertThat(llm.requests().get(3).failure()).isEmpty();
    }

    @Test
    void aCutStreamEndsAfterItsFirstChunkWithoutFinishing() throws Exception {
        llm.fail(LlmFailure.STREAM_CUT);
        HttpResponse<String> cut = post("hello");
        assertThat(cut.statusCode()).isEqualTo(200);
        assertThat(cut.body()).contains("chat.completion.chunk").doesNotContain("finish_reason\":\"stop").doesNotContain("[DONE]");
    }

    @Test
    void aHungStreamHoldsUntilThePhaseEnds() throws Exception {
        llm.fail(LlmFailure.HUNG_STREAM);
        CompletableFuture<HttpResponse<String>> hung = CompletableFuture.supplyAsync(() -> {
            try {
                return post("hello");
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(700);
        assertThat(hung).as("still hanging while the failure is on").isNotDone();
        llm.recover();
        HttpResponse<String> released = hung.get(5, TimeUnit.SECONDS);
        assertThat(released.body()).contains("chat.completion.chunk").doesNotContain("[DONE]");
    }
}
