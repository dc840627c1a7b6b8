package dev.gjallarhorn.run;

import dev.gjallarhorn.evidence.Redactor;
import dev.gjallarhorn.report.RunReport;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** The first thing a run does, before it reaches any target: it takes an id and says in the reports folder that it runs. */
final class RunStart {

    private RunStart() {
    }

    /**
     * Gives the run its id ({@code gjh-yyyyMMdd-HHmmss-xxxx}, UTC, four random hex digits); the previous run's reports go
     * to {@code reports/previous/}, and {@code run.json} names this run (id, invocation, state {@code running}), so
     * nothing older can pass for this run's reports.
     */
    static String begin(RunSettings settings) {
        String id = newId();
        ReportsFolder.moveAside(settings.reports(), false);
        Map<String, Object> started = new LinkedHashMap<>();
        started.put("id", id);
        started.put("invocation", settings.invocation().orElse(null));
        started.put("state", "running");
        started.put("target", settings.target());
        started.put("startedAt", Instant.now().toString());
        RunReport.write(settings.reports(), started, new Redactor());
        return id;
    }

    private static String newId() {
        return "gjh-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())
                + "-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(2));
    }
}
