package dev.gjallarhorn.cli;

import dev.gjallarhorn.report.ExitPolicy;
import dev.gjallarhorn.report.FailOn;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The last step of {@code mvn verify -Pattack} (run by exec:java inside Maven): prints the verdicts and,
 * when the run fails by the exit policy, throws one exception whose message is the one line Maven shows,
 * ending in the exit code ({@code [exit 1 CLAIMS_FAILED]}). It judges only reports that this Maven
 * invocation wrote ({@code -Dgjallarhorn.invocation}, set by the build). {@code java -jar gjallarhorn.jar gate}
 * does the same with a distinct exit code instead.
 */
public final class ExitGate {

    private ExitGate() {
    }

    public static void main(String[] args) {
        Path reports = Path.of(args.length > 0 ? args[0] : "reports");
        String invocation = System.getProperty("gjallarhorn.invocation");
        ExitPolicy.Policy policy = new ExitPolicy.Policy(dev.gjallarhorn.run.RunSettings.flagOf(System.getProperties(), dev.gjallarhorn.run.Setting.STRICT),
                FailOn.of(System.getProperty("gjallarhorn.failOn")), Optional.ofNullable(invocation).filter(s -> !s.isBlank()));
        PrintWriter out = new PrintWriter(System.out, true);
        ExitPolicy.Outcome outcome = ExitPolicy.apply(reports, policy, out);
        out.println(outcome.closing());
        if (outcome.exit().code() != 0) {
            throw new ExitGateFailed(outcome.closing());
        }
    }

    /** The run failed by the exit policy; the message says why in one line. */
    public static final class ExitGateFailed extends RuntimeException {
        ExitGateFailed(String message) {
            super(message, null, false, false);
        }
    }
}
