package dev.gjallarhorn.doubles;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.sun.net.httpserver.HttpServer;
import io.restassured.http.ContentType;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TelegramDoubleTest {

    TelegramDouble telegram;
    String base;

    @BeforeEach
    void start() {
        telegram = TelegramDouble.start();
        base = "http://127.0.0.1:" + telegram.port() + "/bot123456789:AAfaketoken";
    }

    @AfterEach
    void stop() {
        telegram.close();
    }

    @Test
    void answersGetMeAndRecordsTheCall() {
        given().contentType(ContentType.JSON).body("{}").post(base + "/getMe")
                .then().statusCode(200).body("ok", equalTo(true)).body("result.username", equalTo(TelegramDouble.BOT_USERNAME));
        assertThat(telegram.calls()).extracting(TelegramCall::method).containsExactly("getMe");
    }

    @Test
    void longPollingHandsOutForgedUpdatesUntilAnOffsetConfirmsThem() {
        Instant before = Instant.now();
        long id = telegram.deliver(TelegramUpdate.dm(555000222L, "hello"));
        given().contentType(ContentType.JSON).body("{\"timeout\":0}").post(base + "/getUpdates")
                .then().body("result", hasSize(1)).body("result[0].update_id", equalTo((int) id))
                .body("result[0].message.from.id", equalTo(555000222)).body("result[0].message.chat.type", equalTo("private"))
                .body("result[0].message.text", equalTo("hello"));
        long started = System.nanoTime();
        given().contentType(ContentType.JSON).body("{\"timeout\":1,\"offset\":" + (id + 1) + "}").post(base + "/getUpdates")
                .then().body("result", empty());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("an empty poll waits for its timeout").isGreaterThan(Duration.ofMillis(800));
        assertThat(telegram.pollingSince(before)).isTrue();
    }

    @Test
    void anUpdateCountsAsDeliveredOnceAPollHandedItOut() {
        long id = telegram.deliver(TelegramUpdate.dm(555000222L, "hello"));
        assertThat(telegram.delivered(id)).isFalse();
        given().contentType(ContentType.JSON).body("{\"timeout\":0}").post(base + "/getUpdates").then().body("result", hasSize(1));
        assertThat(telegram.delivered(id)).isTrue();
    }

    @Test
    void aGroupUpdateCarriesTheGroupChat() {
        telegram.deliver(TelegramUpdate.inGroup(-100123L, 555000333L, "hi all"));
        given().contentType(ContentType.JSON).body("{}").post(base + "/getUpdates")
                .then().body("result[0].message.chat.id", equalTo(-100123)).body("result[0].message.chat.type", equalTo("supergroup"))
                .body("result[0].message.from.id", equalTo(555000333));
    }

    @Test
    void sendMessageReturnsAMessageAndIsFoundByChat() {
        given().contentType(ContentType.URLENC).formParam("chat_id", "555000222").formParam("text", "Pairing code: ABCDEFGH")
                .post(base + "/sendMessage").then().body("result.chat.id", equalTo(555000222)).body("result.message_id", equalTo(1));
        assertThat(telegram.sentTo(555000222L)).singleElement().extracting(TelegramCall::text).isEqualTo("Pairing code: ABCDEFGH");
        assertThat(telegram.sentTo(1L)).isEmpty();
    }

    @Test
    void onceAWebhookIsSetUpdatesArePostedThereWithTheSecretAndPollingConflicts() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/telegram-webhook", exchange -> {
            received.add(exchange.getRequestHeaders().getFirst("X-Telegram-Bot-Api-Secret-Token") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        gateway.start();
        try {
            // the gateway registers a URL on its own loopback port; the route maps it to where it is reachable from here
            given().contentType(ContentType.JSON).body("{\"url\":\"http://127.0.0.1:18787/telegram-webhook\",\"secret_token\":\"s3cret\"}")
                    .post(base + "/setWebhook").then().body("ok", equalTo(true));
            telegram.routeWebhooks(u -> URI.create("http://127.0.0.1:" + gateway.getAddress().getPort() + u.getPath()));
            long id = telegram.deliver(TelegramUpdate.dm(555000222L, "via webhook"));
            assertThat(received).singleElement().asString().startsWith("s3cret ").contains("\"update_id\":" + id).contains("via webhook");
            assertThat(telegram.webhookPosts()).singleElement().extracting(TelegramDouble.WebhookPost::status).isEqualTo(200);
            assertThat(telegram.delivered(id)).isTrue();
            given().contentType(ContentType.JSON).body("{}").post(base + "/getUpdates").then().statusCode(409).body("ok", equalTo(false));

            given().contentType(ContentType.JSON).body("{}").post(base + "/deleteWebhook").then().body("ok", equalTo(true));
            telegram.deliver(TelegramUpdate.dm(555000222L, "polled again"));
            given().contentType(ContentType.JSON).body("{}").post(base + "/getUpdates").then().body("result", hasSize(1));
            assertThat(received).hasSize(1);
        } finally {
            gateway.stop(0);
        }
    }

    @Test
    void aWebhookOffThisHostsLoopbackIsNeverContacted() {
        given().contentType(ContentType.JSON).body("{\"url\":\"https://bot.example.invalid/hook\",\"secret_token\":\"x\"}")
                .post(base + "/setWebhook").then().body("ok", equalTo(true));
        long id = telegram.deliver(TelegramUpdate.dm(555000222L, "nowhere"));
        assertThat(telegram.delivered(id)).isFalse();
        assertThat(telegram.webhookPosts()).singleElement().satisfies(post -> {
            assertThat(post.status()).isEqualTo(-1);
            assertThat(post.failure()).contains("loopback");
        });
    }
}
