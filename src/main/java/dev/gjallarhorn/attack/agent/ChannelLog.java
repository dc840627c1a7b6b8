package dev.gjallarhorn.attack.agent;

import dev.gjallarhorn.doubles.LlmDouble;
import dev.gjallarhorn.doubles.TelegramDouble;
import dev.gjallarhorn.doubles.TelegramUpdate;
import dev.gjallarhorn.evidence.Redactor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What happened on the agent channel, for evidence: its own notes (the setup, every message sent), each stamped with
 * the moment it was written, and at the end what the doubles recorded (Telegram calls, webhook posts, model requests).
 * Safe to write from several threads.
 */
final class ChannelLog {

    private final List<String> lines = new ArrayList<>();

    void note(String line) {
        synchronized (lines) {
            lines.add(Instant.now() + "  " + line);
        }
    }

    /** The notes, then the doubles' records; either double may be null (a channel that never started them). */
    String transcript(TelegramDouble telegram, LlmDouble llm) {
        StringBuilder text = new StringBuilder();
        synchronized (lines) {
            lines.forEach(l -> text.append(l).append('\n'));
        }
        if (telegram != null) {
            text.append("\nTelegram double, calls other than polling:\n");
            telegram.calls(c -> !c.method().equals("getUpdates")).forEach(c -> text.append("  ").append(c.at()).append(' ')
                    .append(c.method()).append(c.chatId() != 0 ? " chat " + c.chatId() : "")
                    .append(c.text().isEmpty() ? "" : ": " + oneLine(c.text())).append('\n'));
            if (!telegram.webhookPosts().isEmpty()) {
                text.append("\nTelegram double, updates posted to the gateway's webhook:\n");
                telegram.webhookPosts().forEach(p -> text.append("  ").append(p.at()).append(" update ").append(p.updateId())
                        .append(p.failure() == null ? " answered " + p.status() : " not delivered: " + p.failure()).append('\n'));
            }
        }
        if (llm != null) {
            text.append("\nLLM double, requests:\n");
            llm.requests().forEach(r -> text.append("  ").append(r.at()).append(" in flight ").append(r.inFlight())
                    .append(", ").append(r.messages()).append(" messages, ").append(r.promptChars()).append(" prompt chars, ")
                    .append(r.tools().size()).append(" tools; user: ").append(oneLine(r.userText()))
                    .append(r.toolResults().isEmpty() ? "" : "; tool result: " + oneLine(String.join(" | ", r.toolResults()))).append('\n'));
        }
        return text.toString();
    }

    /** An update as the transcript names it: its kind, where it went and from whom. */
    static String describe(TelegramUpdate update) {
        String from = " from " + update.senderId();
        return switch (update.kind()) {
            case MESSAGE -> (update.group() ? "a message in group " + update.chatId() : "a DM") + from;
            case EDITED_MESSAGE -> "an edited DM" + from;
            case CHANNEL_POST -> "a post in channel " + update.chatId();
            case FORUM_TOPIC_MESSAGE -> "a message in topic " + TelegramUpdate.TOPIC_ID + " of forum " + update.chatId() + from;
            case DOCUMENT_WITH_CAPTION -> "a document with a caption" + from;
            case FORWARDED -> "a forwarded message (origin " + update.origin().id() + ")" + from;
            case REACTION -> "a reaction to message " + update.targetMessageId() + " in chat " + update.chatId() + from;
            case CALLBACK_QUERY -> "a button press on message " + update.targetMessageId() + " in chat " + update.chatId() + from;
        };
    }

    /** {@code text} on one line (whitespace runs as one space), cut to 240 characters after redaction. */
    static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return Redactor.cut(flat, 240, "…");
    }
}
