package dev.gjallarhorn.run;

import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.HarnessError;
import dev.gjallarhorn.claims.ThreatModel;
import dev.gjallarhorn.evidence.LeakScanner;
import dev.gjallarhorn.evidence.Redactor;
import dev.gjallarhorn.report.RegisterPatch;
import dev.gjallarhorn.report.RunReport;
import dev.gjallarhorn.report.SarifReport;
import dev.gjallarhorn.report.ScopeReport;
import dev.gjallarhorn.report.VerdictDiff;
import dev.gjallarhorn.report.VendorAuditComparison;
import dev.gjallarhorn.report.VendorAuditSection;
import dev.gjallarhorn.report.VerdictsMarkdown;
import dev.gjallarhorn.report.VerdictsReport;
import dev.gjallarhorn.verdict.VerdictBook;
import dev.gjallarhorn.verdict.VerdictKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The reports a run writes as it closes: scopes, verdicts (JSON, Markdown, SARIF), the register patch, the diff with
 * the run history; then the residue the run left and a scan of every report (and the build's test output) for the
 * secrets the run learned. What the scan finds goes into run.json, where the exit gate fails the run on it; only a run
 * that proves something (no harness error, no leak, no residue) is added to the history.
 *
 * @param run     the run being closed, for its id, settings, threat model, evidence, redactor and run.json facts
 * @param session the run's target session, empty if it had none
 * @param started when the run started, as history.json records it
 */
record ClosingReports(AttackRun run, VerdictBook book, Optional<TargetSession> session, LearnedSecrets secrets,
                      TargetBefore before, HarnessErrors errors, Instant started) {

    /**
     * Records a harness error if the leak scan would be blind: the run attacked (a session, and some claim exercised)
     * with no secret to look for, where {@code needsSecrets} (a real run, or a replayed one held to its rule).
     */
    void checkLeakScan(boolean needsSecrets) {
        boolean attacked = needsSecrets && session.isPresent()
                && book.entries().stream().anyMatch(e -> e.verdict().kind() != VerdictKind.NOT_EXERCISED);
        LeakScanner.blind(attacked, run.redactor())
                .ifPresent(why -> errors.record("the leak gate", new HarnessError(ExitCode.HARNESS_ERROR, why)));
    }

    /**
     * The gateway's own audit beside the verdicts (where the agent channel ran it): the section for verdicts.md, also
     * kept as {@code evidence/vendor-audit/comparison.md}, and its counts in run.json.
     */
    private String vendorAudit(Map<String, Object> info) {
        Optional<VendorAuditComparison> beside = VendorAuditBeside.of(run);
        if (beside.isEmpty()) {
            return VendorAuditSection.notInThisRun();
        }
        VendorAuditComparison comparison = beside.get();
        info.put("vendorAudit", comparison.summary());
        String section = VendorAuditSection.of(comparison);
        run.evidence().write("vendor-audit", "comparison.md", section);
        return section;
    }

    void write() {
        RunSettings settings = run.settings();
        Path reports = settings.reports();
        List<VerdictBook.Entry> entries = book.entries();
        Map<String, Object> info = run.runInfo();
        ThreatModel model = run.threatModel();
        Redactor redactor = run.redactor();
        ScopeReport.write(run.evidence(), entries, book.scopes());
        VerdictsReport.write(reports, info, entries, redactor);
        VerdictsMarkdown.write(reports, info, entries, redactor, vendorAudit(info));
        RegisterPatch.write(reports, model, entries, run.id(), redactor);
        RunHistory.Update history = compareWithHistory(entries);
        VerdictDiff.Result diff = history.result();
        VerdictDiff.write(reports, diff, run.id());
        SarifReport.write(reports, model.source(), entries, info, redactor, diff);
        info.put("baseline", Map.of("file", settings.baseline().map(Path::toString).orElse(reports.resolve(RunHistory.FILE).toString()),
                "summary", VerdictDiff.summary(diff)));
        List<String> residue = List.of();
        if (session.isPresent()) {
            info.put("recovered", before.recovered());
            residue = before.residueNow(run.target(), run.token(), settings.commandTimeout());
            info.put("residue", residue);
        }
        List<LeakScanner.Leak> leaks = scanForLeaks(info);
        boolean provesSomething = errors.isEmpty() && leaks.isEmpty() && residue.isEmpty();
        if (provesSomething) {
            history.write(); // a run that proves nothing never becomes a claim's last decided verdict
        }
        info.put("history", provesSomething ? "this run was added to " + RunHistory.FILE
                : "not added to " + RunHistory.FILE + ": the run hit an error, leaked or left something, so it proves nothing");
        info.put("state", "finished");
        RunReport.write(reports, info, redactor);
    }

    private RunHistory.Update compareWithHistory(List<VerdictBook.Entry> entries) {
        RunSettings settings = run.settings();
        Map<String, String> labels = new LinkedHashMap<>();
        entries.forEach(e -> labels.put(e.claim().id(), e.verdict().label()));
        return RunHistory.compare(settings.reports(), settings.state(), settings.target(), run.id(), started, labels, settings.baseline(),
                settings.exitRules().inconclusiveBudget(), session.map(TargetSession::hostKey).orElse(""), secrets.values(), secrets.history());
    }

    /** Scans the reports and the build's test output for the learned secrets; puts the {@code hygiene} counts into {@code info}. */
    private List<LeakScanner.Leak> scanForLeaks(Map<String, Object> info) {
        RunSettings settings = run.settings();
        Path reports = settings.reports();
        Redactor redactor = run.redactor();
        List<Path> roots = List.of(reports, settings.home().resolve("target/failsafe-reports"), settings.home().resolve("target/surefire-reports"));
        List<LeakScanner.Leak> leaks = LeakScanner.scan(roots, Set.of(reports.resolve("allure-report"), reports.resolve(ReportsFolder.PREVIOUS)), redactor);
        info.put("hygiene", Map.of("secretsLearned", redactor.forms().stream().map(Redactor.Form::secretName).distinct().count(),
                "valuesRedacted", redactor.redactedForms().stream().filter(f -> f.encoding().equals("raw")).count(),
                "leaks", leaks.stream().map(LeakScanner.Leak::toString).toList()));
        return leaks;
    }
}
