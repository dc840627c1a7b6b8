package dev.gjallarhorn.doubles;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * A forged Telegram update of one {@link Kind}: who sends it, in which chat, and the text that carries the attack's
 * marker. The Bot API double hands it to the gateway as the next {@code getUpdates} result (or posts it to the
 * gateway's webhook), built from the typed {@link BotApi} records. Kinds without text carry the marker where the
 * gateway would quote them: a reaction in the reacting user's name (OpenClaw turns a reaction into the system event
 * "reaction added … by NAME"), a button press in its callback data (at most 64 bytes, as Telegram allows).
 *
 * @param targetMessageId the message a reaction or a button press refers to (one the bot sent), else 0
 * @param origin          for {@link Kind#FORWARDED}: whose message is forwarded, else null
 */
public record TelegramUpdate(Kind kind, BotApi.User sender, BotApi.Chat chat, String text, long targetMessageId, BotApi.User origin) {

    /** The update kinds a stranger can send; each becomes a different field of {@code Update}. */
    public enum Kind {
        MESSAGE, EDITED_MESSAGE, CHANNEL_POST, FORUM_TOPIC_MESSAGE, DOCUMENT_WITH_CAPTION, FORWARDED, REACTION, CALLBACK_QUERY
    }

    /** The forum topic every forum-topic message is posted in. */
    public static final long TOPIC_ID = 7;

    /** A direct message from {@code senderId}: the chat is the sender's private chat. */
    public static TelegramUpdate dm(long senderId, String text) {
        BotApi.User user = BotApi.User.person(senderId, "Sender" + senderId);
        return new TelegramUpdate(Kind.MESSAGE, user, BotApi.Chat.privateWith(user), text, 0, null);
    }

    /** A message in group {@code chatId} (negative, as Telegram numbers groups) from {@code senderId}. */
    public static TelegramUpdate inGroup(long chatId, long senderId, String text) {
        return new TelegramUpdate(Kind.MESSAGE, BotApi.User.person(senderId, "Sender" + senderId), BotApi.Chat.supergroup(chatId, false),
                text, 0, null);
    }

    /** The sender edits a direct message they sent earlier; the edited text is {@code text}. */
    public static TelegramUpdate editedDm(long senderId, String text) {
        return dm(senderId, text).as(Kind.EDITED_MESSAGE);
    }

    /** A post in channel {@code channelId}, which the bot was added to; a channel post has no sender user. */
    public static TelegramUpdate channelPost(long channelId, String text) {
        return new TelegramUpdate(Kind.CHANNEL_POST, null, BotApi.Chat.channel(channelId), text, 0, null);
    }

    /** A message in topic {@link #TOPIC_ID} of forum supergroup {@code chatId}. */
    public static TelegramUpdate inForumTopic(long chatId, long senderId, String text) {
        return new TelegramUpdate(Kind.FORUM_TOPIC_MESSAGE, BotApi.User.person(senderId, "Sender" + senderId),
                BotApi.Chat.supergroup(chatId, true), text, 0, null);
    }

    /** A direct message that is a document (a text file) with {@code caption}. */
    public static TelegramUpdate documentDm(long senderId, String caption) {
        return dm(senderId, caption).as(Kind.DOCUMENT_WITH_CAPTION);
    }

    /** A direct message from {@code senderId} forwarding a message that {@code originId} wrote. */
    public static TelegramUpdate forwardedDm(long senderId, long originId, String text) {
        TelegramUpdate dm = dm(senderId, text);
        return new TelegramUpdate(Kind.FORWARDED, dm.sender(), dm.chat(), text, 0, BotApi.User.person(originId, "Sender" + originId));
    }

    /**
     * {@code senderId} adds a reaction, in their private chat with the bot, to message {@code messageId} the bot sent
     * there; {@code name} (carrying the marker) is the reacting user's first name.
     */
    public static TelegramUpdate reaction(long senderId, long messageId, String name) {
        BotApi.User user = BotApi.User.person(senderId, name);
        return new TelegramUpdate(Kind.REACTION, user, BotApi.Chat.privateWith(BotApi.User.person(senderId, "Sender" + senderId)), null,
                messageId, null);
    }

    /**
     * {@code senderId} presses an inline button under message {@code messageId} that the bot sent to another chat
     * ({@code chatId}); {@code data} is the button's callback data.
     */
    public static TelegramUpdate callbackQuery(long senderId, long chatId, long messageId, String data) {
        if (data.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 64) {
            throw new IllegalArgumentException("Telegram allows at most 64 bytes of callback data: " + data);
        }
        BotApi.User user = BotApi.User.person(senderId, "Sender" + senderId);
        return new TelegramUpdate(Kind.CALLBACK_QUERY, user, new BotApi.Chat(chatId, "private", null, "Sender" + chatId, null), data,
                messageId, null);
    }

    public TelegramUpdate named(String name) {
        return new TelegramUpdate(kind, sender == null ? null : new BotApi.User(sender.id(), false, name, null, null),
                chat.type().equals("private") && kind != Kind.CALLBACK_QUERY ? new BotApi.Chat(chat.id(), "private", null, name, null) : chat,
                text, targetMessageId, origin);
    }

    private TelegramUpdate as(Kind other) {
        return new TelegramUpdate(other, sender, chat, text, targetMessageId, origin);
    }

    /** The text that finds this update again at the doubles: its text, or the sender's name where it has none. */
    public String marker() {
        return text != null ? text : sender.firstName();
    }

    /** The sending user's id; a channel post's is the channel's. */
    public long senderId() {
        return sender == null ? chat.id() : sender.id();
    }

    public long chatId() {
        return chat.id();
    }

    public boolean group() {
        return chat.isGroup();
    }

    /** The update as the Bot API would send it, with {@code updateId}; {@code messageId} numbers the message it carries. */
    ObjectNode toJson(long updateId, long messageId) {
        long now = Instant.now().getEpochSecond();
        BotApi.Update update = switch (kind) {
            case MESSAGE -> new BotApi.Update(updateId, message(messageId, now, null, text, null, null), null, null, null, null);
            case EDITED_MESSAGE -> new BotApi.Update(updateId, null,
                    new BotApi.Message(messageId, null, sender, null, now - 30, chat, null, null, now, text, null, null), null, null, null);
            case CHANNEL_POST -> new BotApi.Update(updateId, null, null,
                    new BotApi.Message(messageId, null, null, chat, now, chat, null, null, null, text, null, null), null, null);
            case FORUM_TOPIC_MESSAGE -> new BotApi.Update(updateId,
                    new BotApi.Message(messageId, TOPIC_ID, sender, null, now, chat, null, Boolean.TRUE, null, text, null, null),
                    null, null, null, null);
            case DOCUMENT_WITH_CAPTION -> new BotApi.Update(updateId, message(messageId, now, null, null, text,
                    new BotApi.Document("gjh-doc-" + updateId, "gjh-doc-u-" + updateId, "notes.txt", "text/plain", 42L)), null, null, null, null);
            case FORWARDED -> new BotApi.Update(updateId, message(messageId, now, BotApi.MessageOrigin.user(origin, now - 3600), text, null, null),
                    null, null, null, null);
            case REACTION -> new BotApi.Update(updateId, null, null, null, new BotApi.MessageReactionUpdated(chat, targetMessageId, sender, now,
                    List.of(), List.of(BotApi.ReactionType.emoji("👍"))), null);
            case CALLBACK_QUERY -> {
                BotApi.User bot = new BotApi.User(TelegramDouble.BOT_ID, true, "Bilrost twin", null, TelegramDouble.BOT_USERNAME);
                BotApi.Message buttons = new BotApi.Message(targetMessageId, null, bot, null, now - 60, chat, null, null, null, "choose", null, null);
                yield new BotApi.Update(updateId, null, null, null, null,
                        new BotApi.CallbackQuery("gjh-cb-" + updateId, sender, buttons, "gjh-instance-" + chat.id(), text));
            }
        };
        return TelegramDouble.JSON.valueToTree(update);
    }

    private BotApi.Message message(long messageId, long now, BotApi.MessageOrigin forwarded, String body, String caption, BotApi.Document document) {
        return new BotApi.Message(messageId, null, sender, null, now, chat, forwarded, null, null, body, caption, document);
    }
}
