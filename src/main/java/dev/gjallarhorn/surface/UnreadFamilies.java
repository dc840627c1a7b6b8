package dev.gjallarhorn.surface;

import dev.gjallarhorn.remote.CommandResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which address family's ruleset the firewall script could not read, and why: the judgement that keeps an unread
 * ruleset from passing for an empty one. Pure functions of the script's sections and what was read from them.
 */
final class UnreadFamilies {

    private UnreadFamilies() {
    }

    /**
     * Per family, why its ruleset is unknown: its tool did not report, is not installed, failed or ran into its bound,
     * or printed no rule and no policy while the firewall says it is on (UFW reports itself active, UFW's status
     * could not be read, or the other family has rules). A family nft showed rules or policies of is read; IPv6
     * on a target without IPv6 needs no ruleset.
     */
    static Map<Family, FirewallRuleset.Unread> of(Map<String, ScriptSection> sections, CommandResult result, List<FirewallRule> rules,
                                                  Map<String, String> policies, Optional<String> noIpv6) {
        Map<Family, FirewallRuleset.Unread> unread = new LinkedHashMap<>();
        for (Family family : Family.values()) {
            FirewallRuleset.Unread problem = problem(sections, result, family);
            if (problem == null || nftShows(sections, rules, policies, family)) {
                continue;
            }
            if (family == Family.IPV6 && noIpv6.isPresent()) {
                continue;
            }
            unread.put(family, problem);
        }
        return unread;
    }

    /** What is wrong with one family's iptables-save section, or null when it was read. */
    private static FirewallRuleset.Unread problem(Map<String, ScriptSection> sections, CommandResult result, Family family) {
        String tool = family == Family.IPV4 ? "iptables-save" : "ip6tables-save";
        Family other = family == Family.IPV4 ? Family.IPV6 : Family.IPV4;
        ScriptSection section = sections.get(tool);
        if (section == null) {
            return new FirewallRuleset.Unread(tool + " did not report (the discovery script: " + result.describe() + ")", result.timedOut());
        } else if (section.exit() == 127) {
            return new FirewallRuleset.Unread(tool + " is not installed", false);
        } else if (section.exit() == 124) {
            return new FirewallRuleset.Unread(tool + " ran into its bound and was stopped", true);
        } else if (section.exit() != 0) {
            return new FirewallRuleset.Unread(tool + " failed: exit " + section.exit() + (section.text().isBlank() ? "" : ": "
                    + section.text().strip().lines().findFirst().orElse("")), false);
        } else if (emptyRuleset(section, family, tool)) {
            Optional<String> on = claimsOn(sections, other);
            if (on.isPresent()) {
                return new FirewallRuleset.Unread(tool + " printed no rule and no policy while " + on.get()
                        + (family == Family.IPV6 ? ": on a target with IPv6 that is either an unfiltered IPv6 or rules the tool cannot see" : ""),
                        false);
            }
        }
        return null;
    }

    private static boolean emptyRuleset(ScriptSection section, Family family, String tool) {
        IptablesSave.Parsed parsed = IptablesSave.parse(section.text(), family, tool);
        return parsed.rules().isEmpty() && parsed.policies().isEmpty();
    }

    /**
     * What says the firewall is on, seen from the other family's side; empty when UFW says it is inactive
     * ({@code Status: inactive}, nothing else) or is absent, and the other family is empty too. A UFW status that
     * exited 0 without saying inactive (no {@code Status:} line, say) is unread, so it keeps the firewall claimed on.
     */
    private static Optional<String> claimsOn(Map<String, ScriptSection> sections, Family other) {
        ScriptSection ufw = sections.get("ufw-status");
        if (ufw != null && ufw.exit() == 0 && ufw.text().contains("Status: active")) {
            return Optional.of("UFW reports itself active");
        }
        if (ufw == null || (ufw.exit() != 0 && ufw.exit() != 127)) {
            return Optional.of("UFW's status could not be read (" + (ufw == null ? "not reported" : "exit " + ufw.exit()) + ")");
        }
        if (ufw.exit() == 0 && ufw.text().lines().map(String::strip).noneMatch(l -> l.equals("Status: inactive"))) {
            String said = ufw.text().strip().lines().findFirst().orElse("");
            return Optional.of("UFW's status could not be read (exit 0 but no \"Status: inactive\" or \"Status: active\""
                    + (said.isEmpty() ? ", and nothing printed" : ": " + said) + ")");
        }
        String otherTool = other == Family.IPV4 ? "iptables-save" : "ip6tables-save";
        ScriptSection theirs = sections.get(otherTool);
        if (theirs != null && theirs.exit() == 0 && !emptyRuleset(theirs, other, otherTool)) {
            return Optional.of(otherTool + " shows a ruleset");
        }
        return Optional.empty();
    }

    private static boolean nftShows(Map<String, ScriptSection> sections, List<FirewallRule> rules, Map<String, String> policies, Family family) {
        ScriptSection nft = sections.get("nft-json");
        if (nft == null || nft.exit() != 0) {
            return false;
        }
        String table = family == Family.IPV4 ? "nft:ip/" : "nft:ip6/";
        return rules.stream().anyMatch(r -> r.origin().equals("nft") && r.family() == family)
                || policies.keySet().stream().anyMatch(k -> k.startsWith(table) || k.startsWith("nft:inet/"));
    }
}
