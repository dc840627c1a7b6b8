package dev.gjallarhorn.doubles;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Where a double's answers wait during a failure phase that holds them back (a slow or hung answer), until the phase
 * ends and {@link #release()} lets them go.
 */
final class HeldAnswers {

    private final Object released = new Object();

    /**
     * Waits while {@code holding} is true, at most {@code longest}, waking on each {@link #release()} to look again.
     * An interrupt ends the wait early (and stays set on the thread).
     */
    void holdWhile(BooleanSupplier holding, Duration longest) {
        long until = System.nanoTime() + longest.toNanos();
        synchronized (released) {
            while (holding.getAsBoolean() && System.nanoTime() < until) {
                try {
                    released.wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
    }

    /** Wakes every held answer, to look at its condition again. */
    void release() {
        synchronized (released) {
            released.notifyAll();
        }
    }
}
