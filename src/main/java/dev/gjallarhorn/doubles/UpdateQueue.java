package dev.gjallarhorn.doubles;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The Telegram double's queue of forged updates for {@code getUpdates} long polling: updates wait here until a poll
 * confirms them (asks with a higher offset), and every one handed out is remembered.
 */
final class UpdateQueue {

    private final List<ObjectNode> pending = new ArrayList<>();
    private final Set<Long> handedOut = ConcurrentHashMap.newKeySet();

    /** Queues an update (its JSON, with {@code update_id}) and wakes the waiting polls. */
    void add(ObjectNode update) {
        synchronized (pending) {
            pending.add(update);
            pending.notifyAll();
        }
    }

    /** Wakes the waiting polls, to look at {@code stop} again. */
    void wake() {
        synchronized (pending) {
            pending.notifyAll();
        }
    }

    /**
     * One {@code getUpdates}: drops the updates below {@code offset} (if positive), waits up to {@code timeoutNanos} while
     * none is pending and {@code stop} is false, then hands out all pending ones (maybe none).
     */
    ArrayNode poll(long offset, long timeoutNanos, BooleanSupplier stop) {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (pending) {
            if (offset > 0) {
                pending.removeIf(u -> u.path("update_id").asLong() < offset);
            }
            while (pending.isEmpty() && !stop.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    pending.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            ArrayNode result = JsonNodeFactory.instance.arrayNode();
            pending.forEach(update -> {
                result.add(update);
                handedOut.add(update.path("update_id").asLong());
            });
            return result;
        }
    }

    /** Whether a poll has handed out the update with this id. */
    boolean handedOut(long updateId) {
        return handedOut.contains(updateId);
    }
}
