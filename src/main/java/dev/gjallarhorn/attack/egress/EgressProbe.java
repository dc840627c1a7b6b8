package dev.gjallarhorn.attack.egress;

import dev.gjallarhorn.canary.Canaries;
import dev.gjallarhorn.canary.CanaryPort;
import dev.gjallarhorn.canary.DestinationGuard;
import dev.gjallarhorn.probe.Identity;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.RemoteScript;
import dev.gjallarhorn.remote.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * One identity's pass over an egress matrix: from inside the target, connect (TCP) or send (UDP) to the
 * canary on every port at once, each attempt carrying its own token. The client side only; what got
 * out is decided against the canaries' records by {@link EgressOracle}.
 */
public final class EgressProbe {

    private static final RemoteScript SCRIPT = RemoteScript.load(EgressProbe.class, "egress-probe.sh");

    private EgressProbe() {
    }

    /** What one identity's pass did: the command (for evidence) and one attempt per port. */
    public record Pass(Identity identity, String user, Optional<CommandResult> command, List<EgressAttempt> attempts) {
    }

    /**
     * Where the attempts start: a name for the evidence ("lima", "nobody", "a bridge container"), a short tag
     * for the tokens, and how the probe command is wrapped to run there.
     */
    public record Site(String name, String tag, Identity identity, UnaryOperator<Cmd> wrap) {
        public static Site of(Identity identity, Target target) {
            return new Site(identity.label(target), identity.name().toLowerCase(Locale.ROOT).substring(0, 1), identity, identity::wrap);
        }
    }

    public static Pass run(Target target, Canaries canaries, DestinationGuard guard, Identity identity,
                           List<EgressPort> matrix, String runToken, Duration attemptTimeout) {
        return run(target, canaries, guard, Site.of(identity, target), matrix, runToken, attemptTimeout);
    }

    public static Pass run(Target target, Canaries canaries, DestinationGuard guard, Site site,
                           List<EgressPort> matrix, String runToken, Duration attemptTimeout) {
        String address = guard.check(canaries.advertised()).getHostAddress();
        String user = site.name();
        Identity identity = site.identity();
        Map<String, EgressPort> bySpecKey = new LinkedHashMap<>();
        List<String> specs = new ArrayList<>();
        List<EgressAttempt> notRun = new ArrayList<>();
        Map<String, String> tokens = new HashMap<>();
        for (EgressPort requested : matrix) {
            CanaryPort port = canaries.resolve(requested.port());
            EgressPort resolved = new EgressPort(port, requested.service(), requested.allowlisted());
            String token = runToken + "." + site.tag() + "." + port.protocol().lower() + port.port();
            Optional<String> missing = canaries.unavailable(requested.port());
            if (missing.isPresent()) {
                notRun.add(EgressAttempt.notRun(resolved, identity, user, token, Reason.PRECONDITION_UNMET, missing.get()));
                continue;
            }
            String key = port.protocol().lower() + " " + port.port();
            bySpecKey.put(key, resolved);
            tokens.put(key, token);
            specs.add(port.protocol().lower() + "/" + port.port() + "/" + token);
        }
        List<EgressAttempt> attempts = new ArrayList<>(notRun);
        if (specs.isEmpty()) {
            return new Pass(identity, user, Optional.empty(), attempts);
        }
        List<String> args = new ArrayList<>(List.of(Long.toString(Math.max(1, attemptTimeout.toSeconds())), address));
        args.addAll(specs);
        Cmd cmd = site.wrap().apply(Cmd.script(SCRIPT, args.toArray(String[]::new)));
        CommandResult result = target.run(cmd, attemptTimeout.multipliedBy(2).plusSeconds(20));
        Map<String, EgressAttempt> parsed = parse(result.stdout(), bySpecKey, tokens, identity, user);
        for (Map.Entry<String, EgressPort> entry : bySpecKey.entrySet()) {
            EgressAttempt attempt = parsed.get(entry.getKey());
            if (attempt == null) {
                Reason reason = result.timedOut() ? Reason.TIMEOUT : Reason.PRECONDITION_UNMET;
                String why = result.timedOut() ? "the probe command timed out" : "the probe printed no result for this port ("
                        + result.describe() + (result.stderr().isBlank() ? "" : ": " + firstLine(result.stderr())) + ")";
                attempt = EgressAttempt.notRun(entry.getValue(), identity, user, tokens.get(entry.getKey()), reason, why);
            }
            attempts.add(attempt);
        }
        return new Pass(identity, user, Optional.of(result), attempts);
    }

    /**
     * A pass whose command ran into its bound (beside other twins starting, one ssh command can wait its whole bound
     * before it runs) gets one more try, alone and after the others, for the ports it printed no result for; what the
     * second try printed replaces those attempts, anything it could not run stays as it was (timeout).
     */
    public static Pass retryTimedOut(Target target, Canaries canaries, DestinationGuard guard, Site site, Pass pass, String runToken,
                                     Duration timeout) {
        List<EgressPort> again = pass.attempts().stream().filter(a -> a.notRun().equals(Optional.of(Reason.TIMEOUT)))
                .map(EgressAttempt::port).toList();
        if (again.isEmpty()) {
            return pass;
        }
        return merged(pass, run(target, canaries, guard, site, again, runToken, timeout));
    }

    /**
     * {@code first}'s attempts with each port {@code second} tried replaced by the second try, unless that too could
     * not run (then the first stays); the first pass's command is kept.
     */
    public static Pass merged(Pass first, Pass second) {
        Map<CanaryPort, EgressAttempt> again = new HashMap<>();
        second.attempts().stream().filter(a -> a.notRun().isEmpty()).forEach(a -> again.put(a.port().port(), a));
        List<EgressAttempt> attempts = first.attempts().stream().map(a -> again.getOrDefault(a.port().port(), a)).toList();
        return new Pass(first.identity(), first.user(), first.command(), attempts);
    }

    /**
     * The same client towards another address: {@code specs} are {@code PROTO/PORT/TOKEN}; it prints
     * {@code RESULT PROTO PORT EXIT MILLISECONDS ERROR} per attempt.
     */
    public static Cmd command(Duration attemptTimeout, String address, List<String> specs) {
        List<String> args = new ArrayList<>(List.of(Long.toString(Math.max(1, attemptTimeout.toSeconds())), address));
        args.addAll(specs);
        return Cmd.script(SCRIPT, args.toArray(String[]::new));
    }

    static Map<String, EgressAttempt> parse(String stdout, Map<String, EgressPort> ports, Map<String, String> tokens,
                                            Identity identity, String user) {
        Map<String, EgressAttempt> attempts = new HashMap<>();
        for (String line : stdout.split("\n")) {
            String[] f = line.split(" ", 6);
            if (f.length < 5 || !f[0].equals("RESULT")) {
                continue;
            }
            String key = f[1] + " " + f[2];
            EgressPort port = ports.get(key);
            if (port == null) {
                continue;
            }
            try {
                attempts.put(key, new EgressAttempt(port, identity, user, tokens.get(key), OptionalInt.of(Integer.parseInt(f[3])),
                        OptionalLong.of(Long.parseLong(f[4])), f.length > 5 ? f[5].trim() : "", Optional.empty(), ""));
            } catch (NumberFormatException e) {
                // an unreadable line counts as no result for that port
            }
        }
        return attempts;
    }

    private static String firstLine(String text) {
        return text.strip().split("\n", 2)[0];
    }
}
