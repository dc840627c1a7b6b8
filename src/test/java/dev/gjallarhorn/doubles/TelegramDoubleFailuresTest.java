package dev.gjallarhorn.doubles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
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

class TelegramDoubleFailuresTest {

    TelegramDouble telegram;
    HttpClient http = HttpClient.newHttpClient();
    String base;

    @BeforeEach
    void start() {
        telegram = TelegramDouble.start();
        base = "http://127.0.0.1:" + telegram.port() + "/bot123456789:AAfaketoken/";
    }

    @AfterEach
    void stop() {
        telegram.close();
    }

    HttpResponse<String> call(String method, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + method)).timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void errorsUseTheBotApiShapeAndA429SaysWhenToRetry() throws Exception {
        telegram.fail(TelegramFailure.TOO_MANY_REQUESTS);
        HttpResponse<String> limited = call("getUpdates", "{\"timeout\":0}");
        assertThat(limited.statusCode()).isEqualTo(429);
        JsonNode body = TelegramDouble.JSON.readTree(limited.body());
        assertThat(body.path("ok").asBoolean(true)).isFalse();
        assertThat(body.path("error_code").asInt()).isEqualTo(429);
        assertThat(body.path("parameters").path("retry_after").asInt()).isEqualTo(TelegramDouble.RETRY_AFTER_SECONDS);
        telegram.fail(TelegramFailure.UNAUTHORIZED);
        assertThat(call("getMe", "{}").statusCode()).isEqualTo(401);
        telegram.fail(TelegramFailure.NOT_FOUND);
        assertThat(call("sendMessage", "{\"chat_id\":1,\"text\":\"x\"}").statusCode()).isEqualTo(404);
        telegram.fail(TelegramFailure.SERVER_ERROR);
        assertThat(call("setWebhook", "{\"url\":\"https://example.invalid/x\"}").statusCode()).as("a webhook registration fails too").isEqualTo(502);
        assertThat(telegram.webhook()).isEmpty();
        assertThat(telegram.failedCalls()).extracting(TelegramDouble.FailedCall::method).containsExactly("getUpdates", "getMe", "sendMessage", "setWebhook");
        telegram.recover();
        assertThat(call("getMe", "{}").statusCode()).isEqualTo(200);
    }

    @Test
    void malformedJsonIsA200ThatDoesNotParse() throws Exception {
        telegram.fail(TelegramFailure.MALFORMED_JSON);
        HttpResponse<String> broken = call("getUpdates", "{\"timeout\":0}");
        assertThat(broken.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> TelegramDouble.JSON.readTree(broken.body())).isInstanceOf(IOException.class);
    }

    @Test
    void aResetConnectionGivesNoAnswerAtAll() {
        telegram.fail(TelegramFailure.CONNECTION_RESET);
        assertThatThrownBy(() -> call("getUpdates", "{\"timeout\":0}")).isInstanceOf(IOException.class);
    }

    @Test
    void aSlowAnswerIsHeldUntilThePhaseEndsAndAWaitingPollIsCutShortWhenAFailureStarts() throws Exception {
        CompletableFuture<HttpResponse<String>> polling = CompletableFuture.supplyAsync(() -> {
            try {
                return call("getUpdates", "{\"timeout\":15}");
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        telegram.fail(TelegramFailure.SLOW);
        assertThat(polling.get(3, TimeUnit.SECONDS).body()).as("the waiting poll returns at once, empty").contains("\"result\":[]");
        CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return call("getMe", "{}");
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(700);
        assertThat(slow).as("held while the failure is on").isNotDone();
        telegram.recover();
        assertThat(slow.get(5, TimeUnit.SECONDS).body()).as("answered once it ends").contains(TelegramDouble.BOT_USERNAME);
    }

    @Test
    void sentMessagesAreNumberedSoAReactionOrAButtonCanReferToThem() throws Exception {
        call("sendMessage", "{\"chat_id\":555,\"text\":\"first\"}");
        call("sendMessage", "{\"chat_id\":555,\"text\":\"second\"}");
        long second = telegram.calls(c -> c.text().equals("second")).get(0).messageId();
        assertThat(second).isPositive();
        assertThat(telegram.lastMessageSentTo(555)).isEqualTo(second);
        assertThat(telegram.lastMessageSentTo(556)).isZero();
    }
}
