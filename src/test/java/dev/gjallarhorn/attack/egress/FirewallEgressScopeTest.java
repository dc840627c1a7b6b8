package dev.gjallarhorn.attack.egress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Reason;

import dev.gjallarhorn.surface.Family;
import dev.gjallarhorn.surface.FirewallRuleset;
import dev.gjallarhorn.surface.IptablesSave;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the egress evidence says of the claim's scope, and how a run sums itself up. */
class FirewallEgressScopeTest {

    @Test
    void theRouteGivesTheInterfaceAndTheSourceTheCountersMatch() {
        CanaryRoute route = CanaryRoute.parse("172.30.0.1 dev eth0 src 172.30.0.2 uid 1000 \\    cache ");
        assertThat(route).isEqualTo(new CanaryRoute("eth0", "172.30.0.2"));
        assertThat(CanaryRoute.parse("")).as("no route: the counters match the token alone")
                .isEqualTo(new CanaryRoute("unknown", "0.0.0.0"));
    }

    @Test
    void theSummaryNamesEveryWayOutWithWhoTookIt() {
        String summary = FirewallEgressScenario.summary(List.of(
                Observation.succeeded("tcp/8080 (from the ruleset (ufw-user-output)) as lima", ""),
                Observation.succeeded("udp from source port 53 to 40000 as root", ""),
                Observation.succeeded("udp from source port 53 to 40000 as nobody", ""),
                Observation.succeeded("icmp echo-request (8/0) as root", ""),
                Observation.blocked("ip protocol 201 (sampled) as root", ""),
                Observation.couldNotRun("ip protocol gre as root", Reason.PRECONDITION_UNMET, "")));
        assertThat(summary).isEqualTo("left the VM outside the allowlist: tcp/8080 (as lima), udp from source port 53 to 40000 (as root, nobody), "
                + "icmp echo-request (as root); 1 attempts blocked, 1 could not be checked");
    }

    @Test
    void theEvidenceNamesEachDimensionWithWhatItCoveredAndWhatNot() throws Exception {
        IptablesSave.Parsed v4 = IptablesSave.parse("""
                *filter
                :OUTPUT DROP [0:0]
                -A OUTPUT -p tcp --dport 443 -j ACCEPT
                -A OUTPUT -p udp --sport 53 -j ACCEPT
                -A OUTPUT -p gre -j ACCEPT
                -A OUTPUT -o wg0 -p tcp --dport 51820 -j ACCEPT
                -A OUTPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
                COMMIT
                """, Family.IPV4, "iptables-save");
        FirewallRuleset ruleset = new FirewallRuleset(v4.rules(), Map.of("v4:filter/OUTPUT", "DROP"), Map.of(), List.of(), List.of());
        InetAddress canary = InetAddress.getByName("172.30.0.1");
        EgressPlan ports = EgressPlan.derive(ruleset, FirewallRuleset.Hook.OUTPUT, canary, "eth0", 5L, 2);
        PacketPlan packets = PacketPlan.derive(ruleset, canary, "eth0", 5L);
        String scope = EgressScope.describe(ports, packets, List.of("lima", "root"),
                List.of(Observation.couldNotRun("ip protocol gre as root", Reason.PRECONDITION_UNMET, "the target has nothing to send it with")),
                List.of(), List.of("tcp/4444"));
        assertThat(scope).contains("  IP protocol:\n", "covered: ip protocol gre <- [iptables-save] -A OUTPUT -p gre -j ACCEPT",
                "not covered: ip protocol gre as root (precondition-unmet): the target has nothing to send it with",
                "  destination port:\n", "not covered: tcp/4444: sampled, but this host could not listen on it",
                "  source port:\n", "covered: udp/53 to a sampled port <- [iptables-save] -A OUTPUT -p udp --sport 53 -j ACCEPT",
                "  owner:\n", "every identity of the surface sends every packet: lima, root",
                "  destination address:\n", "  out interface:\n",
                "covered: wg0: no canary can stand behind it (the canaries are reached through eth0): oracle-blind",
                "not covered: an ACCEPT only out of wg0, while the canaries are reached through eth0",
                "  connection state:\n", "covered: RELATED,ESTABLISHED: only packets of a flow another rule let out first",
                "  address family:\n");
        assertThat(ports.anyPort()).as("a source-port ACCEPT is no any-port ACCEPT: the random sample leaves from ephemeral ports").isEmpty();
    }
}
