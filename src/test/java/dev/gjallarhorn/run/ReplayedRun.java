package dev.gjallarhorn.run;

import dev.gjallarhorn.claims.ThreatModelParser;
import dev.gjallarhorn.remote.RecordedTarget;
import java.nio.file.Path;
import java.util.Properties;

/**
 * An {@link AttackRun} around a {@link RecordedTarget}: a scenario's {@code evaluate(run)} runs against recorded
 * command results, with reports (evidence) written under {@code reports}. Close it like any run.
 */
public final class ReplayedRun {

    private ReplayedRun() {
    }

    /** A run of the default threat model against {@code target}, as an {@code ssh} target with invasive steps allowed. */
    public static AttackRun of(RecordedTarget target, Path reports) {
        return of(target, reports, "ssh", new Properties());
    }

    /**
     * @param kind     the session's kind as a real one would name it ({@code ssh}, {@code twin:as-claimed}, {@code lima:NAME})
     * @param settings further {@code gjallarhorn.*} settings; {@code gjallarhorn.reports} is set to {@code reports}
     */
    public static AttackRun of(RecordedTarget target, Path reports, String kind, Properties settings) {
        Properties p = new Properties();
        p.putAll(settings);
        p.setProperty("gjallarhorn.reports", reports.toString());
        p.setProperty("gjallarhorn.state", reports.resolve("state").toString());
        RunSettings parsed = RunSettings.from(p);
        return AttackRun.replaying(parsed, ThreatModelParser.parse(parsed.threatModel()),
                TargetSession.replaying(target, kind, true));
    }
}
