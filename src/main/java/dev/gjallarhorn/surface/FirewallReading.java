package dev.gjallarhorn.surface;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the firewall script's sections say, read tool by tool: the rules of both families, each chain's policy
 * ({@code v4:}, {@code v6:} and {@code nft:} prefixed), nft's base-chain hooks, the sources read (with their rule
 * counts) and the gaps: each tool or line that could not be read, and why.
 */
final class FirewallReading {

    final List<FirewallRule> rules = new ArrayList<>();
    final Map<String, String> policies = new LinkedHashMap<>();
    final Map<String, String> hooks = new LinkedHashMap<>();
    final List<String> gaps = new ArrayList<>();
    final List<String> sources = new ArrayList<>();

    private FirewallReading() {
    }

    /** Reads iptables-save, ip6tables-save, UFW's user rules (their policies are not the chains') and nft's JSON. */
    static FirewallReading of(Map<String, ScriptSection> sections) {
        FirewallReading reading = new FirewallReading();
        reading.iptables(sections.get("iptables-save"), Family.IPV4, "iptables-save", "v4", reading.policies);
        reading.iptables(sections.get("ip6tables-save"), Family.IPV6, "ip6tables-save", "v6", reading.policies);
        reading.iptables(sections.get("ufw-user.rules"), Family.IPV4, "ufw user.rules", "ufw4", new LinkedHashMap<>());
        reading.iptables(sections.get("ufw-user6.rules"), Family.IPV6, "ufw user6.rules", "ufw6", new LinkedHashMap<>());
        reading.nft(sections);
        return reading;
    }

    private void iptables(ScriptSection section, Family family, String origin, String prefix, Map<String, String> policiesInto) {
        if (section == null) {
            return;
        }
        if (section.exit() != 0) {
            gaps.add(origin + ": " + (section.exit() == 127 ? "not installed" : "exit " + section.exit() + ": " + section.text().strip()));
            return;
        }
        IptablesSave.Parsed parsed = IptablesSave.parse(section.text(), family, origin);
        rules.addAll(parsed.rules());
        parsed.policies().forEach((k, v) -> policiesInto.put(prefix + ":" + k, v));
        parsed.skipped().forEach(s -> gaps.add(origin + ": not read: " + s));
        parsed.warnings().forEach(w -> gaps.add(origin + ": " + w));
        sources.add(origin + " (" + parsed.rules().size() + " rules)");
    }

    private void nft(Map<String, ScriptSection> sections) {
        ScriptSection nft = sections.get("nft-json");
        if (nft != null && nft.exit() == 0) {
            try {
                NftRuleset.Parsed parsed = NftRuleset.parse(nft.text());
                rules.addAll(parsed.rules());
                hooks.putAll(parsed.hooks());
                parsed.policies().forEach((k, v) -> policies.put("nft:" + k, v));
                parsed.skipped().forEach(s -> gaps.add("nft: not read: " + s));
                sources.add("nft -j list ruleset (" + parsed.rules().size() + " rules)");
            } catch (IllegalArgumentException e) {
                gaps.add("nft -j list ruleset: " + e.getMessage());
            }
        } else {
            String why = nft == null ? "not run" : nft.exit() == 127 ? "nft is not installed" : "exit " + nft.exit() + ": " + nft.text().strip();
            boolean iptablesSeesAll = sections.values().stream().noneMatch(s -> s.text().contains("incompatible"));
            gaps.add("nft -j list ruleset: " + why + (iptablesSeesAll
                    ? " (iptables-save reported no table it cannot show)" : "; iptables-save reports tables only nft can show"));
        }
    }
}
