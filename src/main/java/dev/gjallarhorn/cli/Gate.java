package dev.gjallarhorn.cli;

import dev.gjallarhorn.report.ExitPolicy;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The last step of {@code mvn verify -Pattack} (run by exec:java inside Maven): prints the verdicts and,
 * when the run fails by the exit policy, throws one exception whose message is the one line Maven shows.
 * {@code java -jar gjallarhorn.jar gate} does the same with a distinct exit code instead.
 */
public final class Gate {

    private Gate() {
    }

    public static void main(String[] args) {
        Path reports = Path.of(args.length > 0 ? args[0] : "reports");
        ExitPolicy.Outcome outcome = ExitPolicy.apply(reports, Boolean.getBoolean("gjallarhorn.strict"),
                ExitPolicy.FailOn.of(System.getProperty("gjallarhorn.failOn")), new PrintWriter(System.out, true));
        if (outcome.exit().code() != 0) {
            throw new GateFailed("gjallarhorn: " + outcome.line() + " [exit " + outcome.exit().code() + " " + outcome.exit() + "]");
        }
    }

    /** The run failed by the exit policy; the message says why in one line. */
    public static final class GateFailed extends RuntimeException {
        GateFailed(String message) {
            super(message, null, false, false);
        }
    }
}
