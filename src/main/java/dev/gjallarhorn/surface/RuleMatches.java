package dev.gjallarhorn.surface;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The matches and verdict of one rule as a parser ({@link IptablesSave}, {@link NftRuleset}) reads them, word by word
 * or expression by expression, until it makes the {@link FirewallRule}. Mutable; one per rule.
 */
final class RuleMatches {

    String verdict = "";
    Optional<String> protocol = Optional.empty();
    final List<PortRange> ports = new ArrayList<>();
    final List<PortRange> sourcePorts = new ArrayList<>();
    Optional<String> icmpType = Optional.empty();
    Optional<String> states = Optional.empty();
    Optional<String> destination = Optional.empty();
    boolean destinationNegated;
    Optional<String> out = Optional.empty();
    boolean outNegated;
    Optional<String> owner = Optional.empty();
    boolean stateOnly;
    final List<String> unknown = new ArrayList<>();

    /** The rule these matches make, with the destination and source ports given. */
    FirewallRule rule(Family family, String origin, String table, String chain, List<PortRange> byDestination,
                      List<PortRange> bySource, String text) {
        return new FirewallRule(family, origin, table, chain, verdict, protocol, byDestination, bySource, icmpType, destination,
                destinationNegated, out, outNegated, owner, stateOnly, states, unknown, text);
    }

    /** The rule these matches make, with the ports they read. */
    FirewallRule rule(Family family, String origin, String table, String chain, String text) {
        return rule(family, origin, table, chain, ports, sourcePorts, text);
    }
}
