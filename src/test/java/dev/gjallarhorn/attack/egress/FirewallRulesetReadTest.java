package dev.gjallarhorn.attack.egress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;

import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.run.ReplayedRun;
import dev.gjallarhorn.surface.Family;
import dev.gjallarhorn.surface.FirewallRuleset;
import dev.gjallarhorn.surface.Surface;
import dev.gjallarhorn.remote.RecordedTarget;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.PartRole;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * C-FIREWALL's ruleset reading: a ruleset that could not be read, or read empty while the firewall says it is on,
 * is unknown for what it would have told, never "lets out nothing"; an empty IPv6 ruleset on a target without IPv6
 * is honest.
 */
class FirewallRulesetReadTest {

    static final String V4 = recorded("iptables-save.twin-as-claimed.txt");
    static final String V6 = recorded("ip6tables-save.twin-as-claimed.txt");
    static final String UFW_ACTIVE = "Status: active\nLogging: on (low)\nDefault: deny (incoming), deny (outgoing), deny (routed)\n";
    static final String IPV6_ON = "inet6 lo 10\ninet6 eth0 20\nif_inet6 read\ndisable_ipv6 all 0\ndisable_ipv6 default 0\ndisable_ipv6 eth0 0\ndisable_ipv6 lo 0\n";
    static final String IPV6_NONE = "if_inet6 read\ndisable_ipv6 all 1\ndisable_ipv6 default 1\ndisable_ipv6 eth0 1\ndisable_ipv6 lo 0\n";

    @TempDir
    Path reports;

    @Test
    void theAsClaimedTwinsRulesetsAreReadAndItsIpv6LetsOutNothingBeyondTheAllowlist() {
        Surface surface = surface(firewall("0", V4, "0", V6, UFW_ACTIVE, IPV6_ON));
        FirewallRuleset ruleset = surface.firewall();
        assertThat(ruleset.unread()).isEmpty();
        assertThat(FirewallEgressScenario.ipv4Unknown(ruleset)).isEmpty();
        PartEvaluation v6 = ipv6(surface);
        assertThat(v6.role()).isEqualTo(PartRole.NOTE);
        assertThat(v6.observations()).extracting(Observation::outcome).containsExactly(Outcome.BLOCKED);
    }

