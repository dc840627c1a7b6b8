package dev.gjallarhorn.doubles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each forged update kind has the Bot API's shape: one update field set, snake_case names, absent fields left out. */
class TelegramUpdateTest {

    static JsonNode json(TelegramUpdate update) {
        return update.toJson(900, 40);
    }

    static List<String> fields(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aDmIsAMessageInThePrivateChatOfItsSender() {
        JsonNode u = json(TelegramUpdate.dm(777, "M1 hi"));
        assertThat(fields(u)).containsExactly("update_id", "message");
        assertThat(u.at("/message/chat/type").asText()).isEqualTo("private");
        assertThat(u.at("/message/chat/id").asLong()).isEqualTo(777);
        assertThat(u.at("/message/from/is_bot").asBoolean(true)).isFalse();
        assertThat(u.at("/message/text").asText()).isEqualTo("M1 hi");
        assertThat(u.at("/message").has("caption")).as("absent fields are left out").isFalse();
    }

    @Test
    void everyKindSetsItsOwnUpdateField() {
        assertThat(fields(json(TelegramUpdate.editedDm(7, "E")))).containsExactly("update_id", "edited_message");
        assertThat(json(TelegramUpdate.editedDm(7, "E")).at("/edited_message/edit_date").asLong()).isPositive();
        JsonNode post = json(TelegramUpdate.channelPost(-1009, "P"));
        assertThat(fields(post)).containsExactly("update_id", "channel_post");
        assertThat(post.at("/channel_post/chat/type").asText()).isEqualTo("channel");
        assertThat(post.at("/channel_post/sender_chat/id").asLong()).isEqualTo(-1009);
        assertThat(post.at("/channel_post").has("from")).isFalse();
        JsonNode topic = json(TelegramUpdate.inForumTopic(-1008, 7, "T"));
        assertThat(topic.at("/message/chat/is_forum").asBoolean()).isTrue();
        assertThat(topic.at("/message/is_topic_message").asBoolean()).isTrue();
        assertThat(topic.at("/message/message_thread_id").asLong()).isEqualTo(TelegramUpdate.TOPIC_ID);
        JsonNode document = json(TelegramUpdate.documentDm(7, "C"));
        assertThat(document.at("/message/caption").asText()).isEqualTo("C");
        assertThat(document.at("/message/document/file_name").asText()).isEqualTo("notes.txt");
        assertThat(document.at("/message").has("text")).isFalse();
        JsonNode forwarded = json(TelegramUpdate.forwardedDm(7, 555, "F"));
        assertThat(forwarded.at("/message/forward_origin/type").asText()).isEqualTo("user");
        assertThat(forwarded.at("/message/forward_origin/sender_user/id").asLong()).isEqualTo(555);
        assertThat(forwarded.at("/message/from/id").asLong()).isEqualTo(7);
    }

    @Test
    void aReactionCarriesItsMarkerInTheReactingUsersName() {
        TelegramUpdate reaction = TelegramUpdate.reaction(7, 31, "MARK-R");
        JsonNode u = json(reaction);
        assertThat(fields(u)).containsExactly("update_id", "message_reaction");
        assertThat(u.at("/message_reaction/message_id").asLong()).isEqualTo(31);
        assertThat(u.at("/message_reaction/user/first_name").asText()).isEqualTo("MARK-R");
        assertThat(u.at("/message_reaction/old_reaction").size()).isZero();
        assertThat(u.at("/message_reaction/new_reaction/0/type").asText()).isEqualTo("emoji");
        assertThat(reaction.marker()).isEqualTo("MARK-R");
        assertThat(reaction.group()).isFalse();
    }

    @Test
    void aButtonPressIsOnAMessageTheBotSentToAnotherChat() {
        JsonNode u = json(TelegramUpdate.callbackQuery(7, 555, 32, "MARK-B"));
        assertThat(fields(u)).containsExactly("update_id", "callback_query");
        assertThat(u.at("/callback_query/from/id").asLong()).isEqualTo(7);
        assertThat(u.at("/callback_query/data").asText()).isEqualTo("MARK-B");
        assertThat(u.at("/callback_query/chat_instance").asText()).isNotBlank();
        assertThat(u.at("/callback_query/message/from/id").asLong()).isEqualTo(TelegramDouble.BOT_ID);
        assertThat(u.at("/callback_query/message/from/is_bot").asBoolean()).isTrue();
        assertThat(u.at("/callback_query/message/chat/id").asLong()).isEqualTo(555);
        assertThat(u.at("/callback_query/message/message_id").asLong()).isEqualTo(32);
        assertThatThrownBy(() -> TelegramUpdate.callbackQuery(7, 555, 32, "x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aGroupMessageIsInASupergroup() {
        TelegramUpdate group = TelegramUpdate.inGroup(-1001, 7, "G");
        assertThat(group.group()).isTrue();
        assertThat(json(group).at("/message/chat/type").asText()).isEqualTo("supergroup");
        assertThat(group.named("Eve").sender().firstName()).isEqualTo("Eve");
    }
}
