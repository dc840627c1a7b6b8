package dev.gjallarhorn.surface;

/** An address family of a firewall rule or a probe. */
public enum Family {
    IPV4("v4"), IPV6("v6");

    private final String shortName;

    Family(String shortName) {
        this.shortName = shortName;
    }

    /** {@code v4} or {@code v6}, as evidence writes it. */
    public String shortName() {
        return shortName;
    }
}
