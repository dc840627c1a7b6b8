package dev.gjallarhorn.surface;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IptablesSaveTest {

    private static FirewallRuleset ruleset(String v4, String v6) {
        IptablesSave.Parsed four = IptablesSave.parse(Recorded.text(v4), Family.IPV4, "iptables-save");
        IptablesSave.Parsed six = IptablesSave.parse(Recorded.text(v6), Family.IPV6, "ip6tables-save");
        java.util.List<FirewallRule> rules = new java.util.ArrayList<>(four.rules());
        rules.addAll(six.rules());
        java.util.Map<String, String> policies = new java.util.LinkedHashMap<>();
        four.policies().forEach((k, v) -> policies.put("v4:" + k, v));
        six.policies().forEach((k, v) -> policies.put("v6:" + k, v));
        return new FirewallRuleset(rules, policies, Map.of(), List.of(), List.of(v4, v6));
    }

    @Test
    void readsMatchesVerdictsAndQuotedArguments() {
        IptablesSave.Parsed p = IptablesSave.parse(Recorded.text("iptables-save.bilrost-like.txt"), Family.IPV4, "iptables-save");
        assertThat(p.skipped()).as("every line read").isEmpty();
        assertThat(p.policies()).containsEntry("filter/OUTPUT", "DROP").containsEntry("filter/INPUT", "ACCEPT");
        FirewallRule multiport = p.rules().stream().filter(r -> r.text().contains("multiport")).findFirst().orElseThrow();
        assertThat(multiport.destinationPorts()).as("a port list with a range")
                .containsExactly(PortRange.of(993), PortRange.of(995), new PortRange(6000, 6010));
        assertThat(multiport.protocol()).contains("tcp");
        FirewallRule otel = p.rules().stream().filter(r -> r.text().contains("4318")).findFirst().orElseThrow();
        assertThat(otel.specificDestination()).contains("192.168.5.2/32");
        FirewallRule owner = p.rules().stream().filter(r -> r.text().contains("uid-owner")).findFirst().orElseThrow();
        assertThat(owner.ownerUid()).contains("999");
        assertThat(owner.destinationPorts()).containsExactly(PortRange.of(8443));
        FirewallRule ntp = p.rules().stream().filter(r -> r.text().contains("--dport 123")).findFirst().orElseThrow();
        assertThat(ntp.verdict()).as("a quoted comment with escaped quotes is one argument").isEqualTo("ACCEPT");
        assertThat(ntp.unknown()).isEmpty();
        assertThat(p.rules().stream().filter(r -> r.text().contains("--dport 25")).findFirst().orElseThrow().stops()).isTrue();
    }

    @Test
    void theOutputPathLetsThroughWhatAnAcceptCouldLetOut() {
        FirewallRuleset r = ruleset("iptables-save.bilrost-like.txt", "ip6tables-save.bilrost-like.txt");
        List<String> lets = r.letsThrough(FirewallRuleset.Hook.OUTPUT).stream().map(FirewallRule::text).toList();
        assertThat(lets).as("loopback, conntrack, LOG and REJECT are not ways out").noneMatch(t -> t.contains("-o lo")
                || t.contains("ctstate") || t.contains("LOG") || t.contains("REJECT"));
        assertThat(lets).anyMatch(t -> t.contains("--dport 443")).anyMatch(t -> t.contains("multiport"))
                .anyMatch(t -> t.contains("-d 192.168.5.2/32")).anyMatch(t -> t.contains("-d 100.64.0.0/10"))
                .anyMatch(t -> t.contains("-o tailscale0")).anyMatch(t -> t.contains("uid-owner"));
        assertThat(r.openPolicies(FirewallRuleset.Hook.OUTPUT, Family.IPV6)).containsExactly("v6:filter/OUTPUT policy ACCEPT");
        assertThat(r.openPolicies(FirewallRuleset.Hook.OUTPUT, Family.IPV4)).isEmpty();
    }

    @Test
    void theAsClaimedTwinLetsOutOnlyTheAllowlistAndTheTailnet() {
        FirewallRuleset r = ruleset("iptables-save.twin-as-claimed.txt", "ip6tables-save.twin-as-claimed.txt");
        List<String> out = r.letsThrough(FirewallRuleset.Hook.OUTPUT).stream()
                .map(x -> x.family().shortName() + " " + x.protocol().orElse("any") + " " + x.destinationPorts() + " " + x.specificDestination().orElse(""))
                .toList();
        assertThat(out).containsExactlyInAnyOrder("v4 udp [53] ", "v4 tcp [53] ", "v4 tcp [443] ", "v4 any [] 100.64.0.0/10",
                "v4 udp [41641] ", "v6 udp [53] ", "v6 tcp [53] ", "v6 tcp [443] ", "v6 udp [41641] ");
        List<FirewallRule> forward = r.letsThrough(FirewallRuleset.Hook.FORWARD);
        assertThat(forward).as("Docker's bridge path: DOCKER-USER's RETURNs and Docker's own ACCEPT")
                .anyMatch(x -> x.chain().equals("DOCKER-USER") && x.destinationPorts().contains(PortRange.of(443)))
                .anyMatch(x -> x.chain().equals("FORWARD") && x.text().contains("-i docker0 ! -o docker0 -j ACCEPT"));
        assertThat(r.openPolicies(FirewallRuleset.Hook.OUTPUT, Family.IPV4)).isEmpty();
    }

    @Test
    void tokensKeepQuotedArgumentsWhole() {
        assertThat(IptablesSave.tokens("-A X -m comment --comment \"a \\\"b\\\" c\" -j LOG --log-prefix \"[UFW BLOCK] \""))
                .containsExactly("-A", "X", "-m", "comment", "--comment", "a \"b\" c", "-j", "LOG", "--log-prefix", "[UFW BLOCK] ");
    }

    @Test
    void readsSourcePortsIcmpTypesAndStates() {
        IptablesSave.Parsed p = IptablesSave.parse("""
                *filter
                :OUTPUT DROP [0:0]
                -A OUTPUT -p udp -m udp --sport 53 -j ACCEPT
                -A OUTPUT -p tcp -m multiport --sports 1000:2000,3000 -m multiport --dports 80 -j ACCEPT
                -A OUTPUT -p icmp -m icmp --icmp-type 3/1 -j ACCEPT
                -A OUTPUT -p icmp -m icmp ! --icmp-type 8 -j ACCEPT
                -A OUTPUT -p gre -j ACCEPT
                -A OUTPUT -m conntrack --ctstate INVALID -j ACCEPT
                -A OUTPUT -m state --state NEW,ESTABLISHED -j ACCEPT
                COMMIT
                """, Family.IPV4, "iptables-save");
        assertThat(p.skipped()).isEmpty();
        List<FirewallRule> r = p.rules();
        assertThat(r.get(0).sourcePorts()).containsExactly(PortRange.of(53));
        assertThat(r.get(0).destinationPorts()).isEmpty();
        assertThat(r.get(1).sourcePorts()).containsExactly(new PortRange(1000, 2000), PortRange.of(3000));
        assertThat(r.get(1).destinationPorts()).containsExactly(PortRange.of(80));
        assertThat(r.get(2).icmpType()).contains("3/1");
        assertThat(r.get(2).otherProtocol()).contains("icmp");
        assertThat(r.get(2).carriesTcpOrUdp()).isFalse();
        assertThat(r.get(3).icmpType()).as("a negated type matches every other type: no type restriction").isEmpty();
        assertThat(r.get(4).otherProtocol()).contains("gre");
        assertThat(r.get(4).anyProtocol()).isFalse();
        assertThat(r.get(5).states()).contains("INVALID");
        assertThat(r.get(5).stateOnly()).isTrue();
        assertThat(r.get(6).states()).contains("NEW,ESTABLISHED");
        assertThat(r.get(6).stateOnly()).isFalse();
        assertThat(r.get(6).anyProtocol()).isTrue();
    }

    @Test
    void theOutputPathLetsOutEveryProtocolButOnlyTcpAndUdpThrough() {
        FirewallRuleset r = ruleset("iptables-save.twin-icmp-sport53.txt", "ip6tables-save.twin-as-claimed.txt");
        List<String> out = r.letsOut(FirewallRuleset.Hook.OUTPUT).stream().filter(x -> x.family() == Family.IPV4).map(FirewallRule::text).toList();
        assertThat(out).as("the ICMP line UFW's before.rules got, and the source-port rule")
                .contains("-A ufw-before-output -p icmp -j ACCEPT", "-A ufw-user-output -p udp -m udp --sport 53 -j ACCEPT");
        assertThat(r.letsThrough(FirewallRuleset.Hook.OUTPUT)).noneMatch(x -> x.text().equals("-A ufw-before-output -p icmp -j ACCEPT"));
    }

    @Test
    void multiportsPortsMatchesEitherDirectionSoItIsARuleByDestinationAndOneBySource() {
        IptablesSave.Parsed p = IptablesSave.parse("""
                *filter
                :OUTPUT DROP [0:0]
                -A ufw-before-output -p tcp -m multiport --ports 443 -j ACCEPT
                COMMIT
                """, Family.IPV4, "iptables-save");
        assertThat(p.skipped()).isEmpty();
        assertThat(p.rules()).hasSize(2);
        assertThat(p.rules().get(0).destinationPorts()).containsExactly(PortRange.of(443));
        assertThat(p.rules().get(0).sourcePorts()).isEmpty();
        assertThat(p.rules().get(1).sourcePorts()).as("from source port 443, any destination port gets out").containsExactly(PortRange.of(443));
        assertThat(p.rules().get(1).destinationPorts()).isEmpty();
        assertThat(p.rules().get(1).unknown()).isEmpty();
    }
}
