package dev.gjallarhorn.surface;

import java.util.List;
import java.util.Optional;

/**
 * One rule of the target's packet filter, as far as egress is concerned: where it was read ({@code origin}:
 * {@code iptables-save}, {@code ip6tables-save}, {@code nft}, {@code ufw user.rules}), its table and chain, the
 * matches that decide which packets it takes (protocol, destination and source ports, an ICMP type, destination
 * address, out interface, the owner's uid, a connection-state match, with the states it names), what it does with them ({@code verdict}: {@code ACCEPT}, {@code DROP},
 * {@code REJECT}, {@code RETURN}, {@code LOG}, or the chain it jumps to) and the rule as the tool printed it.
 *
 * <p>A match the parser does not know is kept in {@code unknown}: such a rule takes fewer packets than its known
 * matches say, never more.
 */
public record FirewallRule(Family family, String origin, String table, String chain, String verdict,
                           Optional<String> protocol, List<PortRange> destinationPorts, List<PortRange> sourcePorts,
                           Optional<String> icmpType, Optional<String> destination, boolean destinationNegated,
                           Optional<String> outInterface, boolean outInterfaceNegated,
                           Optional<String> ownerUid, boolean stateOnly, Optional<String> states, List<String> unknown, String text) {

    public FirewallRule {
        destinationPorts = List.copyOf(destinationPorts);
        sourcePorts = List.copyOf(sourcePorts);
        unknown = List.copyOf(unknown);
    }

    /** Lets a packet through (ACCEPT; RETURN out of Docker's DOCKER-USER, which then accepts). */
    public boolean lets() {
        return verdict.equals("ACCEPT") || verdict.equals("RETURN") && chain.equals("DOCKER-USER");
    }

    /** Can match TCP or UDP (no protocol match, or tcp, udp, all): the port matrix probes it; other protocols go to {@code PacketPlan}. */
    public boolean carriesTcpOrUdp() {
        return protocol.map(p -> p.equals("tcp") || p.equals("udp") || p.equals("all") || p.equals("6") || p.equals("17")).orElse(true);
    }

    /** Names one IP protocol other than TCP and UDP ({@code icmp}, {@code gre}, {@code 47}, {@code esp}, …). */
    public Optional<String> otherProtocol() {
        return protocol.filter(p -> !carriesTcpOrUdp() && !p.equals("0"));
    }

    /** Names no protocol, or all of them ({@code -p all}, {@code -p 0}): every IP protocol can match. */
    public boolean anyProtocol() {
        return protocol.map(p -> p.equals("all") || p.equals("0")).orElse(true);
    }

    public boolean stops() {
        return verdict.equals("DROP") || verdict.equals("REJECT");
    }

    /** Only to loopback: out on {@code lo}, or to 127.0.0.0/8 or ::1. */
    public boolean loopbackOnly() {
        return outInterface.filter(i -> i.equals("lo") && !outInterfaceNegated).isPresent()
                || destination.filter(d -> !destinationNegated && (d.startsWith("127.") || d.equals("::1") || d.equals("::1/128"))).isPresent();
    }

    /** A destination other than "anywhere". */
    public Optional<String> specificDestination() {
        return destination.filter(d -> !d.equals("0.0.0.0/0") && !d.equals("::/0"));
    }
}
