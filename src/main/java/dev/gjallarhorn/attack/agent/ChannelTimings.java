package dev.gjallarhorn.attack.agent;

import java.time.Duration;

/** How long the agent channel waits for the gateway, at most: upper bounds, never fixed waits. */
public final class ChannelTimings {

    /** The first turn of a run: the gateway may still be loading its model and tools. */
    public static final Duration FIRST_TURN_WITHIN = Duration.ofMinutes(3);
    public static final Duration TURN_WITHIN = Duration.ofSeconds(90);
    public static final Duration REPLY_WITHIN = Duration.ofSeconds(45);
    /** After a round's closing turn started: other chats' updates taken before it are dispatched by then. */
    public static final Duration GRACE = Duration.ofSeconds(4);

    private ChannelTimings() {
    }
}
