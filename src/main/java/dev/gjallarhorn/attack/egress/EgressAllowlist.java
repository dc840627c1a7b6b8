package dev.gjallarhorn.attack.egress;

import dev.gjallarhorn.canary.CanaryPort;
import dev.gjallarhorn.surface.FirewallRule;
import dev.gjallarhorn.surface.PortRange;
import java.util.List;

/**
 * What {@code C-FIREWALL} lets leave the VM: "only HTTPS, DNS and Tailscale traffic" — 443/tcp, 53/udp and 53/tcp
 * to anywhere, Tailscale's WireGuard port 41641/udp, its interface {@code tailscale0}, and anything to the tailnet
 * ({@code 100.64.0.0/10}). The allowlisted ports are also the oracle's positive controls.
 */
public final class EgressAllowlist {

    public static final String TAILNET = "100.64.0.0/10";
    public static final List<EgressPort> CONTROLS = List.of(
            new EgressPort(CanaryPort.tcp(443), "HTTPS (allowlisted)", true),
            new EgressPort(CanaryPort.udp(53), "DNS (allowlisted)", true),
            new EgressPort(CanaryPort.tcp(53), "DNS over TCP (allowlisted)", true),
            new EgressPort(CanaryPort.udp(41641), "Tailscale WireGuard (allowlisted)", true));

    private EgressAllowlist() {
    }

    public static boolean allows(String protocol, int port) {
        return CONTROLS.stream().anyMatch(c -> c.port().protocol().lower().equals(protocol) && c.port().port() == port);
    }

    /** A rule that lets out nothing beyond the allowlist: only allowlisted ports, or only the tailnet, or only Tailscale's interface. */
    public static boolean covers(FirewallRule rule) {
        if (rule.specificDestination().filter(d -> !rule.destinationNegated() && Cidr.parse(d).within(Cidr.parse(TAILNET))).isPresent()) {
            return true;
        }
        if (rule.outInterface().filter(i -> !rule.outInterfaceNegated() && i.equals("tailscale0")).isPresent()) {
            return true;
        }
        if (rule.destinationPorts().isEmpty()) {
            return false;
        }
        List<String> protocols = rule.protocol().map(List::of).orElse(List.of("tcp", "udp"));
        for (String protocol : protocols) {
            for (PortRange range : rule.destinationPorts()) {
                for (int p = range.from(); p <= Math.min(range.to(), range.from() + 64); p++) {
                    if (!allows(protocol, p)) {
                        return false;
                    }
                }
                if (range.size() > 65) {
                    return false;
                }
            }
        }
        return true;
    }
}
