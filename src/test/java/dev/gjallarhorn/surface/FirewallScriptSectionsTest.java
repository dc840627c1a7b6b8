package dev.gjallarhorn.surface;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FirewallScriptSectionsTest {

    @Test
    void sectionsCarryTheirExitAndTextAndIgnoreWhatComesBefore() {
        Map<String, ScriptSection> sections = ScriptSection.parse("noise\n@@@ iptables-save 0\n*filter\n@@@ nft-json 127\n");
        assertThat(sections).containsOnlyKeys("iptables-save", "nft-json");
        assertThat(sections.get("iptables-save")).isEqualTo(new ScriptSection(0, "*filter\n"));
        assertThat(sections.get("nft-json").exit()).isEqualTo(127);
    }

    @Test
    void ipv6IsAbsentWhenTheKernelHasNoneOrEveryInterfaceHasItOff() {
        assertThat(Ipv6Presence.absence(new ScriptSection(0, "if_inet6 missing\n"))).isPresent();
        ScriptSection off = new ScriptSection(0, "if_inet6 read\ndisable_ipv6 all 0\ndisable_ipv6 eth0 1\ninet6 eth0 20\n");
        assertThat(Ipv6Presence.absence(off)).contains("IPv6 is switched off on every interface (disable_ipv6)");
        assertThat(Ipv6Presence.disabledPerInterface(off.text())).containsEntry("eth0", true).containsEntry("all", false);
    }

    @Test
    void ipv6IsPresentWhenAnInterfaceButLoHasAnAddressOrUnknownWithoutTheSection() {
        ScriptSection on = new ScriptSection(0, "if_inet6 read\ndisable_ipv6 eth0 0\ninet6 eth0 20\n");
        assertThat(Ipv6Presence.absence(on)).isEmpty();
        assertThat(Ipv6Presence.absence(null)).isEmpty();
    }
}
