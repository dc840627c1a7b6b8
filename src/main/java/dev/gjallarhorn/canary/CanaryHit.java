package dev.gjallarhorn.canary;

import java.net.InetSocketAddress;
import java.time.Instant;

/** One connection or datagram a canary accepted, with the token it carried (empty if none). */
public record CanaryHit(CanaryPort port, InetSocketAddress peer, String token, Instant at) {

    @Override
    public String toString() {
        return port + " from " + peer.getAddress().getHostAddress() + ":" + peer.getPort() + (token.isEmpty() ? "" : " token " + token);
    }
}
