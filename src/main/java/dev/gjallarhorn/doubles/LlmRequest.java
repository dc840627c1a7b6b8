package dev.gjallarhorn.doubles;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One chat-completion request the gateway sent to the LLM double: when, how many were in flight with it, the text
 * of the current turn's user messages, the context OpenClaw adds around them (its internal-context parts, which
 * quote earlier turns), the results of tool calls sent back, the tools offered, and how many characters of prompt
 * it carried. Bodies are not kept whole.
 *
 * @param inFlight requests being answered when this one arrived, itself included
 * @param failure  the failure the double answered with instead of a completion (a failure phase), if any
 */
public record LlmRequest(Instant at, int inFlight, String model, String userText, String contextText, List<String> toolResults,
                         List<String> tools, int promptChars, int messages, Optional<LlmFailure> failure) {

    /** Whether this turn's own user text holds {@code marker}: what the turn asks. */
    public boolean asks(String marker) {
        return userText.contains(marker);
    }

    /** Whether {@code marker} reached the model in this request at all, as the turn's text or as quoted context. */
    public boolean mentions(String marker) {
        return userText.contains(marker) || contextText.contains(marker);
    }

    /** Whether the gateway sent back the result of a tool call that printed {@code marker}. */
    public boolean toolResultMentions(String marker) {
        return toolResults.stream().anyMatch(r -> r.contains(marker));
    }
}
