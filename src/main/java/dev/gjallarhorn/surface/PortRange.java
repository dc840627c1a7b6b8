package dev.gjallarhorn.surface;

/**
 * Destination ports a rule matches, {@code from} to {@code to} inclusive (1..65535). Parsed from the forms
 * firewalls print: {@code 443}, {@code 6000:6010} (iptables), {@code 6000-6010} (nftables).
 */
public record PortRange(int from, int to) {

    public PortRange {
        if (from < 0 || to > 65535 || from > to) {
            throw new IllegalArgumentException("not a port range: " + from + "-" + to);
        }
    }

    public static PortRange of(int port) {
        return new PortRange(port, port);
    }

    /** {@code 443}, {@code 6000:6010} or {@code 6000-6010}; an open end ({@code 6000:}) runs to 65535, ({@code :100}) from 0. */
    public static PortRange parse(String text) {
        String t = text.trim();
        int sep = Math.max(t.indexOf(':'), t.indexOf('-'));
        if (sep < 0) {
            return of(Integer.parseInt(t));
        }
        String low = t.substring(0, sep);
        String high = t.substring(sep + 1);
        return new PortRange(low.isEmpty() ? 0 : Integer.parseInt(low), high.isEmpty() ? 65535 : Integer.parseInt(high));
    }

    public boolean single() {
        return from == to;
    }

    public boolean contains(int port) {
        return port >= from && port <= to;
    }

    public int size() {
        return to - from + 1;
    }

    @Override
    public String toString() {
        return single() ? Integer.toString(from) : from + "-" + to;
    }
}
