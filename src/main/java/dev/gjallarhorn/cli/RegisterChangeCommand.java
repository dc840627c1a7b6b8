package dev.gjallarhorn.cli;

import dev.gjallarhorn.verdict.VerdictKind;
import dev.gjallarhorn.claims.ThreatModel;
import dev.gjallarhorn.claims.ThreatModelChange;
import dev.gjallarhorn.claims.ThreatModelParser;
import dev.gjallarhorn.junit.AttackIndex;
import dev.gjallarhorn.report.RegisterChangeSummary;
import dev.gjallarhorn.report.ReportFiles;
import dev.gjallarhorn.report.VerdictsReport;
import dev.gjallarhorn.run.RunSettings;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Register-change runs: compares a threat model with its base version (e.g. the pull request's base commit) and
 * names the claims the change touches. {@code --ids} prints the touched claims that have attacks, comma-separated,
 * for {@code -Dgjallarhorn.claims} (an empty line when none); {@code --reports DIR} (after that narrowed run)
 * prints the Markdown summary of the predicted verdict change ({@link RegisterChangeSummary}).
 */
@Command(name = "register-change", description = "Name the claims a change of the threat model touches (--ids: for -Dgjallarhorn.claims), or summarise a run of their attacks (--reports).")
final class RegisterChangeCommand implements Callable<Integer> {

    @Option(names = "--base", required = true, paramLabel = "FILE", description = "the threat model before the change (e.g. git show BASE:FILE > base.md)")
    Path base;

    @Option(names = "--threat-model", paramLabel = "FILE", description = "the changed threat model (default: -Dgjallarhorn.threatModel, else scenarios/bilrost-threat-model.md)")
    Path threatModel;

    @Option(names = "--ids", description = "print only the touched claims that have attacks, comma-separated")
    boolean ids;

    @Option(names = "--reports", paramLabel = "DIR", description = "summarise the verdicts.json of a run of those attacks, as Markdown")
    Path reports;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        ThreatModel head = ThreatModelParser.parse(threatModel != null ? threatModel : RunSettings.fromSystemProperties().threatModel());
        List<ThreatModelChange> changes = ThreatModelChange.between(ThreatModelParser.parse(base), head);
        Set<String> attacked = AttackIndex.load().byClaim().keySet();
        List<String> runnable = changes.stream().filter(c -> c.after().isPresent() && attacked.contains(c.id())).map(ThreatModelChange::id).toList();
        if (ids) {
            out.println(String.join(",", runnable));
            return 0;
        }
        if (reports != null) {
            JsonNode root = ReportFiles.readJson(reports.resolve(VerdictsReport.FILE), "a gjallarhorn verdicts.json");
            Map<String, String> verdicts = new LinkedHashMap<>();
            for (VerdictsReport.Line line : VerdictsReport.read(root)) {
                if (!VerdictKind.NOT_EXERCISED.names(line.verdict()) || !runnable.contains(line.id())) {
                    verdicts.put(line.id(), line.label());
                } else {
                    verdicts.put(line.id(), VerdictKind.NOT_EXERCISED.label() + " (its attack did not run)");
                }
            }
            out.print(RegisterChangeSummary.render(head.source().getFileName().toString(), changes, verdicts, attacked,
                    root.path("run").path("id").asText("unknown")));
            out.flush();
            return 0;
        }
        out.println(changes.size() + " claim(s) of " + head.source() + " changed since " + base);
        for (ThreatModelChange change : changes) {
            out.println("  " + change.id() + "  " + change.kind() + "  " + change.before().map(c -> c.status().word()).orElse("-") + " -> "
                    + change.after().map(c -> c.status().word()).orElse("-") + (attacked.contains(change.id()) ? "" : "  (no attack)"));
        }
        out.println("attack them: mvn verify -Pattack -Dgjallarhorn.claims=" + runnable.stream().collect(Collectors.joining(",")));
        return 0;
    }
}
