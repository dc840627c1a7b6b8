package dev.gjallarhorn.run;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * What scenarios set up for the whole run (doubles, forwards, a started gateway, the shared canaries), to be closed
 * when it ends, before its residue check: in reverse order of registration.
 */
final class ClosedWithRun {

    private final Deque<AutoCloseable> closers = new ArrayDeque<>();
    private Consumer<Exception> closedWith;

    /** Registers {@code resource}; once the run has closed everything, closes it at once instead (nothing outlives the run). */
    void add(AutoCloseable resource) {
        Consumer<Exception> failed;
        synchronized (this) {
            if (closedWith == null) {
                closers.push(resource);
                return;
            }
            failed = closedWith;
        }
        close(resource, failed);
    }

    /**
     * Closes everything registered, the last first, including anything registered while closing; a resource that
     * throws is handed to {@code failed}, and the rest are still closed.
     */
    synchronized void closeAll(Consumer<Exception> failed) {
        while (!closers.isEmpty()) {
            close(closers.pop(), failed);
        }
        closedWith = failed;
    }

    private static void close(AutoCloseable resource, Consumer<Exception> failed) {
        try {
            resource.close();
        } catch (Exception e) {
            failed.accept(e);
        }
    }
}
