package dev.gjallarhorn.junit;

import dev.gjallarhorn.HarnessError;
import dev.gjallarhorn.report.AllureCategories;
import dev.gjallarhorn.report.AllureRunResults;
import dev.gjallarhorn.report.Redactor;
import dev.gjallarhorn.report.RunReport;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.run.ReportsFolder;
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
            AllureRunResults.carryHistory(run.settings().reports(), dir);
            AllureRunResults.writeExecutor(dir, run.id(), run.settings().target());
        }
        run.close(); // writes the reports, scans all of them for leaked secrets, releases the target
    }

    /**
     * A session stopped before any attack: the previous run's reports go aside, and run.json holds only the
     * error the gate reports (and the invocation, so the gate knows it is this invocation's).
     */
    static void writeFatal(Path reports, java.util.Properties settings, HarnessError fatal, String allureResults) {
        ReportsFolder.moveAside(reports, false);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("invocation", settings.getProperty("gjallarhorn.invocation"));
        info.put("state", "finished");
        info.put("target", settings.getProperty("gjallarhorn.target", "twin"));
        info.put("attacked", false);
        info.put("harnessError", Map.of("exit", fatal.exitCode().name(), "code", fatal.exitCode().code(), "message", fatal.getMessage()));
        RunReport.write(reports, info, new Redactor());
        if (allureResults != null) {
            AllureCategories.write(Path.of(allureResults));
        }
    }
}
