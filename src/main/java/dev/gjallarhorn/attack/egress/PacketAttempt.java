package dev.gjallarhorn.attack.egress;

import dev.gjallarhorn.probe.Identity;
import dev.gjallarhorn.probe.Reason;
import java.util.Optional;

/**
 * The sending side of one packet: as whom, with which token, which tool sent it, and how far it got: {@code stage}
 * is {@code sent}, or where it failed ({@code socket}, {@code bind}, {@code connect}, {@code send}, {@code timeout},
 * {@code tool}) with the errno and the tool's message. {@code notRun} says why it was never sent.
 */
public record PacketAttempt(Packet packet, Identity identity, String user, String token, int exit, long millis, String tool,
                            String stage, int errno, String message, Optional<Reason> notRun, String notRunWhy) {

    static final int EPERM = 1;
    static final int EACCES = 13;

    public static PacketAttempt notRun(Packet packet, Identity identity, String user, String token, Reason reason, String why) {
        return new PacketAttempt(packet, identity, user, token, -1, 0, "", "", 0, "", Optional.of(reason), why);
    }

    public String subject() {
        return packet.label() + " as " + user;
    }

    public boolean sent() {
        return notRun.isEmpty() && stage.equals("sent");
    }

    /** The kernel would not let this identity open the socket or bind the port: it cannot make such a packet at all. */
    public boolean notPermitted() {
        return (stage.equals("socket") || stage.equals("bind")) && (errno == EPERM || errno == EACCES);
    }

    public String client() {
        return notRun.isPresent() ? "not run: " + notRunWhy
                : tool + " " + stage + (errno == 0 ? "" : " errno " + errno) + (message.isBlank() ? "" : " (" + message + ")") + " after " + millis + " ms";
    }
}
