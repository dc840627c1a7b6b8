package dev.gjallarhorn.run;

import dev.gjallarhorn.canary.Canaries;
import java.util.List;
import java.util.function.Consumer;

/**
 * The run's one set of canary listeners. Attacks run side by side and ask for overlapping ports, so every lease
 * shares these listeners (opened on first use, closed with the run); each attack judges by its own tokens.
 */
final class SharedCanaries {

    private Canaries listeners;

    /**
     * The shared listeners, opened at {@code placement} by the first caller, who hands them to {@code closeWithRun}
     * (later callers get the same, whatever placement they pass).
     */
    synchronized Canaries at(CanaryPlacement placement, Consumer<AutoCloseable> closeWithRun) {
        if (listeners == null) {
            listeners = Canaries.open(placement.bind(), placement.advertised(), List.of());
            closeWithRun.accept(listeners);
        }
        return listeners;
    }
}
