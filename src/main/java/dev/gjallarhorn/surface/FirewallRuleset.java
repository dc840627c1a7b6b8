package dev.gjallarhorn.surface;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The target's packet filter of both address families, from every source it could be read from
 * ({@code iptables-save}, {@code ip6tables-save}, {@code nft -j list ruleset}, UFW's {@code user.rules} and
 * {@code user6.rules}), with what could not be read ({@code gaps}). It answers which rules a packet leaving
 * the machine ({@link Hook#OUTPUT}) or a container's packet forwarded through it ({@link Hook#FORWARD}) can meet:
 * the rules of the base chains of that hook and of every chain they jump to.
 *
 * <p>The ruleset is evidence and a source of candidates for the egress attack; the canaries decide. A family whose
 * ruleset could not be read from any source, or read empty while the firewall says it is on, is in {@code unread}
 * with why: what that family's rules would have told is unknown, never "nothing".
 */
public record FirewallRuleset(List<FirewallRule> rules, Map<String, String> policies, Map<String, String> nftHooks,
                              List<String> gaps, List<String> sources, Map<Family, Unread> unread) {

    /**
     * Why a family's ruleset is unknown.
     *
     * @param why      what failed, naming the tool ("ip6tables-save exit 1: ...", "ip6tables-save printed no rule while
     *                 UFW reports itself active")
     * @param timedOut whether a bound ran out (rather than the tool failing or answering nothing)
     */
    public record Unread(String why, boolean timedOut) {
    }

    /** Where a packet enters the filter: sent by the machine itself, or forwarded for a container. */
    public enum Hook { OUTPUT, FORWARD }

    public FirewallRuleset {
        rules = List.copyOf(rules);
        policies = Map.copyOf(policies);
        nftHooks = Map.copyOf(nftHooks);
        gaps = List.copyOf(gaps);
        sources = List.copyOf(sources);
        unread = Map.copyOf(unread);
    }

    /** A ruleset with every family read. */
    public FirewallRuleset(List<FirewallRule> rules, Map<String, String> policies, Map<String, String> nftHooks,
                           List<String> gaps, List<String> sources) {
        this(rules, policies, nftHooks, gaps, sources, Map.of());
    }

    /** Every rule a packet of this hook can meet, in the order the sources list them. */
    public List<FirewallRule> inPath(Hook hook) {
        Set<String> chains = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        String base = hook.name();
        for (FirewallRule r : rules) {
            String key = r.origin() + "|" + r.family() + "|" + r.table() + "|" + r.chain();
            boolean isBase = r.origin().equals("nft")
                    ? hook.name().toLowerCase(java.util.Locale.ROOT).equals(nftHooks.get(r.table() + "/" + r.chain()))
                    : r.origin().startsWith("ufw")
                    ? r.chain().endsWith(hook == Hook.OUTPUT ? "-output" : "-forward")
                    : r.table().equals("filter") && r.chain().equals(base);
            if (isBase && chains.add(key)) {
                todo.add(key);
            }
        }
        Map<String, List<FirewallRule>> byChain = new LinkedHashMap<>();
        for (FirewallRule r : rules) {
            byChain.computeIfAbsent(r.origin() + "|" + r.family() + "|" + r.table() + "|" + r.chain(), k -> new ArrayList<>()).add(r);
        }
        while (!todo.isEmpty()) {
            String key = todo.poll();
            String prefix = key.substring(0, key.lastIndexOf('|') + 1);
            for (FirewallRule r : byChain.getOrDefault(key, List.of())) {
                String target = prefix + r.verdict();
                if (byChain.containsKey(target) && chains.add(target)) {
                    todo.add(target);
                }
            }
        }
        return rules.stream().filter(r -> chains.contains(r.origin() + "|" + r.family() + "|" + r.table() + "|" + r.chain())).toList();
    }

    /** The rules in a hook's path that let TCP or UDP through to somewhere other than loopback, for new connections. */
    public List<FirewallRule> letsThrough(Hook hook) {
        return letsOut(hook).stream().filter(FirewallRule::carriesTcpOrUdp).toList();
    }

    /** The rules in a hook's path that let packets of any IP protocol through to somewhere other than loopback, for new flows. */
    public List<FirewallRule> letsOut(Hook hook) {
        return inPath(hook).stream().filter(FirewallRule::lets).filter(r -> !r.loopbackOnly() && !r.stateOnly()).toList();
    }

    /**
     * Base chains of this hook whose policy lets packets through ({@code filter/OUTPUT ACCEPT}, an nft output chain
     * with policy accept): what is not matched by a rule leaves.
     */
    public List<String> openPolicies(Hook hook, Family family) {
        List<String> open = new ArrayList<>();
        policies.forEach((chain, policy) -> {
            boolean iptables = chain.equals(family.shortName() + ":filter/" + hook.name());
            boolean nft = hook.name().toLowerCase(java.util.Locale.ROOT).equals(nftHooks.get(chain.substring(chain.indexOf(':') + 1)))
                    && (chain.startsWith("nft:inet/") || chain.startsWith(family == Family.IPV4 ? "nft:ip/" : "nft:ip6/"));
            if ((iptables || nft) && policy.equals("ACCEPT")) {
                open.add(chain + " policy " + policy);
            }
        });
        return open;
    }

    public boolean isEmpty() {
        return rules.isEmpty() && policies.isEmpty();
    }
}
