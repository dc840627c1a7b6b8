package dev.gjallarhorn.doubles;

import static dev.gjallarhorn.doubles.BotApiExchange.error;
import static dev.gjallarhorn.doubles.BotApiExchange.ok;
import static dev.gjallarhorn.doubles.BotApiExchange.params;
import static dev.gjallarhorn.doubles.BotApiExchange.reply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A Telegram Bot API double on this host's loopback: serves {@code getUpdates} long polling from a queue of
 * forged updates, answers {@code getMe}, {@code sendMessage} and the rest the way the real API would, and records
 * every call. It can also post an update to a gateway's webhook. Nothing here talks to the real Telegram.
 */
public final class TelegramDouble implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    public static final long BOT_ID = 700000001L;
    public static final String BOT_USERNAME = "gjallarhorn_twin_bot";
    /** Longer polls are cut short, so a stopping gateway never waits on the double. */
    private static final Duration LONGEST_POLL = Duration.ofSeconds(20);
    private static final int WEBHOOK_RETRIES = 5;
    /** What a 429 from the double asks the gateway to wait, in seconds. */
    public static final int RETRY_AFTER_SECONDS = 2;
    /** The longest a {@link TelegramFailure#SLOW} answer is held back, even if the phase is never ended. */
    public static final Duration SLOWEST = Duration.ofSeconds(90);

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "telegram-double");
        t.setDaemon(true);
        return t;
    });
    private final List<TelegramCall> calls = new CopyOnWriteArrayList<>();
    private final UpdateQueue pending = new UpdateQueue();
    private final AtomicLong nextUpdateId = new AtomicLong(800000001L);
    private final AtomicLong nextMessageId = new AtomicLong(1);
    private final List<WebhookPost> webhookPosts = new CopyOnWriteArrayList<>();
    private final WebhookPoster poster = new WebhookPoster();
    private volatile Webhook webhook;
    private volatile boolean closed;
    private volatile TelegramFailure failing;
    private final HeldAnswers held = new HeldAnswers();
    private final List<FailedCall> failedCalls = new CopyOnWriteArrayList<>();

    /** What the gateway registered with {@code setWebhook}. */
    public record Webhook(URI url, String secretToken) {
    }

    /** A Bot API call that got a failure instead of its answer: which, to which method, when. */
    public record FailedCall(TelegramFailure failure, String method, Instant at) {
    }

    /** One update posted to the gateway's webhook, and what the gateway answered (a status, or why it could not be sent). */
    public record WebhookPost(long updateId, URI to, int status, String failure, Instant at) {
    }

    private TelegramDouble(HttpServer server) {
        this.server = server;
    }

    public static TelegramDouble start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            TelegramDouble tg = new TelegramDouble(server);
            server.createContext("/", tg::handle);
            server.setExecutor(tg.threads);
            server.start();
            return tg;
        } catch (IOException e) {
            throw new IllegalStateException("the Telegram double could not listen on loopback: " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Hands an update to the gateway the way it asked for them: queued for the next {@code getUpdates}, or, once
     * it has registered a webhook, posted there with its secret token. Returns the update id.
     */
    public long deliver(TelegramUpdate update) {
        long id = nextUpdateId.getAndIncrement();
        ObjectNode json = update.toJson(id, nextMessageId.getAndIncrement());
        Webhook hook = webhook;
        if (hook != null) {
            poster.deliver(id, json, hook, () -> webhook, WEBHOOK_RETRIES, webhookPosts::add);
            return id;
        }
        pending.add(json);
        return id;
    }

    /**
     * How a webhook URL on the target is reached from here (a gateway's webhook listens on the target's loopback;
     * the route maps it to a local forward). Whatever the route returns must be on this host's loopback.
     */
    public void routeWebhooks(UnaryOperator<URI> route) {
        poster.route(route);
    }

    public Optional<Webhook> webhook() {
        return Optional.ofNullable(webhook);
    }

    public List<WebhookPost> webhookPosts() {
        return List.copyOf(webhookPosts);
    }

    /**
     * From now on every Bot API call fails with {@code failure}, until {@link #recover()}. Long polls waiting now are
     * cut short, so the gateway's next call meets the failure.
     */
    public void fail(TelegramFailure failure) {
        failing = failure;
        pending.wake();
    }

    /** Ends a failure phase: calls are answered again, and answers held back by {@link TelegramFailure#SLOW} go out. */
    public void recover() {
        failing = null;
        held.release();
    }

    public List<FailedCall> failedCalls() {
        return List.copyOf(failedCalls);
    }

    public List<TelegramCall> calls() {
        return List.copyOf(calls);
    }

    public List<TelegramCall> calls(Predicate<TelegramCall> which) {
        return calls.stream().filter(which).toList();
    }

    /** The id of the last message the gateway sent to a chat (as the double numbered it), or 0: what a reaction or a button refers to. */
    public long lastMessageSentTo(long chatId) {
        List<TelegramCall> sent = sentTo(chatId);
        return sent.isEmpty() ? 0 : sent.get(sent.size() - 1).messageId();
    }

    /** Messages the gateway sent (sendMessage and its kin) to one chat. */
    public List<TelegramCall> sentTo(long chatId) {
        return calls(c -> c.method().startsWith("send") && !c.method().equals("sendChatAction") && c.chatId() == chatId);
    }

    /** Whether the gateway has polled for updates since {@code since}: it is connected and listening. */
    public boolean pollingSince(Instant since) {
        return calls.stream().anyMatch(c -> c.method().equals("getUpdates") && !c.at().isBefore(since));
    }

    /** Whether the gateway has polled, or registered a webhook, since {@code since}: it is ready for updates. */
    public boolean listeningSince(Instant since) {
        return calls.stream().anyMatch(c -> (c.method().equals("getUpdates") || c.method().equals("setWebhook")) && !c.at().isBefore(since));
    }

    /** Whether the gateway took the update: fetched it with {@code getUpdates}, or accepted it at its webhook. */
    public boolean delivered(long updateId) {
        return pending.handedOut(updateId)
                || webhookPosts.stream().anyMatch(p -> p.updateId() == updateId && p.status() >= 200 && p.status() < 300);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            int slash = path.lastIndexOf('/');
            if (!path.startsWith("/bot") || slash <= 4) {
                reply(exchange, 404, error(404, "Not Found"));
                return;
            }
            String method = path.substring(slash + 1);
            JsonNode params = params(exchange);
            TelegramFailure failure = failing;
            if (failure != null) {
                calls.add(new TelegramCall(method, params, Instant.now(), 0));
                failedCalls.add(new FailedCall(failure, method, Instant.now()));
                fail(exchange, failure, method, params);
                return;
            }
            if (method.equals("getUpdates") && webhook != null) {
                calls.add(new TelegramCall(method, params, Instant.now(), 0));
                reply(exchange, 409, error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"));
                return;
            }
            JsonNode result = answer(method, params);
            calls.add(new TelegramCall(method, params, Instant.now(), result.path("message_id").asLong(0)));
            reply(exchange, 200, ok(result));
        }
    }

    private void fail(HttpExchange exchange, TelegramFailure failure, String method, JsonNode params) throws IOException {
        switch (failure) {
            case SERVER_ERROR -> reply(exchange, 502, error(502, "Bad Gateway"));
            case TOO_MANY_REQUESTS -> {
                ObjectNode body = error(429, "Too Many Requests: retry after " + RETRY_AFTER_SECONDS);
                body.set("parameters", JsonNodeFactory.instance.objectNode().put("retry_after", RETRY_AFTER_SECONDS));
                reply(exchange, 429, body);
            }
            case UNAUTHORIZED -> reply(exchange, 401, error(401, "Unauthorized"));
            case NOT_FOUND -> reply(exchange, 404, error(404, "Not Found"));
            case SLOW -> {
                held.holdWhile(() -> failing == TelegramFailure.SLOW && !closed, SLOWEST);
                if (!closed) {
                    reply(exchange, 200, ok(answer(method, params))); // slow, not failed: an answer, if the client still waits for it
                }
            }
            case CONNECTION_RESET -> {
                // nothing: an exchange closed before any header was sent drops its connection
            }
            case MALFORMED_JSON -> {
                byte[] bytes = "{\"ok\":true,\"result\":[{\"update_id\":".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    private JsonNode answer(String method, JsonNode params) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        return switch (method) {
            case "getMe" -> json.objectNode().put("id", BOT_ID).put("is_bot", true).put("first_name", "Bilrost twin")
                    .put("username", BOT_USERNAME).put("can_join_groups", true).put("can_read_all_group_messages", false)
                    .put("supports_inline_queries", false);
            case "getUpdates" -> updates(params.path("offset").asLong(0), Math.max(0, params.path("timeout").asInt(0)));
            case "sendMessage", "editMessageText", "sendPhoto", "sendDocument", "sendSticker", "sendPoll" -> message(params);
            case "getChat" -> json.objectNode().put("id", params.path("chat_id").asLong()).put("type", "private");
            case "setWebhook" -> {
                webhook = new Webhook(URI.create(params.path("url").asText()), params.path("secret_token").asText(""));
                yield json.booleanNode(true);
            }
            case "deleteWebhook" -> {
                webhook = null;
                yield json.booleanNode(true);
            }
            case "getWebhookInfo" -> json.objectNode().put("url", webhook == null ? "" : webhook.url().toString())
                    .put("pending_update_count", 0);
            case "getMyCommands" -> json.arrayNode();
            default -> json.booleanNode(true);
        };
    }

    private ArrayNode updates(long offset, int timeoutSeconds) {
        return pending.poll(offset, Math.min(timeoutSeconds * 1_000_000_000L, LONGEST_POLL.toNanos()), () -> closed || failing != null);
    }

    private ObjectNode message(JsonNode params) {
        ObjectNode message = JsonNodeFactory.instance.objectNode()
                .put("message_id", nextMessageId.getAndIncrement()).put("date", Instant.now().getEpochSecond());
        message.set("chat", JsonNodeFactory.instance.objectNode().put("id", params.path("chat_id").asLong()).put("type", "private"));
        message.set("from", JsonNodeFactory.instance.objectNode().put("id", BOT_ID).put("is_bot", true).put("first_name", "Bilrost twin"));
        if (params.has("text")) {
            message.put("text", params.path("text").asText());
        }
        return message;
    }

    @Override
    public void close() {
        closed = true;
        pending.wake();
        server.stop(0);
        threads.shutdownNow();
    }
}
