package dev.gjallarhorn.attack.egress;

import dev.gjallarhorn.canary.Canaries;
import dev.gjallarhorn.evidence.EvidenceStore;
import dev.gjallarhorn.remote.Target;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** The evidence file of {@code C-FIREWALL}'s egress attack: how it was probed, the port matrix, the packets, the canary log. */
final class EgressMatrixEvidence {

    private EgressMatrixEvidence() {
    }

    /** Writes {@code egress-matrix.txt} under the claim; {@code table} and {@code packetTable} are the judged rows. */
    static EvidenceStore.Evidence write(EvidenceStore store, Target target, Canaries canaries, List<EgressProbe.Pass> passes,
                                        String table, EgressPlan plan, List<EgressProbe.Site> sites, CanaryRoute route,
                                        List<String> unsampled, Duration took, String scope, String packetTable,
                                        String packetRound) {
        StringBuilder text = new StringBuilder();
        text.append("C-FIREWALL egress matrix\n");
        text.append("target:   ").append(target.describe()).append('\n');
        text.append("canaries: ").append(canaries.advertised().getHostAddress()).append(" as the target sees this host (listening on ")
                .append(canaries.bindAddress().getHostAddress()).append("), reached through ").append(route.device())
                .append(" from ").append(route.source()).append('\n');
        text.append("oracle:   a canary that received the attempt's token = got out; no token and a client timeout or error = blocked;\n")
                .append("          other IP protocols: the host's counter for the packet's token at INPUT = got out\n");
        text.append("identities: ").append(sites.stream().map(EgressProbe.Site::name).collect(Collectors.joining(", ")))
                .append(" (from the surface; a bridge container and the sandbox: see N-CONTAINER-NETWORK-ISOLATION)\n");
        text.append("took:     ").append(took.toMillis()).append(" ms\n\n");
        text.append(scope).append('\n');
        text.append("what the target's ruleset gave (evidence/surface/firewall.txt has every rule):\n").append(plan.describe());
        if (!unsampled.isEmpty()) {
            text.append("sampled ports this host could not listen on (left out): ").append(unsampled).append('\n');
        }
        text.append('\n');
        text.append(String.format("%-8s %-10s %-36s %-10s %-18s %-24s %s%n", "identity", "port", "why tried", "claim", "client", "outcome", "evidence"));
        text.append(table).append('\n');
        text.append("other IP protocols and source ports (each identity also sends a datagram to an allowlisted port, and this host each\n")
                .append("protocol to itself: the counter's positive controls):\n");
        text.append(String.format("%-10s %-44s %-52s %-24s %s%n", "identity", "packet", "sender", "outcome", "evidence"));
        text.append(packetTable).append('\n').append(packetRound).append('\n');
        for (EgressProbe.Pass pass : passes) {
            pass.command().ifPresent(c -> text.append("command as ").append(pass.user()).append(": ").append(c.describe()).append('\n'));
        }
        text.append("\ncanary log (every connection or datagram received):\n");
        canaries.hits().forEach(h -> text.append("  ").append(h).append('\n'));
        return store.write(FirewallEgressScenario.CLAIM, "egress-matrix.txt", text.toString());
    }
}
