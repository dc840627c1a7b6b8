package dev.gjallarhorn.remote;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * What a remote command did. A non-zero exit is data, not an exception; an unknown exit status
 * (the channel closed without one, or the command timed out) is empty, never 0.
 */
public record CommandResult(Cmd cmd, OptionalInt exitStatus, String stdout, String stderr, Duration elapsed, boolean timedOut) {

    public boolean succeeded() {
        return !timedOut && exitStatus.isPresent() && exitStatus.getAsInt() == 0;
    }

    public int exitOr(int fallback) {
        return exitStatus.orElse(fallback);
    }

    /** One line for evidence: the command, how it ended and how long it took. */
    public String describe() {
        String end = timedOut ? "timed out" : exitStatus.isPresent() ? "exit " + exitStatus.getAsInt() : "no exit status";
        return cmd + " -> " + end + " in " + elapsed.toMillis() + " ms";
    }
}
