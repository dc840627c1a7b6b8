package dev.gjallarhorn.run;

import dev.gjallarhorn.remote.BadTargetSpec;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Where the canaries listen on this host ({@code bind}) and how the target reaches them ({@code advertised}). */
public record CanaryPlacement(InetAddress bind, InetAddress advertised) {

    public static CanaryPlacement of(String bind, String advertised) {
        return new CanaryPlacement(address(bind), address(advertised));
    }

    private static InetAddress address(String literal) {
        if (!literal.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            throw new BadTargetSpec("canary addresses are IP literals, not names: '" + literal + "'");
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new BadTargetSpec("'" + literal + "' is not an IP address");
        }
    }
}
