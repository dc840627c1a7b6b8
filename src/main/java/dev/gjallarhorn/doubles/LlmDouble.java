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
import java.util.ArrayList;
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

    static final ObjectMapper JSON = new ObjectMapper();
    public static final String REPLY = "GJH-DOUBLE-REPLY";
    public static final String DONE = "GJH-DOUBLE-DONE";
    private static final String INTERNAL_CONTEXT = "<<<BEGIN_OPENCLAW_INTERNAL_CONTEXT>>>";

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
    private volatile Duration thinking = Duration.ofMillis(300);

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
                json(exchange, JsonNodeFactory.instance.objectNode().put("object", "list").set("data",
                        JsonNodeFactory.instance.arrayNode().add(JsonNodeFactory.instance.objectNode().put("id", "double-model").put("object", "model"))));
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
                LlmRequest request = record(body, concurrent);
                requests.add(request);
                Sleep.quietly(thinking);
                stream(exchange, answer(request), body.path("model").asText("double-model"));
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private LlmRequest record(JsonNode body, int concurrent) {
        JsonNode messages = body.path("messages");
        // the current turn starts after the last assistant message that answered with text rather than a tool call
        int turnStart = -1;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            if (m.path("role").asText().equals("assistant") && m.path("tool_calls").isEmpty()) {
                turnStart = i;
            }
        }
        StringBuilder user = new StringBuilder();
        StringBuilder context = new StringBuilder();
        List<String> toolResults = new ArrayList<>();
        for (int i = turnStart + 1; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String role = m.path("role").asText();
            if (role.equals("user")) {
                append(user, text(m.path("content"), false));
                append(context, text(m.path("content"), true));
            } else if (role.equals("tool")) {
                toolResults.add(text(m.path("content"), false));
            }
        }
        List<String> tools = new ArrayList<>();
        body.path("tools").forEach(t -> tools.add(t.path("function").path("name").asText(t.path("name").asText())));
        int promptChars = 0;
        for (JsonNode m : messages) {
            promptChars += text(m.path("content"), false).length() + text(m.path("content"), true).length();
        }
        return new LlmRequest(Instant.now(), concurrent, body.path("model").asText(), user.toString(), context.toString(),
                List.copyOf(toolResults), List.copyOf(tools), promptChars, messages.size());
    }

    private static void append(StringBuilder to, String text) {
        if (!text.isEmpty()) {
            to.append(to.length() > 0 ? "\n" : "").append(text);
        }
    }

    /** The text of a message's content: a string, or its text parts; either OpenClaw's internal context only, or all but it. */
    static String text(JsonNode content, boolean internalContext) {
        if (content.isTextual()) {
            return content.asText().startsWith(INTERNAL_CONTEXT) == internalContext ? content.asText() : "";
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            String t = part.path("text").asText("");
            if (t.startsWith(INTERNAL_CONTEXT) == internalContext) {
                append(text, t);
            }
        }
        return text.toString();
    }

    private Optional<LlmScript> answer(LlmRequest request) {
        if (!request.toolResults().isEmpty()) {
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
            ObjectNode args = JsonNodeFactory.instance.objectNode().put("command", toolCall.get().command()).put("title", toolCall.get().title());
            ObjectNode call = JsonNodeFactory.instance.objectNode().put("index", 0).put("id", "call_" + id.replace('-', '_')).put("type", "function");
            call.set("function", JsonNodeFactory.instance.objectNode().put("name", "exec").put("arguments", JSON.writeValueAsString(args)));
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

    private static void json(HttpExchange exchange, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
