package dev.gjallarhorn.attack.egress;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The claim's scope as the evidence shows it: every dimension an output ACCEPT can match on, the values this run took
 * from the target's ruleset for it, and what it could not cover, with why. Built from the plans and the observations;
 * it decides nothing.
 */
public final class EgressScope {

    private EgressScope() {
    }

    public static String describe(EgressPlan ports, PacketPlan packets, List<String> identities, List<Observation> protocolSeen,
                                  List<Observation> sourcePortSeen, List<String> unsampled) {
        List<String> blind = new ArrayList<>(ports.blind());
        blind.addAll(packets.blind());
        StringBuilder text = new StringBuilder("scope of the claim, dimension by dimension (values from the target's ruleset):\n");
        List<String> protocols = new ArrayList<>(List.of("tcp: the port matrix", "udp: the port matrix"));
        protocols.addAll(packets.protocols());
        dimension(text, "IP protocol", protocols, undecided(protocolSeen), matching(blind, b -> b.contains("ICMP type")));
        List<String> destinationPorts = new ArrayList<>();
        destinationPorts.add("the allowlist's " + EgressAllowlist.CONTROLS.stream().map(c -> c.port().toString()).toList() + " (positive controls)");
        ports.derived().forEach(d -> destinationPorts.add(d));
        destinationPorts.add("a random sample: " + ports.sampled() + " (seed " + ports.seed() + ")");
        ports.anyPort().forEach(a -> destinationPorts.add("any port (the sample stands for it) <- " + a));
        dimension(text, "destination port", destinationPorts, List.of(),
                unsampled.stream().map(u -> u + ": sampled, but this host could not listen on it").toList());
        dimension(text, "source port", packets.sourcePorts().isEmpty() ? List.of("no output ACCEPT names one (every attempt leaves from an ephemeral port)")
                : packets.sourcePorts(), undecided(sourcePortSeen), List.of());
        List<String> owners = new ArrayList<>(List.of("every identity of the surface sends every packet: " + String.join(", ", identities)));
        owners.addAll(packets.owners());
        dimension(text, "owner", owners, List.of(), List.of());
        dimension(text, "destination address", ports.destinations().isEmpty() ? List.of("no output ACCEPT names one") : ports.destinations(),
                List.of(), matching(blind, b -> b.startsWith("an ACCEPT to ")));
        dimension(text, "out interface", packets.interfaces().isEmpty() ? List.of("no output ACCEPT names one") : packets.interfaces(),
                List.of(), matching(blind, b -> b.startsWith("an ACCEPT only out of ")));
        dimension(text, "connection state", packets.states().isEmpty() ? List.of("no output ACCEPT names one") : packets.states(),
                List.of(), matching(blind, b -> b.contains(" in state ")));
        List<String> v6 = new ArrayList<>(ports.ipv6Open());
        v6.addAll(packets.ipv6Open());
        dimension(text, "address family", List.of("IPv4: every attempt above"), List.of(),
                v6.isEmpty() ? List.of() : List.of("IPv6: no IPv6 canary in this run; its ruleset lets out " + v6.size() + " way(s) beyond the allowlist"));
        return text.toString();
    }

    private static void dimension(StringBuilder text, String name, List<String> values, List<String> undecided, List<String> uncovered) {
        text.append("  ").append(name).append(":\n");
        values.forEach(v -> text.append("    covered: ").append(v).append('\n'));
        undecided.forEach(u -> text.append("    not covered: ").append(u).append('\n'));
        uncovered.forEach(u -> text.append("    not covered: ").append(u).append('\n'));
    }

    private static List<String> undecided(List<Observation> observations) {
        return observations.stream().filter(o -> o.outcome() == Outcome.COULD_NOT_RUN)
                .map(o -> o.subject() + " (" + o.reason().orElseThrow().slug() + "): " + o.detail()).toList();
    }

    private static List<String> matching(List<String> lines, Predicate<String> test) {
        return lines.stream().filter(test).toList();
    }
}
