package dev.gjallarhorn.attack.egress;

import dev.gjallarhorn.host.HostCommand;
import dev.gjallarhorn.probe.Identity;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.RemoteScript;
import dev.gjallarhorn.remote.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One identity's pass over the packets of a {@link PacketPlan}: from inside the target, send each with its own token
 * to the canary address, all at once ({@code packet-probe.sh}, with whatever sender the target has). The sending side
 * only; a counter on the host ({@link dev.gjallarhorn.canary.PacketCounters}) or a canary listener decides what got out.
 */
public final class PacketProbe {

    static final RemoteScript SCRIPT = RemoteScript.load(PacketProbe.class, "packet-probe.sh");

    private PacketProbe() {
    }

    /** A packet with the token it carries. */
    public record Tokened(Packet packet, String token) {
    }

    /** What one identity's pass did: the command (for evidence) and one attempt per packet. */
    public record Pass(EgressProbe.Site site, Optional<CommandResult> command, List<PacketAttempt> attempts) {
    }

    public static Pass run(Target target, EgressProbe.Site site, String address, String sourceAddress, List<Tokened> packets, Duration timeout) {
        if (packets.isEmpty()) {
            return new Pass(site, Optional.empty(), List.of());
        }
        List<String> args = new ArrayList<>(List.of(Long.toString(Math.max(1, timeout.toSeconds())), address, sourceAddress));
        packets.forEach(p -> args.add(p.packet().spec(p.token())));
        Cmd cmd = site.wrap().apply(Cmd.script(SCRIPT, args.toArray(String[]::new)));
        CommandResult result = target.run(cmd, timeout.multipliedBy(2).plusSeconds(20));
        Map<String, PacketAttempt> parsed = parse(result.stdout(), packets, site.identity(), site.name());
        List<PacketAttempt> attempts = new ArrayList<>();
        for (Tokened p : packets) {
            PacketAttempt attempt = parsed.get(p.token());
            if (attempt == null) {
                Reason reason = result.timedOut() ? Reason.TIMEOUT : Reason.PRECONDITION_UNMET;
                String why = result.timedOut() ? "the probe command timed out" : "the probe printed no result for this packet ("
                        + result.describe() + (result.stderr().isBlank() ? "" : ": " + result.stderr().strip().split("\n", 2)[0]) + ")";
                attempt = PacketAttempt.notRun(p.packet(), site.identity(), site.name(), p.token(), reason, why);
            }
            attempts.add(attempt);
        }
        return new Pass(site, Optional.of(result), attempts);
    }

    /**
     * The protocol oracle's positive control: this host sends each packet to its own canary address with the same
     * script, so a counter of the same form must count it. Run as the harness (root, if the counters exist at all).
     */
    public static List<PacketAttempt> fromHost(String address, List<Tokened> packets, Duration timeout) {
        if (packets.isEmpty()) {
            return List.of();
        }
        List<String> argv = new ArrayList<>(List.of("bash", "-c", SCRIPT.text(), "packet-probe",
                Long.toString(Math.max(1, timeout.toSeconds())), address, address));
        packets.forEach(p -> argv.add(p.packet().spec(p.token())));
        HostCommand.Result result = HostCommand.run(timeout.multipliedBy(2).plusSeconds(10), null, argv);
        Map<String, PacketAttempt> parsed = parse(result.output(), packets, Identity.LOGIN_USER, HOST);
        List<PacketAttempt> attempts = new ArrayList<>();
        for (Tokened p : packets) {
            attempts.add(parsed.getOrDefault(p.token(), PacketAttempt.notRun(p.packet(), Identity.LOGIN_USER, HOST, p.token(),
                    result.timedOut() ? Reason.TIMEOUT : Reason.PRECONDITION_UNMET, "this host's sender printed no result (exit "
                            + result.exit() + ": " + result.lastLine() + ")")));
        }
        return attempts;
    }

    /** How evidence names the harness's own host as a sender. */
    public static final String HOST = "this host";

    /** {@code PACKET KIND A B TOKEN EXIT MILLISECONDS TOOL STAGE ERRNO MESSAGE}, by token; unreadable lines are no result. */
    static Map<String, PacketAttempt> parse(String stdout, List<Tokened> packets, Identity identity, String user) {
        Map<String, Packet> byToken = new HashMap<>();
        packets.forEach(p -> byToken.put(p.token(), p.packet()));
        Map<String, PacketAttempt> attempts = new HashMap<>();
        for (String line : stdout.split("\n")) {
            String[] f = line.strip().split(" ", 11);
            if (f.length < 10 || !f[0].equals("PACKET") || !byToken.containsKey(f[4])) {
                continue;
            }
            try {
                attempts.put(f[4], new PacketAttempt(byToken.get(f[4]), identity, user, f[4], Integer.parseInt(f[5]), Long.parseLong(f[6]),
                        f[7], f[8], Integer.parseInt(f[9]), f.length > 10 ? f[10].trim() : "", Optional.empty(), ""));
            } catch (NumberFormatException e) {
                // an unreadable line counts as no result for that packet
            }
        }
        return attempts;
    }
}
