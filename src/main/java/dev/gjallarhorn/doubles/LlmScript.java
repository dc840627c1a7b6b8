package dev.gjallarhorn.doubles;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the LLM double answers to a turn whose last user message holds {@code marker}: a call of the agent's tool
 * {@code tool} (as OpenClaw offers it, e.g. {@code exec}, {@code write}, {@code web_fetch}) with {@code arguments},
 * the JSON object the model would write. Once the tool's result comes back, the double ends the turn with text.
 */
public record LlmScript(String marker, String tool, ObjectNode arguments) {

    public LlmScript {
        arguments = arguments.deepCopy();
    }

    /** A call of {@code exec} running {@code command}. */
    public static LlmScript exec(String marker, String command, String title) {
        return new LlmScript(marker, "exec", JsonNodeFactory.instance.objectNode().put("command", command).put("title", title));
    }
}
