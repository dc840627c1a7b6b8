package dev.gjallarhorn;

import java.time.Duration;

/** A deliberate wait (pacing a burst, a double's "thinking"), never an "eventually": those use Awaitility. */
public final class Sleep {

    private Sleep() {
    }

    /** Sleeps for {@code duration}; an interrupt ends it early and stays set for the caller to see. */
    public static void quietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
