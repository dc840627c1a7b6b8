package dev.gjallarhorn.doubles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gjallarhorn.Sleep;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An OpenAI-compatible chat-completions double on this host's loopback, standing in for the paid model: it streams
 * its answers (server-sent events, as the gateway always asks), records every request, and can be scripted to
 * answer a turn with a tool call. It costs nothing and knows nothing; what matters is what reaches it.
 */
public final class LlmDouble implements AutoCloseable {

    /** The provider name the gateway is given for this double ({@code agent-channel.sh} writes the same). */
    public static final String PROVIDER = "double";
    /** The one model this double serves. */
    public static final String MODEL = "double-model";

    static final ObjectMapper JSON = new ObjectMapper();
    public static final String REPLY = "GJH-DOUBLE-REPLY";
    public static final String DONE = "GJH-DOUBLE-DONE";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "llm-double");
        t.setDaemon(true);
        return t;
    });
    private final List<LlmRequest> requests = new CopyOnWriteArrayList<>();
    private final List<LlmScript> scripts = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger completions = new AtomicInteger();
    private volatile Duration thinking = Duration.ofMillis(100);
    private volatile LlmFailure failing;
    private final HeldAnswers held = new HeldAnswers();
    /** The longest a {@link LlmFailure#HUNG_STREAM} hangs, even if the phase is never ended. */
    public static final Duration LONGEST_HANG = Duration.ofSeconds(120);

    private LlmDouble(HttpServer server) {
        this.server = server;
    }

    public static LlmDouble start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            LlmDouble llm = new LlmDouble(server);
            server.createContext("/", llm::handle);
            server.setExecutor(llm.threads);
            server.start();
            return llm;
        } catch (IOException e) {
            throw new IllegalStateException("the LLM double could not listen on loopback: " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void script(LlmScript script) {
        scripts.add(script);
    }

    /** From now on every chat-completion request fails with {@code failure}, until {@link #recover()}. */
    public void fail(LlmFailure failure) {
        failing = failure;
    }

    /** Ends a failure phase; hung streams are released (and closed). */
    public void recover() {
        failing = null;
        held.release();
    }

    /** How long each answer takes before its first byte; longer answers let concurrency show. */
    public void thinkFor(Duration duration) {
        thinking = duration;
    }

    public List<LlmRequest> requests() {
        return List.copyOf(requests);
    }

    public List<LlmRequest> requests(Predicate<LlmRequest> which) {
        return requests.stream().filter(which).toList();
    }

    public int maxInFlight() {
        return requests.stream().mapToInt(LlmRequest::inFlight).max().orElse(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/models")) {
                json(exchange, 200, JsonNodeFactory.instance.objectNode().put("object", "list").set("data",
                        JsonNodeFactory.instance.arrayNode().add(JsonNodeFactory.instance.objectNode().put("id", MODEL).put("object", "model"))));
                return;
            }
            if (!path.endsWith("/chat/completions")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            int concurrent = inFlight.incrementAndGet();
            try {
                JsonNode body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = JSON.readTree(in);
                }
                LlmFailure failure = failing;
                LlmRequest request = ChatRequestReading.read(body, concurrent, failure);
                requests.add(request);
                if (failure != null) {
                    fail(exchange, failure, body.path("model").asText(MODEL));
                    return;
                }
                Sleep.quietly(thinking);
                stream(exchange, answer(request), body.path("model").asText(MODEL));
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private void fail(HttpExchange exchange, LlmFailure failure, String model) throws IOException {
        switch (failure) {
            case TOO_MANY_REQUESTS -> {
                exchange.getResponseHeaders().set("Retry-After", "1");
                json(exchange, 429, error("Rate limit reached for requests", "rate_limit_exceeded"));
            }
            case SERVER_ERROR -> json(exchange, 500, error("The server had an error while processing your request", "server_error"));
            case UNAUTHORIZED -> json(exchange, 401, error("Incorrect API key provided", "invalid_api_key"));
            case STREAM_CUT, HUNG_STREAM -> {
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                String id = "chatcmpl-gjh-" + completions.incrementAndGet();
                event(exchange.getResponseBody(), chunk(id, model, JsonNodeFactory.instance.objectNode().put("role", "assistant").put("content", "GJH"), null));
                if (failure == LlmFailure.HUNG_STREAM) {
                    held.holdWhile(() -> failing == LlmFailure.HUNG_STREAM && !threads.isShutdown(), LONGEST_HANG);
                }
                // the exchange closes here with the stream unfinished: no finish_reason, no [DONE]
            }
        }
    }

    private static ObjectNode error(String message, String code) {
        ObjectNode error = JsonNodeFactory.instance.objectNode().put("message", message).put("type", code).put("code", code);
        return JsonNodeFactory.instance.objectNode().set("error", error);
    }

    private Optional<LlmScript> answer(LlmRequest request) {
        if (!request.toolResults().isEmpty() || request.failure().isPresent()) {
            return Optional.empty();
        }
        return scripts.stream().filter(s -> request.asks(s.marker())).findFirst();
    }

    private void stream(HttpExchange exchange, Optional<LlmScript> toolCall, String model) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        String id = "chatcmpl-gjh-" + completions.incrementAndGet();
        OutputStream out = exchange.getResponseBody();
        if (toolCall.isPresent()) {
            ObjectNode call = JsonNodeFactory.instance.objectNode().put("index", 0).put("id", "call_" + id.replace('-', '_')).put("type", "function");
            call.set("function", JsonNodeFactory.instance.objectNode().put("name", toolCall.get().tool())
                    .put("arguments", JSON.writeValueAsString(toolCall.get().arguments())));
            ObjectNode delta = JsonNodeFactory.instance.objectNode().put("role", "assistant").putNull("content");
            delta.set("tool_calls", JsonNodeFactory.instance.arrayNode().add(call));
            event(out, chunk(id, model, delta, null));
            event(out, chunk(id, model, JsonNodeFactory.instance.objectNode(), "tool_calls"));
        } else {
            ObjectNode delta = JsonNodeFactory.instance.objectNode().put("role", "assistant").put("content", REPLY);
            event(out, chunk(id, model, delta, null));
            event(out, chunk(id, model, JsonNodeFactory.instance.objectNode(), "stop"));
        }
        ObjectNode usage = JsonNodeFactory.instance.objectNode().put("id", id).put("object", "chat.completion.chunk")
                .put("created", Instant.now().getEpochSecond()).put("model", model);
        usage.set("choices", JsonNodeFactory.instance.arrayNode());
        usage.set("usage", JsonNodeFactory.instance.objectNode().put("prompt_tokens", 10).put("completion_tokens", 5).put("total_tokens", 15));
        event(out, usage);
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static ObjectNode chunk(String id, String model, ObjectNode delta, String finishReason) {
        ObjectNode choice = JsonNodeFactory.instance.objectNode().put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        ObjectNode chunk = JsonNodeFactory.instance.objectNode().put("id", id).put("object", "chat.completion.chunk")
                .put("created", Instant.now().getEpochSecond()).put("model", model);
        ArrayNode choices = JsonNodeFactory.instance.arrayNode().add(choice);
        chunk.set("choices", choices);
        return chunk;
    }

    private static void event(OutputStream out, JsonNode data) throws IOException {
        out.write(("data: " + JSON.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
