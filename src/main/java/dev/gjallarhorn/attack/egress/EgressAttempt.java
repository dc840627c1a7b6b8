package dev.gjallarhorn.attack.egress;

import dev.gjallarhorn.probe.Identity;
import dev.gjallarhorn.probe.Reason;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The client side of one egress attempt: which port, as whom, with which token, and how the client's
 * connect or send ended. {@code notRun} says why it never ran (no canary on that port, no sudo, …).
 */
public record EgressAttempt(EgressPort port, Identity identity, String user, String token, OptionalInt exit,
                            OptionalLong millis, String error, Optional<Reason> notRun, String notRunWhy) {

    public static EgressAttempt notRun(EgressPort port, Identity identity, String user, String token, Reason reason, String why) {
        return new EgressAttempt(port, identity, user, token, OptionalInt.empty(), OptionalLong.empty(), "", Optional.of(reason), why);
    }

    public String subject() {
        return port.port() + " (" + port.service() + ") as " + user;
    }
}
