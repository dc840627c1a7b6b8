package dev.gjallarhorn.attack.agent;

import dev.gjallarhorn.doubles.LlmDouble;
import dev.gjallarhorn.doubles.TelegramCall;
import dev.gjallarhorn.doubles.TelegramDouble;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the gateway did towards one Telegram chat since a moment, read from the Telegram double's record: the second
 * oracle of admission, which works even when no model answers. A pairing challenge means the sender was kept at the
 * door; a chat action ("typing") or a reply that is not a challenge means the gateway started an agent turn for the
 * chat, i.e. admitted the sender (OpenClaw sends a pairing challenge without typing, and never types for a sender it
 * drops). A reply that is neither the LLM double's answer nor a challenge is the gateway's own text, e.g. its error
 * when a turn fails ("⚠️ Something went wrong while processing your request").
 *
 * @param challenges texts of pairing challenges sent to the chat
 * @param typing     chat actions sent to the chat
 * @param replies    other messages sent to the chat, in order
 */
public record GatewayResponse(List<String> challenges, int typing, List<String> replies) {

    static final Pattern CHALLENGE = Pattern.compile("(?i)Pairing code:|access not configured|openclaw pairing approve");
    /** A progress note the gateway sends while a long turn runs ("<b>Working</b>"): a turn, but neither an answer nor an error. */
    static final Pattern PROGRESS = Pattern.compile("(?i)^\\s*(<[a-z]+>)?\\s*(working|thinking|still working)\\W*(</[a-z]+>)?\\s*$");

    public static GatewayResponse towards(TelegramDouble telegram, long chatId, Instant since) {
        List<TelegramCall> calls = telegram.calls(c -> c.chatId() == chatId && !c.at().isBefore(since));
        List<String> sent = calls.stream().filter(c -> c.method().startsWith("send") && !c.isChatAction()).map(TelegramCall::text).toList();
        return new GatewayResponse(sent.stream().filter(t -> CHALLENGE.matcher(t).find()).toList(),
                (int) calls.stream().filter(TelegramCall::isChatAction).count(),
                sent.stream().filter(t -> !CHALLENGE.matcher(t).find()).toList());
    }

    /** The gateway started an agent turn for the chat: it typed, or sent something that is not a challenge. */
    public boolean turnStarted() {
        return typing > 0 || !replies.isEmpty();
    }

    public boolean challenged() {
        return !challenges.isEmpty();
    }

    /** A reply that did not come from the model and is no progress note: the gateway's own words, e.g. an error after a failed turn. */
    public List<String> ownWords() {
        return replies.stream().filter(r -> !r.contains(LlmDouble.REPLY) && !r.contains(LlmDouble.DONE) && !PROGRESS.matcher(r).find()).toList();
    }

    public boolean silent() {
        return !turnStarted() && !challenged();
    }

    @Override
    public String toString() {
        if (silent()) {
            return "nothing sent to the chat";
        }
        StringBuilder text = new StringBuilder();
        if (challenged()) {
            text.append("a pairing challenge");
        }
        if (typing > 0) {
            text.append(text.length() > 0 ? ", " : "").append(typing).append(" chat action(s) (typing)");
        }
        if (!replies.isEmpty()) {
            text.append(text.length() > 0 ? ", " : "").append("reply '").append(AgentChannel.oneLine(replies.get(0))).append("'");
        }
        return text.toString();
    }
}
