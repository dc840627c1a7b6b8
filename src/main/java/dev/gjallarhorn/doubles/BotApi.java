package dev.gjallarhorn.doubles;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The Telegram Bot API objects the doubles forge, as typed records named and shaped after the Bot API reference
 * (core.telegram.org/bots/api: {@code Update}, {@code Message}, {@code User}, {@code Chat}, {@code MessageOrigin},
 * {@code Document}, {@code ReactionType}, {@code MessageReactionUpdated}, {@code CallbackQuery}). Field names are the
 * API's snake_case ones; an absent optional field is {@code null} and left out of the JSON, as Telegram does.
 * Only the fields an attack needs are modelled. Ids are Telegram's: users positive, groups and channels negative,
 * times in Unix seconds.
 */
public final class BotApi {

    private BotApi() {
    }

    /** {@code User}: a Telegram account (or the bot itself). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record User(long id, boolean isBot, String firstName, String lastName, String username) {
        public static User person(long id, String firstName) {
            return new User(id, false, firstName, null, null);
        }
    }

    /** {@code Chat}: {@code type} is {@code private}, {@code group}, {@code supergroup} or {@code channel}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Chat(long id, String type, String title, String firstName, Boolean isForum) {
        public static Chat privateWith(User user) {
            return new Chat(user.id(), "private", null, user.firstName(), null);
        }

        public static Chat supergroup(long id, boolean forum) {
            return new Chat(id, "supergroup", "group " + id, null, forum ? Boolean.TRUE : null);
        }

        public static Chat channel(long id) {
            return new Chat(id, "channel", "channel " + id, null, null);
        }

        public boolean isGroup() {
            return type.equals("group") || type.equals("supergroup");
        }
    }

    /** {@code Document}: a file sent as a document. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Document(String fileId, String fileUniqueId, String fileName, String mimeType, Long fileSize) {
    }

    /** {@code MessageOriginUser}: where a forwarded message came from ({@code type} {@code "user"}). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MessageOrigin(String type, long date, User senderUser) {
        public static MessageOrigin user(User user, long date) {
            return new MessageOrigin("user", date, user);
        }
    }

    /** {@code Message}: also what {@code edited_message} and {@code channel_post} carry. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Message(long messageId, Long messageThreadId, User from, Chat senderChat, long date, Chat chat,
                          MessageOrigin forwardOrigin, Boolean isTopicMessage, Long editDate, String text, String caption,
                          Document document) {
    }

    /** {@code ReactionTypeEmoji} ({@code type} {@code "emoji"}). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReactionType(String type, String emoji) {
        public static ReactionType emoji(String emoji) {
            return new ReactionType("emoji", emoji);
        }
    }

    /** {@code MessageReactionUpdated}: a user changed their reaction to a message. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MessageReactionUpdated(Chat chat, long messageId, User user, long date, List<ReactionType> oldReaction,
                                         List<ReactionType> newReaction) {
    }

    /** {@code CallbackQuery}: someone pressed an inline button under {@code message}; {@code data} is the button's. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CallbackQuery(String id, User from, Message message, String chatInstance, String data) {
    }

    /** {@code Update}: exactly one of the optional fields is set. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Update(long updateId, Message message, Message editedMessage, Message channelPost,
                         MessageReactionUpdated messageReaction, CallbackQuery callbackQuery) {
    }
}
