package dev.gjallarhorn.attack.egress;

import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.Target;
import java.net.InetAddress;
import java.time.Duration;

/**
 * How the target reaches the canary: the interface (for interface-limited rules) and its source address, if the route
 * names one ({@code 0.0.0.0} if not: the host's counters then match the token alone; {@code unknown} for no interface).
 */
record CanaryRoute(String device, String source) {

    /** {@code ip route get CANARY} on the target. */
    static CanaryRoute of(Target target, InetAddress canary) {
        CommandResult route = target.run(Cmd.of("ip", "-o", "route", "get", canary.getHostAddress()), Duration.ofSeconds(20));
        return parse(route.stdout());
    }

    /** The words after {@code dev} and {@code src} of one {@code ip -o route get} line. */
    static CanaryRoute parse(String text) {
        String[] words = text.strip().split("\\s+");
        String device = "unknown";
        String source = "0.0.0.0";
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i].equals("dev")) {
                device = words[i + 1];
            } else if (words[i].equals("src")) {
                source = words[i + 1];
            }
        }
        return new CanaryRoute(device, source);
    }
}
