package dev.gjallarhorn.cli;

import dev.gjallarhorn.verdict.VerdictKind;

import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.report.ExitPolicy;
import dev.gjallarhorn.report.RunReport;
import dev.gjallarhorn.report.VerdictsReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Asserts the verdicts of a finished run, for CI that knows what a target should show (e.g. the
 * as-provisioned twin contradicts C-FIREWALL): exit 0 when every expectation is met and the run hit no
 * harness error, 1 otherwise.
 */
@Command(name = "expect", description = "Check a finished run's verdicts: ID=VERDICT ..., e.g. C-FIREWALL=" + VerdictKind.Words.CONTRADICTED + ".")
final class ExpectCommand implements Callable<Integer> {

    @Option(names = "--reports", defaultValue = "reports", description = "the run's reports directory (default: ${DEFAULT-VALUE})")
    Path reports;

    @Parameters(arity = "1..*", paramLabel = "ID=VERDICT", description = "a verdict (" + VerdictKind.Words.HOLDS + ") or a verdict with reason (" + VerdictKind.Words.INCONCLUSIVE + "(timeout))")
    List<String> expectations;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        // the reports must be one finished run's, whole and clean, as the exit gate judges them; only the verdicts' own
        // outcome (contradicted, regressions) is left to the expectations
        ExitPolicy.Outcome gate = ExitPolicy.apply(reports, ExitPolicy.Policy.of(false), new PrintWriter(java.io.Writer.nullWriter()));
        if (gate.exit() != ExitCode.OK && gate.exit() != ExitCode.CLAIMS_FAILED && gate.exit() != ExitCode.REGRESSION) {
            err.println("gjallarhorn: the run cannot be checked: " + gate.line() + " [exit " + gate.exit().code() + " " + gate.exit() + "]");
            return ExitCode.CLAIMS_FAILED.code();
        }
        Path file = reports.resolve(VerdictsReport.FILE);
        if (!Files.isRegularFile(file)) {
            err.println("gjallarhorn: no " + file);
            return ExitCode.CLAIMS_FAILED.code();
        }
        Map<String, VerdictsReport.Line> lines = VerdictsReport.read(file).stream()
                .collect(Collectors.toMap(VerdictsReport.Line::id, Function.identity()));
        int missed = 0;
        for (String expectation : expectations) {
            String[] kv = expectation.split("=", 2);
            if (kv.length != 2) {
                throw new CommandLine.ParameterException(command.commandLine(), "expected ID=VERDICT, got '" + expectation + "'");
            }
            VerdictsReport.Line line = lines.get(kv[0]);
            String actual = line == null ? "(no such claim)" : kv[1].contains("(") ? line.label() : line.verdict();
            boolean met = kv[1].equals(actual);
            out.println((met ? "ok      " : "MISSED  ") + kv[0] + " expected " + kv[1] + ", got " + actual);
            missed += met ? 0 : 1;
        }
        if (missed > 0) {
            err.println("gjallarhorn: " + missed + " expected verdict(s) not met");
            return ExitCode.CLAIMS_FAILED.code();
        }
        return 0;
    }
}
