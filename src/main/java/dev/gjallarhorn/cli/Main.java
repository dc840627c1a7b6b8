package dev.gjallarhorn.cli;

import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.HarnessError;
import dev.gjallarhorn.report.ReportFiles;
import dev.gjallarhorn.run.SettingsCheck;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gjallarhorn}: the twin by hand, a target check, and the exit gate that ends an attack run. */
@Command(name = "gjallarhorn", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "gjallarhorn 0.1.0",
        description = "Attacks a Bilrost sandbox and reports which claims of its threat model hold.",
        subcommands = {TwinCommand.class, TargetCommand.class, ExitGateCommand.class, ExpectCommand.class, SettingsCommand.class,
                SetupCommand.class, ClaimsCommand.class, FaultsCommand.class, RegisterChangeCommand.class})
public final class Main implements Runnable {

    static final Map<String, String> TESTCONTAINERS_ENV = Map.of(
            "TESTCONTAINERS_RYUK_DISABLED", "true",
            "TESTCONTAINERS_HOST_OVERRIDE", "localhost",
            "TESTCONTAINERS_CHECKS_DISABLE", "true");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Commands that never reach Docker, so they need no restart with the Testcontainers environment. */
    static final java.util.Set<String> WITHOUT_DOCKER = java.util.Set.of("claims", "faults", "register-change", "settings", "gate", "expect");

    public static void main(String[] args) {
        boolean withoutDocker = args.length > 0 && WITHOUT_DOCKER.contains(args[0]);
        if (!withoutDocker && !hasTestcontainersEnvironment()) {
            System.exit(relaunchWithTestcontainersEnvironment(args));
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs one command. Every {@code gjallarhorn.*} system property is checked first (one line and exit USAGE
     * for a bad or unknown one); a command line that is not understood is one line and exit USAGE; a
     * {@link HarnessError} is one line and its own exit code; anything else is a harness error, one line.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main())
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler((e, arguments) -> {
                    e.getCommandLine().getErr().println("gjallarhorn: " + e.getMessage().lines().findFirst().orElse("")
                            + " (see: " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
                    return ExitCode.USAGE.code();
                })
                .setExecutionExceptionHandler((e, line, parsed) -> {
                    if (e instanceof HarnessError harness) {
                        line.getErr().println("gjallarhorn: " + harness.getMessage());
                        return harness.exitCode().code();
                    }
                    line.getErr().println("gjallarhorn: harness error: " + ReportFiles.oneLine(e) + " (" + e.getClass().getName() + ")");
                    return ExitCode.HARNESS_ERROR.code();
                });
        try {
            SettingsCheck.require(System.getProperties());
        } catch (HarnessError e) {
            err.println("gjallarhorn: " + e.getMessage());
            err.flush();
            return e.exitCode().code();
        }
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static boolean hasTestcontainersEnvironment() {
        return System.getenv().keySet().containsAll(TESTCONTAINERS_ENV.keySet());
    }

    /** Testcontainers reads its switches from the environment only; fail clearly where they are missing. */
    static void requireTestcontainersEnvironment() {
        if (!hasTestcontainersEnvironment()) {
            throw new HarnessError(ExitCode.USAGE, "Testcontainers needs " + TESTCONTAINERS_ENV
                    + " in the environment; run the tool as java -jar target/gjallarhorn.jar, which sets them");
        }
    }

    /**
     * Testcontainers takes three switches from the environment only (no registry here: no Ryuk, no helper
     * container to find the Docker host, no mount check). A JVM can't set its own environment, so the tool
     * runs itself once more with them set.
     */
    private static int relaunchWithTestcontainersEnvironment(String[] args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments()); // -D options and JVM flags survive the restart
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(TESTCONTAINERS_ENV);
        try {
            return builder.start().waitFor();
        } catch (IOException e) {
            System.err.println("gjallarhorn: cannot start " + java + ": " + e.getMessage());
            return ExitCode.HARNESS_ERROR.code();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.HARNESS_ERROR.code();
        }
    }
}
