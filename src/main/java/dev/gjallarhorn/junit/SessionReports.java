package dev.gjallarhorn.junit;

import dev.gjallarhorn.HarnessError;
import dev.gjallarhorn.report.AllureCategories;
import dev.gjallarhorn.report.AllureRunResults;
import dev.gjallarhorn.report.Redactor;
import dev.gjallarhorn.report.RunReport;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.run.Baseline;
import dev.gjallarhorn.run.RunSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The end of an attack session: the Allure extras, then the run's own reports and leak scan. */
final class SessionReports {

    private SessionReports() {
    }

    static void write(AttackRun run, String allureResults) {
        if (allureResults != null) {
            Path dir = Path.of(allureResults);
            AllureCategories.write(dir);
            AllureRunResults.writeNotExercised(dir, run.verdicts());
            AllureRunResults.carryHistory(run.settings().reports().resolve("allure-report"), dir);
            AllureRunResults.writeExecutor(dir, run.id(), run.settings().target());
        }
        run.close(); // writes the reports, scans all of them for leaked secrets, releases the target
    }

    /** A session stopped before any attack: only run.json, with the error the gate reports. */
    static void writeFatal(RunSettings settings, HarnessError fatal, String allureResults) {
        Baseline.prepare(settings); // the previous run's verdicts become the baseline rather than standing here as this run's
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("target", settings.target());
        info.put("threatModel", settings.threatModel().toString());
        info.put("attacked", false);
        info.put("harnessError", Map.of("exit", fatal.exitCode().name(), "code", fatal.exitCode().code(), "message", fatal.getMessage()));
        RunReport.write(settings.reports(), info, new Redactor());
        if (allureResults != null) {
            AllureCategories.write(Path.of(allureResults));
        }
    }
}
