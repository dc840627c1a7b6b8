package dev.gjallarhorn.doubles;

/**
 * How the Telegram Bot API double fails while a failure phase is on: every Bot API call the gateway makes gets this
 * answer instead of the real one (also {@code setWebhook}, so a gateway on a webhook meets the failure when it
 * registers). The answers are the Bot API's own error shape ({@code {"ok":false,"error_code":…,"description":…}}).
 * A refused connection is not the double's to make: the agent channel closes the forward to it instead.
 */
public enum TelegramFailure {
    /** HTTP 502 Bad Gateway, as Telegram answers during an outage. */
    SERVER_ERROR("HTTP 502"),
    /** HTTP 429 with {@code parameters.retry_after} = {@link TelegramDouble#RETRY_AFTER_SECONDS}. */
    TOO_MANY_REQUESTS("HTTP 429 with retry_after"),
    /** HTTP 401 Unauthorized: what a revoked bot token gets. */
    UNAUTHORIZED("HTTP 401 (a revoked token)"),
    /** HTTP 404 Not Found: what an unknown bot token gets. */
    NOT_FOUND("HTTP 404 (an unknown token)"),
    /** No answer until the phase ends (at most {@link TelegramDouble#SLOWEST}): longer than the client's timeout. */
    SLOW("an answer slower than the client's timeout"),
    /** The connection is closed without any answer. */
    CONNECTION_RESET("the connection closed without an answer"),
    /** HTTP 200 with a body that is not JSON. */
    MALFORMED_JSON("HTTP 200 with malformed JSON");

    private final String description;

    TelegramFailure(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
