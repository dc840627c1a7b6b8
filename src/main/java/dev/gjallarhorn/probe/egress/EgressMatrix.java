package dev.gjallarhorn.probe.egress;

import dev.gjallarhorn.canary.CanaryPort;
import java.util.List;

/**
 * The ports probed for the firewall claim "only HTTPS, DNS and Tailscale traffic leave the VM": the
 * allowlisted services (which also serve as the oracle's positive controls) and a broad set of others.
 * Port 0 stands for a free high port chosen when the canaries open.
 */
public final class EgressMatrix {

    public static final List<EgressPort> FIREWALL = List.of(
            new EgressPort(CanaryPort.tcp(443), "HTTPS", true),
            new EgressPort(CanaryPort.udp(53), "DNS", true),
            new EgressPort(CanaryPort.tcp(53), "DNS over TCP", true),
            new EgressPort(CanaryPort.udp(41641), "Tailscale (WireGuard)", true),
            new EgressPort(CanaryPort.tcp(80), "HTTP", false),
            new EgressPort(CanaryPort.udp(123), "NTP", false),
            new EgressPort(CanaryPort.tcp(22), "SSH", false),
            new EgressPort(CanaryPort.tcp(25), "SMTP", false),
            new EgressPort(CanaryPort.tcp(8080), "HTTP alternate", false),
            new EgressPort(CanaryPort.tcp(4318), "OTLP (qortex telemetry)", false),
            new EgressPort(CanaryPort.tcp(0), "a high TCP port", false),
            new EgressPort(CanaryPort.udp(0), "a high UDP port", false));

    private EgressMatrix() {
    }

    public static List<CanaryPort> canaryPorts(List<EgressPort> matrix) {
        return matrix.stream().map(EgressPort::port).toList();
    }
}
