package dev.gjallarhorn.junit;

import dev.gjallarhorn.HarnessError;
import dev.gjallarhorn.report.ExitPolicy;
import dev.gjallarhorn.run.ReportsFolder;
import dev.gjallarhorn.run.RunSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The first step of {@code mvn verify -Pattack} (exec:java, before the attack suite's JVM starts): moves the
 * previous run's reports aside into {@code reports/previous/} (Allure results and report included), then checks
 * the {@link AttackPreconditions}. A problem ends the build here, in seconds and before any container, connection
 * or install, with one line naming the setting or the line of the threat model and the exit code; run.json
 * records it too, so {@code java -jar target/gjallarhorn.jar gate} exits with that code.
 */
public final class Preflight {

    private Preflight() {
    }

    public static void main(String[] args) {
        Instant started = Instant.now();
        Path reports = args.length > 0 ? Path.of(args[0]) : RunSettings.reportsOf(System.getProperties());
        List<String> moved = ReportsFolder.moveAside(reports, true);
        try {
            AttackPreconditions checked = AttackPreconditions.check(System.getProperties());
            System.out.println("[gjallarhorn] preflight: settings and threat model usable (" + checked.model().claims().size() + " claims, "
                    + checked.attacks().size() + " attacked)" + (moved.isEmpty() ? "" : "; the previous run's reports are in " + reports.resolve(ReportsFolder.PREVIOUS))
                    + " (" + Duration.between(started, Instant.now()).toMillis() + " ms)");
        } catch (HarnessError e) {
            SessionReports.writeFatal(reports, System.getProperties(), e, null);
            throw new Stopped(new ExitPolicy.Outcome(e.exitCode(), e.getMessage()).closing());
        }
    }

    /** Stops the build; the message is the one line Maven shows. */
    public static final class Stopped extends RuntimeException {
        Stopped(String message) {
            super(message, null, false, false);
        }
    }
}
