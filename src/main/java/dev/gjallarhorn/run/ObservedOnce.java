package dev.gjallarhorn.run;

import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.HarnessError;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * The run's memo of probe results shared by the checks of several claims, one per result class: computed the first
 * time it is asked for, then handed out again (observe once, judge many times). Attacks run side by side, so each
 * kind is computed once under its own future: a caller asking for a kind another attack is computing waits for that
 * one only, and a probe may itself ask for another kind. A probe that failed fails every caller the same way.
 */
final class ObservedOnce {

    private final Map<Class<?>, Future<Object>> observed = new ConcurrentHashMap<>();

    /**
     * The result of {@code kind}, running {@code probe} if no caller has yet. Rethrows the probe's
     * {@link RuntimeException} or {@link Error} as it was; anything else, or an interrupt while waiting, becomes a
     * {@link HarnessError}.
     */
    <T> T get(Class<T> kind, Supplier<T> probe) {
        FutureTask<Object> task = new FutureTask<>(probe::get);
        Future<Object> existing = observed.putIfAbsent(kind, task);
        Future<Object> future = existing != null ? existing : task;
        if (existing == null) {
            task.run();
        }
        try {
            return kind.cast(future.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessError(ExitCode.HARNESS_ERROR, "interrupted while waiting for " + kind.getSimpleName(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new HarnessError(ExitCode.HARNESS_ERROR, kind.getSimpleName() + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** The result of {@code kind} if a probe computed it without failing; empty otherwise (never runs a probe). */
    <T> java.util.Optional<T> ifObserved(Class<T> kind) {
        Future<Object> future = observed.get(kind);
        if (future == null || !future.isDone()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(kind.cast(future.get()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        } catch (ExecutionException e) {
            return java.util.Optional.empty();
        }
    }
}
