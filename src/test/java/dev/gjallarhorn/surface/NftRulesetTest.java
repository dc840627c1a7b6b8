package dev.gjallarhorn.surface;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NftRulesetTest {

    private final NftRuleset.Parsed parsed = NftRuleset.parse(Recorded.text("nft-ruleset.bilrost-like.json"));

    private List<FirewallRule> bilrost() {
        return parsed.rules().stream().filter(r -> r.table().equals("inet/bilrost")).toList();
    }

    @Test
    void readsBaseChainsWithHookAndPolicy() {
        assertThat(parsed.hooks()).containsEntry("inet/bilrost/out", "output").containsEntry("ip/filter/OUTPUT", "output");
        assertThat(parsed.policies()).containsEntry("inet/bilrost/out", "ACCEPT").containsEntry("ip/filter/OUTPUT", "DROP");
        assertThat(parsed.skipped()).isEmpty();
    }

    @Test
    void readsSetsRangesAddressesOwnersAndInterfaces() {
        FirewallRule web = bilrost().stream().filter(r -> r.destinationPorts().contains(PortRange.of(80))).findFirst().orElseThrow();
        assertThat(web.destinationPorts()).containsExactly(PortRange.of(80), new PortRange(8080, 8090));
        assertThat(web.protocol()).contains("tcp");
        assertThat(web.verdict()).isEqualTo("ACCEPT");
        assertThat(bilrost().stream().filter(r -> r.destinationPorts().contains(PortRange.of(80))).map(FirewallRule::family))
                .as("an inet rule without an address match is both families").containsExactlyInAnyOrder(Family.IPV4, Family.IPV6);
        FirewallRule wireguard = bilrost().stream().filter(r -> r.destinationPorts().contains(PortRange.of(51820))).findFirst().orElseThrow();
        assertThat(wireguard.specificDestination()).contains("10.9.0.0/16");
        assertThat(bilrost().stream().filter(r -> r.destinationPorts().contains(PortRange.of(51820))).map(FirewallRule::family))
                .containsExactly(Family.IPV4);
        assertThat(bilrost().stream().filter(r -> r.destinationPorts().contains(PortRange.of(9418))).map(FirewallRule::family))
                .containsExactly(Family.IPV6);
        assertThat(bilrost().stream().filter(r -> r.destinationPorts().contains(PortRange.of(2222))).findFirst().orElseThrow().ownerUid())
                .contains("1000");
        assertThat(bilrost().stream().filter(r -> r.outInterface().isPresent()).findFirst().orElseThrow().loopbackOnly()).isTrue();
        assertThat(bilrost().stream().filter(r -> r.destinationPorts().contains(PortRange.of(25))).findFirst().orElseThrow().stops()).isTrue();
    }

    @Test
    void iptablesNftRulesComeThroughTheirTranslation() {
        List<FirewallRule> ufw = parsed.rules().stream().filter(r -> r.chain().equals("ufw-user-output")).toList();
        assertThat(ufw).anyMatch(r -> r.destinationPorts().contains(PortRange.of(443)) && r.lets())
                .anyMatch(r -> r.specificDestination().filter("192.168.5.2"::equals).isPresent());
        FirewallRuleset set = new FirewallRuleset(parsed.rules(), java.util.Map.of("nft:inet/bilrost/out", "ACCEPT"), parsed.hooks(), List.of(), List.of());
        assertThat(set.letsThrough(FirewallRuleset.Hook.OUTPUT)).as("reached from the output hook through the jump")
                .anyMatch(r -> r.chain().equals("ufw-user-output"));
        assertThat(set.openPolicies(FirewallRuleset.Hook.OUTPUT, Family.IPV4)).containsExactly("nft:inet/bilrost/out policy ACCEPT");
    }

    @Test
    void readsSourcePortsIcmpTypesProtocolsAndStates() {
        NftRuleset.Parsed p = NftRuleset.parse("""
                {"nftables": [
                 {"chain": {"family": "inet", "table": "t", "name": "out", "type": "filter", "hook": "output", "prio": 0, "policy": "drop"}},
                 {"rule": {"family": "inet", "table": "t", "chain": "out", "expr": [
                   {"match": {"op": "==", "left": {"payload": {"protocol": "udp", "field": "sport"}}, "right": 53}}, {"accept": null}]}},
                 {"rule": {"family": "ip", "table": "t", "chain": "out", "expr": [
                   {"match": {"op": "==", "left": {"payload": {"protocol": "icmp", "field": "type"}}, "right": "echo-request"}}, {"accept": null}]}},
                 {"rule": {"family": "ip", "table": "t", "chain": "out", "expr": [
                   {"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "protocol"}}, "right": "gre"}}, {"accept": null}]}},
                 {"rule": {"family": "ip", "table": "t", "chain": "out", "expr": [
                   {"match": {"op": "in", "left": {"ct": {"key": "state"}}, "right": ["established", "related"]}}, {"accept": null}]}}
                ]}
                """);
        assertThat(p.skipped()).isEmpty();
        FirewallRule sport = p.rules().get(0);
        assertThat(sport.sourcePorts()).containsExactly(PortRange.of(53));
        assertThat(sport.protocol()).contains("udp");
        FirewallRule icmp = p.rules().stream().filter(r -> r.icmpType().isPresent()).findFirst().orElseThrow();
        assertThat(icmp.otherProtocol()).contains("icmp");
        assertThat(icmp.icmpType()).contains("echo-request");
        assertThat(p.rules().stream().filter(r -> r.protocol().filter("gre"::equals).isPresent())).hasSize(1);
        FirewallRule state = p.rules().get(p.rules().size() - 1);
        assertThat(state.states()).contains("ESTABLISHED,RELATED");
        assertThat(state.stateOnly()).isTrue();
    }
}
