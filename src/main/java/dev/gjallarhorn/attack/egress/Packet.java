package dev.gjallarhorn.attack.egress;

/**
 * One packet the egress attack sends beyond the TCP/UDP port matrix, in the form {@code packet-probe.sh} takes:
 * {@code icmp} TYPE CODE, {@code ip} PROTOCOL (a name or number, sent on a raw socket), or {@code tcp}/{@code udp}
 * SOURCE-PORT DESTINATION-PORT (destination 0: a sampled canary port, chosen when the canaries are open).
 *
 * @param label how evidence names it ("icmp echo-request (8/0)", "ip gre", "udp from source port 53")
 * @param why   where it came from: "always", the sample, or the rule that names it
 */
public record Packet(String kind, String a, String b, String label, String why) {

    public static Packet icmp(int type, int code, String label, String why) {
        return new Packet("icmp", Integer.toString(type), Integer.toString(code), label, why);
    }

    public static Packet ip(String protocol, String why) {
        return new Packet("ip", protocol, "-", "ip protocol " + protocol, why);
    }

    public static Packet fromSourcePort(String protocol, int sourcePort, int destinationPort, String why) {
        return new Packet(protocol, Integer.toString(sourcePort), Integer.toString(destinationPort),
                protocol + " from source port " + sourcePort + (destinationPort == 0 ? "" : " to " + destinationPort), why);
    }

    /** Counted at the host's INPUT by a packet counter (ICMP, another IP protocol), not by a TCP/UDP canary listener. */
    public boolean counted() {
        return kind.equals("icmp") || kind.equals("ip");
    }

    /** What the host's packet counter matches: {@code icmp}, or the protocol as the rule named it. */
    public String counterProtocol() {
        return kind.equals("icmp") ? "icmp" : kind.equals("ip") ? a : kind;
    }

    public int sourcePort() {
        return Integer.parseInt(a);
    }

    public int destinationPort() {
        return Integer.parseInt(b);
    }

    /** The same source-port packet towards a canary port the run listens on. */
    public Packet towards(int destinationPort) {
        return fromSourcePort(kind, sourcePort(), destinationPort, why);
    }

    public String spec(String token) {
        return kind + "/" + a + "/" + b + "/" + token;
    }
}
