package dev.gjallarhorn.doubles;

/**
 * How the LLM double fails while a failure phase is on: every chat-completion request gets this instead of an
 * answer. Errors use the OpenAI error shape ({@code {"error":{"message":…,"type":…,"code":…}}}).
 */
public enum LlmFailure {
    /** HTTP 429 with {@code Retry-After: 1}. */
    TOO_MANY_REQUESTS("HTTP 429 with Retry-After"),
    /** HTTP 500. */
    SERVER_ERROR("HTTP 500"),
    /** HTTP 401: a revoked API key. */
    UNAUTHORIZED("HTTP 401 (a revoked key)"),
    /** A 200 stream that sends its first chunk and then closes without finishing. */
    STREAM_CUT("a stream cut after its first chunk"),
    /** A 200 stream that sends its first chunk and then nothing until the phase ends (at most {@link LlmDouble#LONGEST_HANG}). */
    HUNG_STREAM("a stream that hangs after its first chunk");

    private final String description;

    LlmFailure(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
