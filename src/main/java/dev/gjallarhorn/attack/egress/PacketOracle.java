package dev.gjallarhorn.attack.egress;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Reason;
import java.util.Optional;

/**
 * Decides a packet of the {@link PacketPlan} from both sides. The canary side is the oracle: the host's counter (or,
 * for a TCP/UDP packet from a source port, the canary listener) saw the packet's token, so it got out. Otherwise the
 * sending side says how far it got: the kernel refused a non-root identity the socket or the port (it cannot make
 * such a packet at all: refused); the target's own filter refused the send (EPERM: refused); it was sent and never
 * arrived (dropped on the way). Each of those is a refusal only when the same run's positive controls showed the
 * canary side could see ({@code blind} otherwise). No sender on the target, root refused a socket, a port in use:
 * could not run.
 */
public final class PacketOracle {

    private PacketOracle() {
    }

    /**
     * @param arrived what the canary side saw of this packet's token, e.g. "the host's counter counted 1 packet", if it saw it
     * @param blind   why the canary side could not have seen it (no counter, a failed positive control), if it could not
     * @param root    whether the packet was sent as root (who may open any socket)
     */
    public static Observation judge(PacketAttempt attempt, Optional<String> arrived, Optional<String> blind, boolean root) {
        String subject = attempt.subject();
        if (arrived.isPresent()) {
            return Observation.succeeded(subject, arrived.get() + "; sender " + attempt.client());
        }
        if (attempt.notRun().isPresent()) {
            return Observation.couldNotRun(subject, attempt.notRun().get(), attempt.notRunWhy());
        }
        switch (attempt.stage()) {
            case "tool" -> {
                return Observation.couldNotRun(subject, Reason.PRECONDITION_UNMET, "the target has nothing to send it with: " + attempt.message());
            }
            case "timeout" -> {
                if (attempt.packet().kind().equals("tcp") && blind.isEmpty()) {
                    return Observation.blocked(subject, "dropped: the canary saw nothing, the connect gave up after " + attempt.millis() + " ms");
                }
                return Observation.couldNotRun(subject, Reason.TIMEOUT, "the sender did not finish: " + attempt.client());
            }
            case "socket", "bind" -> {
                if (attempt.notPermitted() && !root) {
                    return Observation.blocked(subject, "refused by the kernel: " + attempt.user() + " may not make such a packet at all ("
                            + attempt.client() + ")");
                }
                return Observation.couldNotRun(subject, Reason.PRECONDITION_UNMET, "could not make the packet: " + attempt.client());
            }
            default -> {
            }
        }
        if (blind.isPresent()) {
            return Observation.couldNotRun(subject, Reason.ORACLE_BLIND, blind.get() + "; sender " + attempt.client());
        }
        if (attempt.sent()) {
            if (attempt.packet().kind().equals("tcp")) {
                return Observation.couldNotRun(subject, Reason.CONFLICTING_EVIDENCE,
                        "the sender connected and sent its token but the canary saw nothing (" + attempt.client() + ")");
            }
            return Observation.blocked(subject, "dropped on the way: sent without error, the canary side saw nothing (" + attempt.client() + ")");
        }
        String by = attempt.errno() == PacketAttempt.EPERM ? "the target's packet filter" : "the target";
        return Observation.blocked(subject, "refused by " + by + ": the canary side saw nothing, sender " + attempt.client());
    }
}
