package dev.gjallarhorn.attack.egress;

import dev.gjallarhorn.surface.Family;
import dev.gjallarhorn.surface.FirewallRule;
import dev.gjallarhorn.surface.FirewallRuleset;
import dev.gjallarhorn.surface.PortRange;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What the egress attack sends beyond TCP and UDP destination ports, derived from the target's ruleset (the output
 * path, IPv4): an ICMP echo always (ICMP is the tunnel every firewall forgets); one packet of every other IP protocol
 * an ACCEPT names, ICMP types included; a protocol no rule names, drawn from {@code seed} out of IANA's unassigned
 * numbers (143-252, which no stack on the host acts on), standing for rules that take every protocol; and a TCP or
 * UDP packet from every source port an ACCEPT names. It also reads the dimensions a rule can match on that no packet
 * varies (state, out interface, owner) so the evidence can say which values a run covered and which it could not.
 *
 * <p>Rules towards a destination or interface where no canary can stand are {@link #blind()} (the port plan lists
 * the TCP/UDP ones); IPv6 ACCEPTs of other protocols are summed up in {@link #ipv6Open()}, as this run has no IPv6 canary.
 */
public record PacketPlan(List<Packet> packets, int sampledProtocol, List<String> protocols, List<String> sourcePorts,
                         List<String> states, List<String> interfaces, List<String> owners, List<String> blind, List<String> ipv6Open) {

    static final int UNASSIGNED_FROM = 143;
    static final int UNASSIGNED_TO = 252;

    /** iptables' and nft's ICMP type names, as {@code type/code} ({@code any}: an echo stands for every type). */
    private static final Map<String, int[]> ICMP_TYPES = Map.ofEntries(
            Map.entry("any", new int[] {8, 0}), Map.entry("echo-reply", new int[] {0, 0}), Map.entry("pong", new int[] {0, 0}),
            Map.entry("destination-unreachable", new int[] {3, 0}), Map.entry("network-unreachable", new int[] {3, 0}),
            Map.entry("host-unreachable", new int[] {3, 1}), Map.entry("protocol-unreachable", new int[] {3, 2}),
            Map.entry("port-unreachable", new int[] {3, 3}), Map.entry("fragmentation-needed", new int[] {3, 4}),
            Map.entry("source-quench", new int[] {4, 0}), Map.entry("redirect", new int[] {5, 0}),
            Map.entry("echo-request", new int[] {8, 0}), Map.entry("ping", new int[] {8, 0}),
            Map.entry("router-advertisement", new int[] {9, 0}), Map.entry("router-solicitation", new int[] {10, 0}),
            Map.entry("time-exceeded", new int[] {11, 0}), Map.entry("ttl-exceeded", new int[] {11, 0}),
            Map.entry("parameter-problem", new int[] {12, 0}), Map.entry("timestamp-request", new int[] {13, 0}),
            Map.entry("timestamp-reply", new int[] {14, 0}), Map.entry("info-request", new int[] {15, 0}),
            Map.entry("info-reply", new int[] {16, 0}), Map.entry("address-mask-request", new int[] {17, 0}),
            Map.entry("address-mask-reply", new int[] {18, 0}));

    public static PacketPlan derive(FirewallRuleset ruleset, InetAddress canary, String canaryInterface, long seed) {
        FirewallRuleset.Hook hook = FirewallRuleset.Hook.OUTPUT;
        SplittableRandom random = new SplittableRandom(seed ^ 0x9e3779b97f4a7c15L);
        Map<String, Packet> packets = new LinkedHashMap<>();
        List<String> protocols = new ArrayList<>();
        List<String> sourcePorts = new ArrayList<>();
        List<String> blind = new ArrayList<>();
        List<String> ipv6Open = new ArrayList<>();
        int sampled = unnamedProtocol(ruleset, random);
        add(packets, protocols, Packet.icmp(8, 0, "icmp echo-request (8/0)", "always"));
        add(packets, protocols, new Packet("ip", Integer.toString(sampled), "-", "ip protocol " + sampled + " (sampled)",
                "a protocol no rule names, drawn from seed " + seed + " among the unassigned numbers " + UNASSIGNED_FROM + "-" + UNASSIGNED_TO));
        for (FirewallRule rule : ruleset.letsOut(hook)) {
            String where = "[" + rule.origin() + "] " + rule.text();
            boolean allowlisted = EgressAllowlist.covers(rule);
            if (rule.family() == Family.IPV6) {
                if (!rule.carriesTcpOrUdp() && !allowlisted) {
                    ipv6Open.add(where);
                }
                continue;
            }
            RuleReach reach = RuleReach.of(rule, hook, canary, canaryInterface);
            if (reach.elsewhere()) {
                continue;
            }
            if (reach.blind().isPresent()) {
                if (!allowlisted && !rule.carriesTcpOrUdp()) {
                    blind.add(reach.blind().get() + ": " + where);
                }
                continue;
            }
            if (rule.otherProtocol().isPresent()) {
                String protocol = rule.otherProtocol().get().toLowerCase(Locale.ROOT);
                if (protocol.equals("icmp") || protocol.equals("1")) {
                    Optional<int[]> type = icmpType(rule.icmpType().orElse("echo-request"));
                    if (type.isEmpty()) {
                        blind.add("an ACCEPT for an ICMP type this attack cannot read (" + rule.icmpType().get() + "): " + where);
                        continue;
                    }
                    int[] t = type.get();
                    add(packets, protocols, Packet.icmp(t[0], t[1], "icmp " + rule.icmpType().orElse("echo-request") + " (" + t[0] + "/" + t[1] + ")", where));
                } else {
                    add(packets, protocols, Packet.ip(protocol, where));
                }
            } else if (rule.anyProtocol() && rule.destinationPorts().isEmpty() && rule.sourcePorts().isEmpty()) {
                protocols.add("every protocol (ip protocol " + sampled + " and icmp stand for it) <- " + where);
            }
            if (rule.carriesTcpOrUdp() && !rule.sourcePorts().isEmpty()) {
                addFromSourcePorts(packets, sourcePorts, rule, where, random);
            }
        }
        return new PacketPlan(List.copyOf(packets.values()), sampled, protocols, sourcePorts, states(ruleset, blind),
                interfaces(ruleset, canaryInterface), owners(ruleset), blind, ipv6Open);
    }

    /** A protocol number among IANA's unassigned ones that no output ACCEPT names, drawn from {@code random}. */
    private static int unnamedProtocol(FirewallRuleset ruleset, SplittableRandom random) {
        Set<String> named = new LinkedHashSet<>();
        ruleset.letsOut(FirewallRuleset.Hook.OUTPUT).forEach(r -> r.otherProtocol().ifPresent(p -> named.add(p.toLowerCase(Locale.ROOT))));
        int sampled;
        do {
            sampled = UNASSIGNED_FROM + random.nextInt(UNASSIGNED_TO - UNASSIGNED_FROM + 1);
        } while (named.contains(Integer.toString(sampled)));
        return sampled;
    }

    /**
     * A TCP or UDP packet from each source port the rule names ({@link EgressPlan#pick} per range) to each destination
     * port it names, or to a sampled canary port (0 here) if it names none.
     */
    private static void addFromSourcePorts(Map<String, Packet> packets, List<String> sourcePorts, FirewallRule rule, String where,
                                           SplittableRandom random) {
        List<String> transports = rule.protocol().filter(p -> p.equals("tcp") || p.equals("udp")).map(List::of).orElse(List.of("tcp", "udp"));
        for (String transport : transports) {
            for (PortRange range : rule.sourcePorts()) {
                for (int source : EgressPlan.pick(range, random)) {
                    List<Integer> destinations = new ArrayList<>();
                    rule.destinationPorts().forEach(d -> destinations.addAll(EgressPlan.pick(d, random)));
                    for (int destination : destinations.isEmpty() ? List.of(0) : destinations) {
                        Packet packet = Packet.fromSourcePort(transport, source, destination, where);
                        packets.putIfAbsent(packet.spec(""), packet);
                        sourcePorts.add(transport + "/" + source + (destination == 0 ? " to a sampled port" : " to " + destination) + " <- " + where);
                    }
                }
            }
        }
    }

    private static void add(Map<String, Packet> packets, List<String> protocols, Packet packet) {
        protocols.add(packet.label() + " <- " + packet.why());
        packets.putIfAbsent(packet.spec(""), packet);
    }

    /** A type as iptables prints it ({@code 8}, {@code 3/1}) or by name; empty if unreadable. */
    static Optional<int[]> icmpType(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (ICMP_TYPES.containsKey(t)) {
            return Optional.of(ICMP_TYPES.get(t));
        }
        if (t.matches("\\d{1,3}(/\\d{1,3})?")) {
            String[] parts = t.split("/");
            int type = Integer.parseInt(parts[0]);
            int code = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return type < 256 && code < 256 ? Optional.of(new int[] {type, code}) : Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * The connection states the output path's ACCEPTs name. Every packet of this attack starts a new flow: a rule for
     * NEW (or UNTRACKED) flows is probed through its other matches; one only for ESTABLISHED or RELATED packets lets
     * out only what belongs to a flow another rule let out first; any other state (INVALID, …) no attempt produces.
     */
    static List<String> states(FirewallRuleset ruleset, List<String> blind) {
        List<String> states = new ArrayList<>();
        for (FirewallRule rule : ruleset.inPath(FirewallRuleset.Hook.OUTPUT)) {
            if (!rule.lets() || rule.family() != Family.IPV4 || rule.loopbackOnly() || rule.states().isEmpty()) {
                continue;
            }
            String named = rule.states().get();
            String where = "[" + rule.origin() + "] " + rule.text();
            if (!rule.stateOnly()) {
                states.add(named + ": includes new flows, probed through the rule's other matches <- " + where);
            } else if (named.replaceAll("[\\s,]|ESTABLISHED|RELATED", "").isEmpty()) {
                states.add(named + ": only packets of a flow another rule let out first; every attempt here starts one <- " + where);
            } else {
                states.add(named + ": no attempt of this run makes such a packet <- " + where);
                blind.add("an ACCEPT for packets in state " + named + ", which no attempt of this run makes: " + where);
            }
        }
        return states;
    }

    /** The out interfaces the output path's ACCEPTs name, and whether a canary stands behind each. */
    static List<String> interfaces(FirewallRuleset ruleset, String canaryInterface) {
        Map<String, String> seen = new LinkedHashMap<>();
        for (FirewallRule rule : ruleset.inPath(FirewallRuleset.Hook.OUTPUT)) {
            if (!rule.lets() || rule.family() != Family.IPV4 || rule.outInterface().isEmpty()) {
                continue;
            }
            String name = (rule.outInterfaceNegated() ? "! " : "") + rule.outInterface().get();
            String verdict = rule.loopbackOnly() ? "loopback: stays in the VM"
                    : !rule.outInterfaceNegated() && rule.outInterface().get().equals("tailscale0") ? "Tailscale's interface: allowlisted"
                    : rule.outInterfaceNegated() != RuleReach.interfaceMatches(rule.outInterface().get(), canaryInterface)
                    ? "the canaries are reached through it (" + canaryInterface + "): probed"
                    : "no canary can stand behind it (the canaries are reached through " + canaryInterface + "): oracle-blind";
            seen.putIfAbsent(name, name + ": " + verdict);
        }
        return List.copyOf(seen.values());
    }

    /** The uids the output path's ACCEPTs name (every identity of the surface, their owners included, sends every packet). */
    static List<String> owners(FirewallRuleset ruleset) {
        Set<String> uids = new LinkedHashSet<>();
        for (FirewallRule rule : ruleset.letsOut(FirewallRuleset.Hook.OUTPUT)) {
            rule.ownerUid().ifPresent(u -> uids.add("uid " + u + " <- [" + rule.origin() + "] " + rule.text()));
        }
        return List.copyOf(uids);
    }
}
