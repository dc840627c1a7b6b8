package dev.gjallarhorn.attack.egress;

import dev.gjallarhorn.canary.CanaryPort;

/** A port in the egress matrix: the canary port, what service it stands for, and whether the claim lets it out. */
public record EgressPort(CanaryPort port, String service, boolean allowlisted) {
}
