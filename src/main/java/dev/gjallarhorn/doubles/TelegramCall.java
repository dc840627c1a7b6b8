package dev.gjallarhorn.doubles;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One Bot API call the gateway made to the double: the method, its parameters, when. The token is not kept. */
public record TelegramCall(String method, JsonNode params, Instant at) {

    /** The chat a send went to, or 0. */
    public long chatId() {
        return params.path("chat_id").asLong(0);
    }

    public String text() {
        return params.path("text").asText("");
    }
}