    @Test
    void anEmptyIpv6RulesetOnATargetWithIpv6IsAProbeErrorNotAQuietRuleset() {
        Surface surface = surface(firewall("0", V4, "0", "", UFW_ACTIVE, IPV6_ON));
        PartEvaluation v6 = ipv6(surface);
        assertThat(v6.role()).as("judged against the claim, not a note").isEqualTo(PartRole.CLAIM);
        Observation o = v6.observations().get(0);
        assertThat(o.outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(o.reason()).contains(Reason.PROBE_ERROR);
        assertThat(o.detail()).contains("ip6tables-save printed no rule and no policy while UFW reports itself active");
    }

    @Test
    void anEmptyIpv6RulesetWhileOnlyIpv4HasRulesIsAProbeErrorToo() {
        Surface surface = surface(firewall("0", V4, "0", "", null, IPV6_ON));
        assertThat(surface.firewall().unread().get(Family.IPV6).why()).contains("iptables-save shows a ruleset");
        assertThat(ipv6(surface).observations().get(0).reason()).contains(Reason.PROBE_ERROR);
    }

    @Test
    void aFailedIptablesSaveIsAProbeErrorOfTheEgressPart() {
        Surface surface = surface(firewall("1", "iptables-save v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied\n",
                "0", V6, UFW_ACTIVE, IPV6_ON));
        var unknown = FirewallEgressScenario.ipv4Unknown(surface.firewall());
        assertThat(unknown).hasSize(1);
        assertThat(unknown.get(0).outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(unknown.get(0).reason()).contains(Reason.PROBE_ERROR);
        assertThat(unknown.get(0).detail()).contains("iptables-save failed: exit 1: iptables-save v1.8.9").contains("only the allowlist and a random sample");
    }

    @Test
    void aMissingOrStoppedIptablesSaveIsUnknownToo() {
        assertThat(FirewallEgressScenario.ipv4Unknown(surface(firewall("127", "", "0", V6, UFW_ACTIVE, IPV6_ON)).firewall()).get(0).detail())
                .contains("iptables-save is not installed");
        Observation stopped = FirewallEgressScenario.ipv4Unknown(surface(firewall("124", "", "0", V6, UFW_ACTIVE, IPV6_ON)).firewall()).get(0);
        assertThat(stopped.reason()).as("a bound that ran out").contains(Reason.TIMEOUT);
    }

    @Test
    void anEmptyIptablesSaveWhileUfwIsActiveIsAProbeError() {
        Observation o = FirewallEgressScenario.ipv4Unknown(surface(firewall("0", "", "0", V6, UFW_ACTIVE, IPV6_ON)).firewall()).get(0);
        assertThat(o.reason()).contains(Reason.PROBE_ERROR);
        assertThat(o.detail()).contains("iptables-save printed no rule and no policy while UFW reports itself active");
    }

    @Test
    void aCutShortDiscoveryLeavesBothFamiliesUnknown() {
        RecordedTarget target = new RecordedTarget("lima").whenScript("firewall.sh").timesOut("");
        FirewallRuleset ruleset = ReplayedRun.of(target, reports).surface().firewall();
        assertThat(ruleset.unread()).containsOnlyKeys(Family.IPV4, Family.IPV6);
        assertThat(ruleset.unread().get(Family.IPV4).timedOut()).isTrue();
    }

    @Test
    void anEmptyIpv6RulesetOnATargetWithoutIpv6IsHonest() {
        Surface surface = surface(firewall("0", V4, "0", "", UFW_ACTIVE, IPV6_NONE));
        assertThat(surface.noIpv6()).contains("IPv6 is switched off on every interface (disable_ipv6)");
        assertThat(surface.firewall().unread()).isEmpty();
        PartEvaluation v6 = ipv6(surface);
        assertThat(v6.role()).isEqualTo(PartRole.NOTE);
        assertThat(v6.observations().get(0).outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(v6.observations().get(0).detail()).contains("nothing can leave over IPv6");

        Surface loOnly = surface(firewall("0", V4, "0", "", UFW_ACTIVE, "inet6 lo 10\nif_inet6 read\ndisable_ipv6 eth0 0\n"));
        assertThat(loOnly.noIpv6()).contains("no IPv6 address on any interface but lo (/proc/net/if_inet6)");
        Surface noKernel = surface(firewall("127", "", "127", "", UFW_ACTIVE, "if_inet6 missing\n"));
        assertThat(noKernel.noIpv6()).hasValueSatisfying(why -> assertThat(why).contains("kernel has no IPv6"));
        assertThat(noKernel.firewall().unread()).as("an IPv4 it cannot read is still unknown").containsOnlyKeys(Family.IPV4);
    }

    @Test
    void aMachineWithoutAnyFilterIsLeftToTheCanaries() {
        FirewallRuleset ruleset = surface(firewall("0", "", "0", "", "Status: inactive\n", IPV6_ON)).firewall();
        assertThat(ruleset.unread()).as("UFW says it is off and both families are empty: nothing is hidden").isEmpty();
    }

    @Test
    void aUfwStatusWithoutAStatusLineIsUnreadNotInactive() {
        FirewallRuleset blank = surface(firewall("0", "", "0", "", "", IPV6_ON)).firewall();
        assertThat(blank.unread()).as("an empty save beside a UFW that said nothing is unread").containsOnlyKeys(Family.IPV4, Family.IPV6);
        assertThat(blank.unread().get(Family.IPV4).why()).contains("UFW's status could not be read");
        FirewallRuleset garbled = surface(firewall("0", "", "0", "", "ERROR: problem running iptables\n", IPV6_ON)).firewall();
        assertThat(garbled.unread()).containsOnlyKeys(Family.IPV4, Family.IPV6);
        FirewallRuleset absent = surface(firewall("0", "", "0", "", null, IPV6_ON)).firewall();
        assertThat(absent.unread()).as("UFW not installed and both families empty: nothing claims a filter").isEmpty();
    }

    private PartEvaluation ipv6(Surface surface) {
        try {
            EgressPlan plan = EgressPlan.derive(surface.firewall(), FirewallRuleset.Hook.OUTPUT, InetAddress.getByName("172.30.0.1"), "eth0", 7L, 2);
            return FirewallEgressScenario.ipv6(Outcome.BLOCKED, surface.firewall(), plan.ipv6Open(), surface.noIpv6(), surface.ipv6Disabled());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Surface surface(String firewallOutput) {
        RecordedTarget target = new RecordedTarget("lima").whenScript("firewall.sh").prints(firewallOutput);
        AttackRun run = ReplayedRun.of(target, reports);
        return run.surface();
    }

    /** firewall.sh's output: sections with their exits; {@code ufw} null for a ufw that is not installed. */
    static String firewall(String v4Exit, String v4, String v6Exit, String v6, String ufw, String ipv6) {
        return "@@@ iptables-save " + v4Exit + "\n" + v4 + "\n@@@ ip6tables-save " + v6Exit + "\n" + v6
                + "\n@@@ nft-json 127\n@@@ ufw-status " + (ufw == null ? "127\n" : "0\n" + ufw) + "@@@ ipv6 0\n" + ipv6;
    }

    static String recorded(String name) {
        try (InputStream in = FirewallRulesetReadTest.class.getResourceAsStream("/dev/gjallarhorn/surface/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
