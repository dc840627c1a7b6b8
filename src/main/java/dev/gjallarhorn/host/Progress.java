package dev.gjallarhorn.host;

import java.io.PrintStream;
import java.time.Duration;

/** Progress lines for slow host-side work (engine, images, twin start), each with its duration. */
public final class Progress {

    private static final PrintStream OUT = System.err;

    private Progress() {
    }

    public static void say(String message) {
        OUT.println("[gjallarhorn] " + message);
        OUT.flush();
    }

    /** Starts a timed step; {@link Step#done(String)} prints how long it took. */
    public static Step step(String message) {
        say(message + " …");
        return new Step(System.nanoTime());
    }

    public record Step(long startedNanos) {
        public Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - startedNanos);
        }

        public void done(String message) {
            say(message + " in " + seconds(elapsed()));
        }
    }

    public static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
