package dev.gjallarhorn.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * A {@link Target} that replays recorded command results instead of reaching a machine, so that a scenario's judging
 * of its script's output (every could-not-run path included) is a fast unit test.
 *
 * <p>Each answer is matched against the command by a predicate: the first answer whose predicate accepts the command
 * is replayed (answers can be used again). A command no answer matches is a test error, so a scenario cannot run
 * something the test did not expect and quietly read an empty result. Every command run is kept in {@link #ran()}.
 *
 * <pre>{@code
 * RecordedTarget target = new RecordedTarget("lima")
 *     .whenScript("vault-probe.sh").prints("NOVAULT\n")
 *     .whenArgv("journalctl").fails(1, "journalctl: not found");
 * }</pre>
 */
public final class RecordedTarget implements Target {

    private record Answer(Predicate<Cmd> matches, String stdout, String stderr, OptionalInt exit, boolean timedOut, boolean unreachable) {
    }

    private final String user;
    private final List<Answer> answers = new ArrayList<>();
    private final List<Cmd> ran = new ArrayList<>();

    public RecordedTarget(String user) {
        this.user = user;
    }

    /** Starts an answer for commands that feed the resource script of this name (e.g. {@code vault-probe.sh}) on stdin. */
    public When whenScript(String name) {
        return when(cmd -> cmd.scriptName().filter(name::equals).isPresent());
    }

    /** Starts an answer for commands whose argument vector (sudo prefixes aside) contains this word. */
    public When whenArgv(String word) {
        return when(cmd -> cmd.argv().contains(word));
    }

    public When when(Predicate<Cmd> matches) {
        return new When(matches);
    }

    /** The commands run so far, in order. */
    public synchronized List<Cmd> ran() {
        return List.copyOf(ran);
    }

    @Override
    public synchronized CommandResult run(Cmd cmd, Duration timeout) {
        ran.add(cmd);
        for (Answer answer : answers) {
            if (answer.matches().test(cmd)) {
                if (answer.unreachable()) {
                    throw new TargetUnreachable("recorded: the connection dropped", null);
                }
                return new CommandResult(cmd, answer.exit(), answer.stdout(), answer.stderr(),
                        answer.timedOut() ? timeout : Duration.ofMillis(1), answer.timedOut());
            }
        }
        throw new AssertionError("the recorded target has no answer for: " + cmd);
    }

    @Override
    public String describe() {
        return "recorded://" + user;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public void close() {
    }

    /** The outcome of one recorded answer. */
    public final class When {
        private final Predicate<Cmd> matches;

        private When(Predicate<Cmd> matches) {
            this.matches = matches;
        }

        /** Exit 0 with this standard output. */
        public RecordedTarget prints(String stdout) {
            return answer(stdout, "", OptionalInt.of(0), false, false);
        }

        /** This exit status, standard output and error. */
        public RecordedTarget exits(int status, String stdout, String stderr) {
            return answer(stdout, stderr, OptionalInt.of(status), false, false);
        }

        /** A non-zero exit with nothing on standard output. */
        public RecordedTarget fails(int status, String stderr) {
            return answer("", stderr, OptionalInt.of(status), false, false);
        }

        /** The command ran into its timeout, having printed this much. */
        public RecordedTarget timesOut(String partialStdout) {
            return answer(partialStdout, "", OptionalInt.empty(), true, false);
        }

        /** The channel closed without an exit status. */
        public RecordedTarget noExitStatus(String stdout) {
            return answer(stdout, "", OptionalInt.empty(), false, false);
        }

        /** The connection dropped: {@link TargetUnreachable}. */
        public RecordedTarget unreachable() {
            return answer("", "", OptionalInt.empty(), false, true);
        }

        private RecordedTarget answer(String stdout, String stderr, OptionalInt exit, boolean timedOut, boolean unreachable) {
            synchronized (RecordedTarget.this) {
                answers.add(new Answer(matches, stdout, stderr, exit, timedOut, unreachable));
            }
            return RecordedTarget.this;
        }
    }
}
