package dev.gjallarhorn.cli;

import dev.gjallarhorn.verdict.VerdictKind;

import dev.gjallarhorn.report.ExitPolicy;
import dev.gjallarhorn.report.FailOn;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints the verdicts of the last attack run and exits by the exit policy (the README's table of exit codes). */
@Command(name = "gate", description = "Print the per-claim verdicts of an attack run and exit by the exit policy.")
final class ExitGateCommand implements Callable<Integer> {

    @Option(names = "--reports", defaultValue = "reports", description = "the run's reports directory (default: ${DEFAULT-VALUE})")
    Path reports;

    @Option(names = "--strict", description = "also fail on " + VerdictKind.Words.STALE + " and " + VerdictKind.Words.INCONCLUSIVE + " claims")
    boolean strict;

    @Option(names = "--fail-on", defaultValue = "contradicted",
            description = "contradicted (any contradicted claim fails) or regressions (only claims contradicted since their last decided verdict)")
    FailOn failOn;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        ExitPolicy.Outcome outcome = ExitPolicy.apply(reports, new ExitPolicy.Policy(strict || dev.gjallarhorn.run.RunSettings.flagOf(System.getProperties(), dev.gjallarhorn.run.Setting.STRICT),
                failOn, Optional.empty()), command.commandLine().getOut());
        command.commandLine().getOut().println(outcome.closing());
        if (outcome.exit().code() != 0) {
            command.commandLine().getErr().println("gjallarhorn: " + outcome.line());
        }
        return outcome.exit().code();
    }
}
