package dev.gjallarhorn.canary;

import java.net.InetAddress;
import java.util.Set;

/**
 * The one rule every probe destination passes: it is loopback or the address of this run's canaries.
 * Nothing else — no real host, no private range we did not create — is ever sent a packet.
 */
public final class DestinationGuard {

    private final Set<InetAddress> canaryAddresses;

    public DestinationGuard(Set<InetAddress> canaryAddresses) {
        this.canaryAddresses = Set.copyOf(canaryAddresses);
    }

    public static DestinationGuard forCanaries(Canaries canaries) {
        return new DestinationGuard(Set.of(canaries.advertised()));
    }

    public InetAddress check(InetAddress destination) {
        if (destination.isLoopbackAddress() || canaryAddresses.contains(destination)) {
            return destination;
        }
        throw new IllegalArgumentException("refusing to probe " + destination.getHostAddress()
                + ": only loopback and this run's canaries " + canaryAddresses + " may be probed");
    }
}
