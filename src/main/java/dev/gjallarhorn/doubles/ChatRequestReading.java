package dev.gjallarhorn.doubles;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a chat-completions request body (OpenAI's shape, as the gateway sends it) into the {@link LlmRequest} the LLM double records. */
final class ChatRequestReading {

    private static final String INTERNAL_CONTEXT = "<<<BEGIN_OPENCLAW_INTERNAL_CONTEXT>>>";

    private ChatRequestReading() {
    }

    /**
     * What the double keeps of one request body: the current turn's user text and OpenClaw's internal context, the tool
     * results sent back, the tools offered, the characters of all message contents.
     *
     * @param concurrent requests being answered as this one arrived, itself included
     * @param failure    the failure the double is answering with, or null
     */
    static LlmRequest read(JsonNode body, int concurrent, LlmFailure failure) {
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
                List.copyOf(toolResults), List.copyOf(tools), promptChars, messages.size(), Optional.ofNullable(failure));
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
}
