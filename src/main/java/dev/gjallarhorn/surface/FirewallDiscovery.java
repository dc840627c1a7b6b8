package dev.gjallarhorn.surface;

import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.RemoteScript;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The packet filter of both families, discovered once by {@code firewall.sh} (iptables-save, ip6tables-save, nft
 * and UFW's rule files, and the target's IPv6 per interface), and written to {@code surface/firewall.txt}.
 */
final class FirewallDiscovery {

    private static final RemoteScript FIREWALL = RemoteScript.load(FirewallDiscovery.class, "firewall.sh");

    private final Discovery discovery;
    private FirewallRuleset ruleset;
    private Map<String, Boolean> ipv6Disabled = Map.of();
    private Optional<String> noIpv6 = Optional.empty();

    FirewallDiscovery(Discovery discovery) {
        this.discovery = discovery;
    }

    synchronized FirewallRuleset ruleset() {
        if (ruleset == null) {
            discover();
        }
        return ruleset;
    }

    /** Why the target has no IPv6 at all; empty when it has IPv6 or that could not be read. */
    synchronized Optional<String> noIpv6() {
        ruleset();
        return noIpv6;
    }

    /** Per interface, whether IPv6 is switched off on it; empty if unknown. */
    synchronized Map<String, Boolean> ipv6Disabled() {
        ruleset();
        return ipv6Disabled;
    }

    private void discover() {
        Instant started = Instant.now();
        CommandResult result = discovery.run(Cmd.script(FIREWALL).asRoot());
        Map<String, ScriptSection> sections = ScriptSection.parse(result.stdout());
        FirewallReading read = FirewallReading.of(sections);
        ScriptSection ipv6 = sections.get("ipv6");
        noIpv6 = Ipv6Presence.absence(ipv6);
        Map<Family, FirewallRuleset.Unread> unread = UnreadFamilies.of(sections, result, read.rules, read.policies, noIpv6);
        ruleset = new FirewallRuleset(read.rules, read.policies, read.hooks, read.gaps, read.sources, unread);
        discovery.written("firewall", evidence(result, sections, read, unread), started);
        ipv6Disabled = ipv6 == null ? Map.of() : Ipv6Presence.disabledPerInterface(ipv6.text());
    }

    private StringBuilder evidence(CommandResult result, Map<String, ScriptSection> sections, FirewallReading read,
                                   Map<Family, FirewallRuleset.Unread> unread) {
        ScriptSection ipv6 = sections.get("ipv6");
        StringBuilder text = new StringBuilder("The packet filter of " + discovery.describe() + "\n");
        text.append("discovery: ").append(result.describe()).append('\n');
        text.append("read from: ").append(String.join("; ", read.sources)).append('\n');
        text.append("could not read: ").append(read.gaps.isEmpty() ? "nothing" : String.join("; ", read.gaps)).append('\n');
        unread.forEach((family, u) -> text.append("UNKNOWN ").append(family.shortName()).append(" ruleset: ").append(u.why()).append('\n'));
        text.append("IPv6 on this target: ").append(noIpv6.map(why -> "none (" + why + ")").orElse("present, or not known to be absent")).append('\n');
        text.append("policies: ").append(read.policies).append('\n');
        for (FirewallRuleset.Hook hook : FirewallRuleset.Hook.values()) {
            text.append("\nrules that let new connections through on the ").append(hook).append(" path:\n");
            ruleset.letsThrough(hook).forEach(r -> text.append("  [").append(r.origin()).append("] ").append(r.text()).append('\n'));
        }
        text.append("\nIPv6 per interface: ").append(ipv6 == null ? "not read" : ipv6.text().strip().replace('\n', ';')).append('\n');
        sections.forEach((name, s) -> text.append("\n$ ").append(name).append(" (exit ").append(s.exit()).append(")\n").append(s.text()));
        return text;
    }
}
