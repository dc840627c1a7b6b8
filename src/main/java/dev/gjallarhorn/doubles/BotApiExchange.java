package dev.gjallarhorn.doubles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** How the Telegram double reads a Bot API call's parameters and writes its answers, as the real API's envelopes. */
final class BotApiExchange {

    private BotApiExchange() {
    }

    /**
     * A call's parameters as one object: a JSON body's fields, or a form body's, then the query string's (which win).
     * A multipart body (media uploads) gives only {@code "multipart": true}. {@link IOException} if a JSON body is not JSON.
     */
    static JsonNode params(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        String query = exchange.getRequestURI().getRawQuery();
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        if (body.length > 0 && type.contains("json")) {
            JsonNode parsed = TelegramDouble.JSON.readTree(body);
            if (parsed instanceof ObjectNode object) {
                params.setAll(object);
            }
        } else if (body.length > 0 && type.contains("x-www-form-urlencoded")) {
            form(new String(body, StandardCharsets.UTF_8), params);
        } else if (body.length > 0 && type.contains("multipart")) {
            params.put("multipart", true); // media uploads: the part bodies do not matter to any attack here
        }
        if (query != null) {
            form(query, params);
        }
        return params;
    }

    private static void form(String encoded, ObjectNode into) {
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                into.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
    }

    /** {@code {"ok": true, "result": result}}. */
    static ObjectNode ok(JsonNode result) {
        ObjectNode reply = JsonNodeFactory.instance.objectNode().put("ok", true);
        reply.set("result", result);
        return reply;
    }

    /** {@code {"ok": false, "error_code": code, "description": description}}. */
    static ObjectNode error(int code, String description) {
        return JsonNodeFactory.instance.objectNode().put("ok", false).put("error_code", code).put("description", description);
    }

    static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = TelegramDouble.JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
