package dev.gjallarhorn.attack.egress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.surface.Family;
import dev.gjallarhorn.surface.FirewallRuleset;
import dev.gjallarhorn.surface.IptablesSave;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PacketPlanTest {

    static final InetAddress CANARY = InetAddress.getLoopbackAddress();

    static FirewallRuleset ruleset(String v4, String v6) {
        IptablesSave.Parsed four = IptablesSave.parse(v4, Family.IPV4, "iptables-save");
        IptablesSave.Parsed six = IptablesSave.parse(v6, Family.IPV6, "ip6tables-save");
        List<dev.gjallarhorn.surface.FirewallRule> rules = new ArrayList<>(four.rules());
        rules.addAll(six.rules());
        Map<String, String> policies = new LinkedHashMap<>();
        four.policies().forEach((k, v) -> policies.put("v4:" + k, v));
        six.policies().forEach((k, v) -> policies.put("v6:" + k, v));
        return new FirewallRuleset(rules, policies, Map.of(), List.of(), List.of());
    }

    static String recorded(String name) {
        try (InputStream in = PacketPlanTest.class.getResourceAsStream("/dev/gjallarhorn/surface/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PacketPlan plan(String v4, String v6, long seed) throws Exception {
        return PacketPlan.derive(ruleset(v4, v6), InetAddress.getByName("172.30.0.1"), "eth0", seed);
    }

    static List<String> specs(PacketPlan plan) {
        return plan.packets().stream().map(p -> p.spec("")).toList();
    }

    @Test
    void asClaimedGetsIcmpAndASampledProtocolAndNothingUndecided() throws Exception {
        PacketPlan plan = plan(recorded("iptables-save.twin-as-claimed.txt"), recorded("ip6tables-save.twin-as-claimed.txt"), 7L);
        assertThat(specs(plan)).containsExactly("icmp/8/0/", "ip/" + plan.sampledProtocol() + "/-/");
        assertThat(plan.sampledProtocol()).isBetween(143, 252);
        assertThat(plan.sourcePorts()).isEmpty();
        assertThat(plan.blind()).as("nothing on as-claimed's output path is out of a canary's reach").isEmpty();
        assertThat(plan.states()).singleElement().asString().startsWith("RELATED,ESTABLISHED: only packets of a flow another rule let out first");
        assertThat(plan.interfaces()).containsExactly("lo: loopback: stays in the VM");
        assertThat(plan.ipv6Open()).as("UFW's before6.rules let ICMPv6 out: a way out over IPv6, where no canary stands")
                .anyMatch(r -> r.contains("--icmpv6-type 128"));
    }

    @Test
    void theSampledProtocolIsSeededAndNeverOneARuleNames() throws Exception {
        String v4 = recorded("iptables-save.twin-as-claimed.txt");
        assertThat(plan(v4, "", 42L).sampledProtocol()).isEqualTo(plan(v4, "", 42L).sampledProtocol());
        for (long seed = 0; seed < 40; seed++) {
            PacketPlan plan = plan("*filter\n:OUTPUT DROP [0:0]\n" + rulesNaming(143, 252) + "COMMIT\n", "", seed);
            assertThat(plan.sampledProtocol()).as("the one number no rule names").isEqualTo(200);
        }
    }

    private static String rulesNaming(int from, int to) {
        StringBuilder rules = new StringBuilder();
        for (int p = from; p <= to; p++) {
            if (p != 200) {
                rules.append("-A OUTPUT -p ").append(p).append(" -j ACCEPT\n");
            }
        }
        return rules.toString();
    }

    @Test
    void theFaultTwinsIcmpLineAndSourcePortRuleBecomePackets() throws Exception {
        PacketPlan plan = plan(recorded("iptables-save.twin-icmp-sport53.txt"), "", 7L);
        assertThat(specs(plan)).containsExactly("icmp/8/0/", "ip/" + plan.sampledProtocol() + "/-/", "udp/53/0/");
        assertThat(plan.protocols()).contains("icmp echo-request (8/0) <- [iptables-save] -A ufw-before-output -p icmp -j ACCEPT");
        assertThat(plan.sourcePorts()).containsExactly("udp/53 to a sampled port <- [iptables-save] -A ufw-user-output -p udp -m udp --sport 53 -j ACCEPT");
    }

    @Test
    void everyProtocolSourcePortStateAndInterfaceAnAcceptNamesIsCoveredOrSaidUndecided() throws Exception {
        PacketPlan plan = plan("""
                *filter
                :OUTPUT DROP [0:0]
                -A OUTPUT -p gre -j ACCEPT
                -A OUTPUT -p 47 -j ACCEPT
                -A OUTPUT -p esp -j ACCEPT
                -A OUTPUT -p sctp -j ACCEPT
                -A OUTPUT -p all -m owner --uid-owner 999 -j ACCEPT
                -A OUTPUT -p icmp -m icmp --icmp-type 3/1 -j ACCEPT
                -A OUTPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT
                -A OUTPUT -p icmp -m icmp --icmp-type no-such-type -j ACCEPT
                -A OUTPUT -p tcp -m tcp --sport 1000:2000 -j ACCEPT
                -A OUTPUT -p udp -m udp --sport 123 --dport 123 -j ACCEPT
                -A OUTPUT -o wg0 -p gre -j ACCEPT
                -A OUTPUT -d 10.9.9.9/32 -p icmp -j ACCEPT
                -A OUTPUT -o eth0 -p ah -j ACCEPT
                -A OUTPUT -m conntrack --ctstate INVALID -j ACCEPT
                -A OUTPUT -m conntrack --ctstate NEW -p udp --dport 9999 -j ACCEPT
                COMMIT
                """, "", 3L);
        assertThat(specs(plan)).contains("icmp/8/0/", "ip/gre/-/", "ip/47/-/", "ip/esp/-/", "ip/sctp/-/", "ip/ah/-/", "icmp/3/1/",
                "tcp/1000/0/", "tcp/2000/0/", "udp/123/123/");
        assertThat(specs(plan).stream().filter(s -> s.startsWith("tcp/") && !s.equals("tcp/1000/0/") && !s.equals("tcp/2000/0/")))
                .as("a range by its ends and one port inside").singleElement()
                .satisfies(s -> assertThat(Integer.parseInt(s.split("/")[1])).isStrictlyBetween(1000, 2000));
        assertThat(plan.protocols()).anyMatch(p -> p.startsWith("every protocol (ip protocol " + plan.sampledProtocol() + " and icmp stand for it)")
                && p.contains("--uid-owner 999"));
        assertThat(plan.owners()).singleElement().asString().startsWith("uid 999");
        assertThat(plan.blind()).anyMatch(b -> b.startsWith("an ACCEPT for an ICMP type this attack cannot read (no-such-type)"))
                .anyMatch(b -> b.startsWith("an ACCEPT only out of wg0") && b.contains("-p gre"))
                .anyMatch(b -> b.startsWith("an ACCEPT to 10.9.9.9/32"))
                .anyMatch(b -> b.startsWith("an ACCEPT for packets in state INVALID"))
                .hasSize(4);
        assertThat(plan.states()).anyMatch(s -> s.startsWith("NEW: includes new flows"));
        assertThat(plan.interfaces()).containsExactly("wg0: no canary can stand behind it (the canaries are reached through eth0): oracle-blind",
                "eth0: the canaries are reached through it (eth0): probed");
    }

    @Test
    void icmpTypesAreReadByNameOrNumber() {
        assertThat(PacketPlan.icmpType("echo-request")).hasValueSatisfying(t -> assertThat(t).containsExactly(8, 0));
        assertThat(PacketPlan.icmpType("3/1")).hasValueSatisfying(t -> assertThat(t).containsExactly(3, 1));
        assertThat(PacketPlan.icmpType("13")).hasValueSatisfying(t -> assertThat(t).containsExactly(13, 0));
        assertThat(PacketPlan.icmpType("any")).as("an echo stands for every type").hasValueSatisfying(t -> assertThat(t).containsExactly(8, 0));
        assertThat(PacketPlan.icmpType("999")).isEmpty();
    }
}
