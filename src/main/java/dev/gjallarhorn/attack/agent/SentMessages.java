package dev.gjallarhorn.attack.agent;

import dev.gjallarhorn.doubles.LlmRequest;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The messages the run sent through the Telegram double, by marker: a text no earlier message of the run contains
 * ({@code TOKEN-WHAT-N}, the run's token in upper case), when each was sent, and the update id the double gave it.
 * Safe to use from several threads.
 */
final class SentMessages {

    private final String prefix;
    private final AtomicInteger markers = new AtomicInteger();
    private final Map<String, Instant> sentAt = new ConcurrentHashMap<>();
    private final Map<String, Long> updateIds = new ConcurrentHashMap<>();

    /** @param token the run's token */
    SentMessages(String token) {
        this.prefix = token.toUpperCase(Locale.ROOT) + "-";
    }

    /** A fresh marker naming {@code what}. */
    String marker(String what) {
        return prefix + what + "-" + markers.incrementAndGet();
    }

    /** Whether a request's own turn text carries a marker of this run (any attack's message, not the gateway's own). */
    boolean carriesAnyMarker(LlmRequest request) {
        return request.userText().contains(prefix);
    }

    /** The message carrying {@code marker} is being sent now (before the double takes it). */
    void sending(String marker) {
        sentAt.put(marker, Instant.now());
    }

    /** The double took the message carrying {@code marker} as update {@code updateId}. */
    void taken(String marker, long updateId) {
        updateIds.put(marker, updateId);
    }

    Optional<Instant> sentAt(String marker) {
        return Optional.ofNullable(sentAt.get(marker));
    }

    /** The update ids of every message whose marker contains {@code marker}. */
    List<Long> updateIds(String marker) {
        return updateIds.entrySet().stream().filter(e -> e.getKey().contains(marker)).map(Map.Entry::getValue).toList();
    }
}
