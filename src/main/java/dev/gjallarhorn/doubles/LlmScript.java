package dev.gjallarhorn.doubles;

/**
 * What the LLM double answers to a turn whose last user message holds {@code marker}: a call of the agent's
 * {@code exec} tool with {@code command}. Once the tool's result comes back, the double ends the turn with text.
 */
public record LlmScript(String marker, String command, String title) {
}
