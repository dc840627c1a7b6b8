package dev.gjallarhorn.canary;

/** A port a canary listens on, e.g. {@code tcp/443}. */
public record CanaryPort(Protocol protocol, int port) {

    public CanaryPort {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public static CanaryPort tcp(int port) {
        return new CanaryPort(Protocol.TCP, port);
    }

    public static CanaryPort udp(int port) {
        return new CanaryPort(Protocol.UDP, port);
    }

    @Override
    public String toString() {
        return protocol.lower() + "/" + port;
    }
}
