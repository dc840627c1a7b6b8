package dev.gjallarhorn.attack.egress;

import dev.gjallarhorn.surface.FirewallRule;
import dev.gjallarhorn.surface.FirewallRuleset;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Whether a canary of this run can stand where an ACCEPT lets packets go: behind the rule's destination address and
 * its out interface. {@code elsewhere}: the rule only forwards into a container on this machine, not out of it;
 * {@code blind}: why no canary can stand there.
 */
record RuleReach(boolean elsewhere, Optional<String> blind) {

    static RuleReach of(FirewallRule rule, FirewallRuleset.Hook hook, InetAddress canary, String canaryInterface) {
        if (rule.specificDestination().isPresent() && !canStand(rule.specificDestination().get(), rule.destinationNegated(), canary)) {
            return new RuleReach(false, Optional.of("an ACCEPT to " + rule.specificDestination().get() + ", where no canary of this run can stand"));
        }
        if (rule.outInterface().isPresent() && !rule.loopbackOnly()) {
            String out = rule.outInterface().get();
            boolean intoContainers = hook == FirewallRuleset.Hook.FORWARD && !rule.outInterfaceNegated()
                    && (out.startsWith("docker") || out.startsWith("br-") || out.startsWith("veth"));
            if (intoContainers) {
                return new RuleReach(true, Optional.empty());
            }
            if (rule.outInterfaceNegated() == interfaceMatches(out, canaryInterface)) {
                return new RuleReach(false, Optional.of("an ACCEPT only out of " + (rule.outInterfaceNegated() ? "anything but " : "") + out
                        + ", while the canaries are reached through " + canaryInterface));
            }
        }
        return new RuleReach(false, Optional.empty());
    }

    static boolean canStand(String destination, boolean negated, InetAddress canary) {
        try {
            return negated != Cidr.parse(destination).contains(canary);
        } catch (IllegalArgumentException notALiteral) {
            return false;
        }
    }

    /** iptables' {@code +} wildcard ({@code br-+}) included. */
    static boolean interfaceMatches(String pattern, String name) {
        return pattern.endsWith("+") ? name.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(name);
    }
}
