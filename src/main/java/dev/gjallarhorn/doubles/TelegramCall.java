package dev.gjallarhorn.doubles;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One Bot API call the gateway made to the double: the method, its parameters, when, and the id the double gave the
 * message it sent (0 for calls that send none, or that failed). The token is not kept.
 */
public record TelegramCall(String method, JsonNode params, Instant at, long messageId) {

    /** The chat a send went to, or 0. */
    public long chatId() {
        return params.path("chat_id").asLong(0);
    }

    public String text() {
        return params.path("text").asText("");
    }

    /** A chat action ({@code sendChatAction}, e.g. "typing"): the gateway is working on a turn for that chat. */
    public boolean isChatAction() {
        return method.equals("sendChatAction");
    }
}
