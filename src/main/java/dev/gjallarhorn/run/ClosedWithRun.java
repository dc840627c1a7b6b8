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

    synchronized void add(AutoCloseable resource) {
        closers.push(resource);
    }

    /**
     * Closes everything registered, the last first, including anything registered while closing; a resource that
     * throws is handed to {@code failed}, and the rest are still closed.
     */
    synchronized void closeAll(Consumer<Exception> failed) {
        while (!closers.isEmpty()) {
            try {
                closers.pop().close();
            } catch (Exception e) {
                failed.accept(e);
            }
        }
    }
}
