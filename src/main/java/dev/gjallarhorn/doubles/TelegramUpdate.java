package dev.gjallarhorn.doubles;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A forged Telegram update: who sends what, in a private chat or a group. The Bot API double hands it to the
 * gateway as the next {@code getUpdates} result (or posts it to the gateway's webhook).
 */
public record TelegramUpdate(long senderId, String senderName, long chatId, boolean group, String text) {

    /** A direct message from {@code senderId}: the chat is the sender's private chat. */
    public static TelegramUpdate dm(long senderId, String text) {
        return new TelegramUpdate(senderId, "Sender" + senderId, senderId, false, text);
    }

    /** A message in group {@code chatId} (negative, as Telegram numbers groups) from {@code senderId}. */
    public static TelegramUpdate inGroup(long chatId, long senderId, String text) {
        return new TelegramUpdate(senderId, "Sender" + senderId, chatId, true, text);
    }

    public TelegramUpdate named(String name) {
        return new TelegramUpdate(senderId, name, chatId, group, text);
    }

    ObjectNode toJson(long updateId, long messageId) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode chat = json.objectNode().put("id", chatId).put("type", group ? "supergroup" : "private");
        if (group) {
            chat.put("title", "group " + chatId);
        } else {
            chat.put("first_name", senderName);
        }
        ObjectNode from = json.objectNode().put("id", senderId).put("is_bot", false).put("first_name", senderName);
        ObjectNode message = json.objectNode().put("message_id", messageId).put("date", Instant.now().getEpochSecond());
        message.set("from", from);
        message.set("chat", chat);
        message.put("text", text);
        ObjectNode update = json.objectNode().put("update_id", updateId);
        update.set("message", message);
        return update;
    }
}
