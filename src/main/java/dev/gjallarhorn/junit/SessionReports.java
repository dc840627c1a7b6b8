package dev.gjallarhorn.junit;

import dev.gjallarhorn.HarnessError;
import dev.gjallarhorn.report.AllureCategories;
import dev.gjallarhorn.report.AllureClaimResults;
import dev.gjallarhorn.report.AllureEnvironment;
import dev.gjallarhorn.report.VendorAuditComparison;
import dev.gjallarhorn.claims.ClaimScopes;
import dev.gjallarhorn.run.VendorAuditBeside;
import java.util.Optional;
import dev.gjallarhorn.evidence.Redactor;
import dev.gjallarhorn.report.RunReport;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.run.ReportsFolder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The end of an attack session: the Allure results made to count claims (one result per claim, with the
 * register's labels), its categories, environment, executor and history, then the run's own reports and leak scan.
 */
final class SessionReports {

    private SessionReports() {
    }

    static void write(AttackRun run, String allureResults) {
        try {
            // the agent channel closes (and runs the gateway's own audit) before the results are folded, so they can show it
            run.closeRunResources();
            if (allureResults != null) {
                Path dir = Path.of(allureResults);
                AllureCategories.write(dir);
                Optional<VendorAuditComparison> audit = VendorAuditBeside.of(run);
                AllureClaimResults.Folded folded = AllureClaimResults.fold(dir, run.verdicts(), run.settings().threatModel(), run.redactor(),
                        ClaimScopes.bundled(), audit);
                Map<String, Object> info = new LinkedHashMap<>(run.runInfo());
                // a reason it did not run may carry the target's words: redacted like every report
                audit.ifPresent(c -> info.put("vendorAudit", c.summary().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                        Map.Entry::getKey, e -> e.getValue() instanceof String text ? run.redactor().scrub(text) : e.getValue(),
                        (a, b) -> a, LinkedHashMap::new))));
                AllureEnvironment.write(dir, run.settings().reports(), info, folded.orphansRemoved());
            }
        } catch (RuntimeException e) {
            // the run's own reports are still written, and the failure is a harness error in them (never green)
            run.recordHarnessError("writing the Allure results", e);
        } finally {
            run.close(); // writes the reports, scans all of them for leaked secrets, releases the target
        }
    }

    /**
     * A session stopped before any attack: the previous run's reports go aside, and run.json holds only the
     * error the exit gate reports (and the invocation, so the exit gate knows it is this invocation's).
     */
    static void writeFatal(Path reports, java.util.Properties settings, HarnessError fatal, String allureResults) {
        ReportsFolder.moveAside(reports, false);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("invocation", settings.getProperty("gjallarhorn.invocation"));
        info.put("state", "finished");
        info.put("target", settings.getProperty(dev.gjallarhorn.run.Setting.TARGET.key(), dev.gjallarhorn.run.Setting.TARGET.fallback().orElseThrow()));
        info.put("attacked", false);
        info.put("harnessError", Map.of("exit", fatal.exitCode().name(), "code", fatal.exitCode().code(), "message", fatal.getMessage()));
        RunReport.write(reports, info, new Redactor());
        if (allureResults != null) {
            AllureCategories.write(Path.of(allureResults));
            AllureEnvironment.write(Path.of(allureResults), reports, info, java.util.List.of());
        }
    }
}
