package dev.gjallarhorn.attack.agent;

import dev.gjallarhorn.doubles.TelegramDouble;
import dev.gjallarhorn.probe.ScriptOutput;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.RemoteScript;
import dev.gjallarhorn.run.AttackContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The agent channel's target-side steps: {@code agent-channel.sh}, run as root with an action and the run's token
 * ({@code status}, {@code snapshot}, {@code wire}, {@code start}/{@code restart}, {@code journal}, {@code unit-state},
 * {@code approve}, {@code restore}, ...), each bounded by 4 minutes. What the gateway's journal and unit say is read
 * here too.
 */
final class ChannelScript {

    private static final RemoteScript SCRIPT = RemoteScript.load(AgentChannel.class, "agent-channel.sh");

    private ChannelScript() {
    }

    /** Runs {@code action} with the run's token and then {@code args}; the script's lines, whatever its exit. */
    static ScriptOutput run(AttackContext run, String action, String... args) {
        List<String> all = new ArrayList<>(List.of(action, run.token()));
        all.addAll(List.of(args));
        return ScriptOutput.of(run.target().run(Cmd.script(SCRIPT, all.toArray(String[]::new)).asRoot(), Duration.ofMinutes(4)));
    }

    /** The gateway's last error and warning lines in the journal since {@code since}, one line each (redacted when written). */
    static String journalSince(AttackContext run, Instant since) {
        return String.join(" | ", run(run, "journal", Long.toString(since.getEpochSecond())).all("JOURNAL").stream()
                .map(l -> ChannelLog.oneLine(l.rest(0))).toList());
    }

    /** The gateway unit's restart count and state, as {@code systemctl show} gives them. */
    static String unitState(AttackContext run) {
        ScriptOutput state = run(run, "unit-state");
        return "active " + state.value("ACTIVE") + ", restarts " + state.value("RESTARTS") + ", main pid " + state.value("PID");
    }

    /**
     * Why the gateway is not up and listening now (its unit is not active, or it stopped polling the double), or
     * empty when it is.
     *
     * @param pollingGap how long a gateway that is up may go without polling the Telegram double
     */
    static Optional<String> notRunningBecause(AttackContext run, TelegramDouble telegram, Duration pollingGap) {
        String unit = run(run, "status").value("UNIT");
        if (!unit.startsWith("active")) {
            return Optional.of("the gateway's unit is " + unit);
        }
        if (telegram.webhook().isEmpty() && !telegram.pollingSince(Instant.now().minus(pollingGap))) {
            return Optional.of("the gateway has not polled the Telegram double for " + pollingGap.toSeconds() + " s");
        }
        return Optional.empty();
    }

    /**
     * Puts the gateway's kept state back and notes what the script said; where that fails the target is left changed,
     * which fails the run (a harness error; the next run from this host tries again). Whether it was put back.
     */
    static boolean restore(AttackContext run, Consumer<String> note) {
        String restored = run(run, "restore").value("RESTORE");
        note.accept("put the gateway's state back: " + restored);
        if (!restored.startsWith("done")) {
            run.recordHarnessError("putting the gateway back", new IllegalStateException("could not put the gateway's state back on "
                    + run.target().describe() + ": " + (restored.isBlank() ? "no answer" : restored) + " (the next run tries again)"));
            return false;
        }
        return true;
    }

    /** The operator's approval of a pairing code, through the gateway's own CLI as the service identity; noted. */
    static ScriptOutput.Line approve(AttackContext run, String code, Consumer<String> note) {
        ScriptOutput.Line line = firstLine(run, "APPROVE", "approve", code);
        note.accept("approve " + code + ": " + line.rest(0));
        return line;
    }

    /** As {@code who}, without sudo: writes a sender into the pairing allowlist store; noted. */
    static ScriptOutput.Line selfApprove(AttackContext run, long sender, String who, Consumer<String> note) {
        ScriptOutput.Line line = firstLine(run, "SELF-APPROVE", "self-approve", Long.toString(sender), who);
        note.accept("self-approve " + sender + " as " + who + ": " + line.rest(0));
        return line;
    }

    /** As {@code who}: adds a sender to the config's Telegram allowlist, which the gateway hot-reloads; noted. */
    static ScriptOutput.Line allowlistWrite(AttackContext run, long sender, String who, Consumer<String> note) {
        ScriptOutput.Line line = firstLine(run, "ALLOWLIST-WRITE", "allowlist-write", Long.toString(sender), who);
        note.accept("allowlist-write " + sender + " as " + who + ": " + line.rest(0));
        return line;
    }

    /** Puts back the config {@link #allowlistWrite} kept; noted. */
    static ScriptOutput.Line allowlistRestore(AttackContext run, Consumer<String> note) {
        ScriptOutput.Line line = firstLine(run, "ALLOWLIST-RESTORE", "allowlist-restore");
        note.accept("allowlist-restore: " + line.rest(0));
        return line;
    }

    /** The gateway's HTTP control API as root with its credential (which also finds the session holding {@code marker}), then as each of {@code others} without one and with a wrong one; noted. */
    static ScriptOutput controlPlane(AttackContext run, String marker, List<String> others, Consumer<String> note) {
        List<String> args = new ArrayList<>(List.of(marker));
        args.addAll(others);
        ScriptOutput out = run(run, "control-plane", args.toArray(String[]::new));
        out.lines().stream().filter(l -> l.kind().startsWith("CP")).forEach(l -> note.accept("control-plane: " + l.text()));
        return out;
    }

    /** The first line of {@code kind} the action printed, or {@code KIND -1 no answer} when it printed none. */
    private static ScriptOutput.Line firstLine(AttackContext run, String kind, String action, String... args) {
        return run(run, action, args).all(kind).stream().findFirst()
                .orElse(new ScriptOutput.Line(kind, List.of("-1"), kind + " -1 no answer"));
    }
}
