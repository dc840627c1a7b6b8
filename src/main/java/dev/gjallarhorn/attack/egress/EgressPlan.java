package dev.gjallarhorn.attack.egress;

import dev.gjallarhorn.canary.CanaryPort;
import dev.gjallarhorn.surface.Family;
import dev.gjallarhorn.surface.FirewallRule;
import dev.gjallarhorn.surface.FirewallRuleset;
import dev.gjallarhorn.surface.PortRange;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Which ports an egress attack tries, derived from the target's own ruleset, never from a list of ours: the
 * allowlist's ports (positive controls), every port an ACCEPT on the path could let out (a range by its ends and
 * one port inside it), and a fresh random sample of TCP and UDP ports drawn from {@code seed} (printed with the
 * evidence, so a run can be repeated). Rules that let traffic out only to a destination or through an interface
 * where no canary of this run can stand cannot be probed: they are listed as {@link #blind()} unless the allowlist
 * covers them. Rules and policies of IPv6, where this run has no canary, are summed up in {@link #ipv6Open()}.
 *
 * <p>The plan is only a choice of candidates; the canaries decide what got out.
 */
public record EgressPlan(List<EgressPort> ports, Set<CanaryPort> sampled, long seed, List<String> derived, List<String> destinations,
                         List<String> blind, List<String> anyPort, List<String> ipv6Open) {

    /** How many random ports of each protocol a run tries. */
    public static final int SAMPLE = 6;

    public static EgressPlan derive(FirewallRuleset ruleset, FirewallRuleset.Hook hook, InetAddress canary, String canaryInterface,
                                    long seed, int sample) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<CanaryPort, EgressPort> ports = new LinkedHashMap<>();
        EgressAllowlist.CONTROLS.forEach(c -> ports.put(c.port(), c));
        List<String> derived = new ArrayList<>();
        List<String> destinations = new ArrayList<>();
        List<String> blind = new ArrayList<>();
        List<String> anyPort = new ArrayList<>();
        List<String> ipv6Open = new ArrayList<>();
        for (FirewallRule rule : ruleset.letsThrough(hook)) {
            boolean allowlisted = EgressAllowlist.covers(rule);
            if (rule.family() == Family.IPV6) {
                if (!allowlisted) {
                    ipv6Open.add("[" + rule.origin() + "] " + rule.text());
                }
                continue;
            }
            String where = "[" + rule.origin() + "] " + rule.text();
            if (rule.specificDestination().isPresent()) {
                String destination = rule.specificDestination().get();
                boolean canStand = RuleReach.canStand(destination, rule.destinationNegated(), canary);
                destinations.add(destination + (rule.destinationNegated() ? " (negated)" : "") + ": a canary can stand there: "
                        + (canStand ? "yes (" + canary.getHostAddress() + ")" : "no") + (allowlisted ? "; allowlisted" : "") + " <- " + where);
            }
            RuleReach reach = RuleReach.of(rule, hook, canary, canaryInterface);
            if (reach.elsewhere()) {
                continue; // forwarded to a container on this machine, not out of it
            }
            if (reach.blind().isPresent()) {
                if (!allowlisted) {
                    blind.add(reach.blind().get() + ": " + where);
                }
                continue;
            }
            if (rule.destinationPorts().isEmpty()) {
                if (rule.sourcePorts().isEmpty() || hook == FirewallRuleset.Hook.FORWARD) {
                    anyPort.add(where + (rule.ownerUid().map(u -> " (only for uid " + u + ")").orElse(""))
                            + (rule.sourcePorts().isEmpty() ? "" : " (only from source ports " + rule.sourcePorts() + ")"));
                }
                continue; // on the output path a source-port ACCEPT is tried from its source ports ({@link PacketPlan})
            }
            addDerived(ports, derived, rule, where, random);
        }
        ruleset.openPolicies(FirewallRuleset.Hook.valueOf(hook.name()), Family.IPV4).forEach(p -> anyPort.add(p + " (what no rule takes leaves)"));
        ruleset.openPolicies(FirewallRuleset.Hook.valueOf(hook.name()), Family.IPV6).forEach(p -> ipv6Open.add(p));
        Set<CanaryPort> sampled = drawSample(ports, sample, random);
        return new EgressPlan(List.copyOf(ports.values()), sampled, seed, derived, destinations, blind, anyPort, ipv6Open);
    }

    /** The ports a rule's destination ports give, for TCP and UDP or the one it names ({@link #pick} for each range). */
    private static void addDerived(Map<CanaryPort, EgressPort> ports, List<String> derived, FirewallRule rule, String where,
                                   SplittableRandom random) {
        List<String> protocols = rule.protocol().filter(p -> p.equals("tcp") || p.equals("udp")).map(List::of).orElse(List.of("tcp", "udp"));
        for (String protocol : protocols) {
            for (PortRange range : rule.destinationPorts()) {
                for (int port : pick(range, random)) {
                    CanaryPort candidate = protocol.equals("tcp") ? CanaryPort.tcp(port) : CanaryPort.udp(port);
                    ports.putIfAbsent(candidate, new EgressPort(candidate, "from the ruleset (" + rule.chain() + ")",
                            EgressAllowlist.allows(protocol, port)));
                    derived.add(candidate + " <- " + where);
                }
            }
        }
    }

    /**
     * The random sample: {@code sample} TCP ports, then as many UDP ones, none already in {@code ports} nor allowlisted;
     * each is added to {@code ports}. Returns the sampled ports.
     */
    private static Set<CanaryPort> drawSample(Map<CanaryPort, EgressPort> ports, int sample, SplittableRandom random) {
        Set<CanaryPort> sampled = new LinkedHashSet<>();
        for (String protocol : List.of("tcp", "udp")) {
            int drawn = 0;
            while (drawn < sample) {
                int port = 1 + random.nextInt(65535);
                CanaryPort candidate = protocol.equals("tcp") ? CanaryPort.tcp(port) : CanaryPort.udp(port);
                if (ports.containsKey(candidate) || EgressAllowlist.allows(protocol, port)) {
                    continue;
                }
                ports.put(candidate, new EgressPort(candidate, "random sample", false));
                sampled.add(candidate);
                drawn++;
            }
        }
        return sampled;
    }

    /** A single port as it is; a short range whole; a longer one by its two ends and one port inside. */
    static List<Integer> pick(PortRange range, SplittableRandom random) {
        if (range.size() <= 3) {
            List<Integer> all = new ArrayList<>();
            for (int p = Math.max(1, range.from()); p <= range.to(); p++) {
                all.add(p);
            }
            return all;
        }
        int inside = range.from() + 1 + random.nextInt(range.size() - 2);
        return List.of(Math.max(1, range.from()), inside, range.to());
    }

    /** The plan as evidence: the seed, every derived port with its rule, destinations, what could not be probed. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append("random sample: ").append(sampled.size()).append(" ports, seed ").append(seed)
                .append(" (repeat with -Dgjallarhorn.egress.seed=").append(seed).append("): ").append(sampled).append('\n');
        text.append("ports derived from the ruleset:\n");
        (derived.isEmpty() ? List.of("none") : derived).forEach(d -> text.append("  ").append(d).append('\n'));
        text.append("destination-specific ACCEPTs:\n");
        (destinations.isEmpty() ? List.of("none") : destinations).forEach(d -> text.append("  ").append(d).append('\n'));
        text.append("ACCEPTs for any destination port (the random sample stands for them):\n");
        (anyPort.isEmpty() ? List.of("none") : anyPort).forEach(d -> text.append("  ").append(d).append('\n'));
        text.append("not probeable from here (no canary can stand there):\n");
        (blind.isEmpty() ? List.of("none") : blind).forEach(d -> text.append("  ").append(d).append('\n'));
        text.append("IPv6 ways out beyond the allowlist (this run has no IPv6 canary):\n");
        (ipv6Open.isEmpty() ? List.of("none") : ipv6Open).forEach(d -> text.append("  ").append(d).append('\n'));
        return text.toString();
    }
}
