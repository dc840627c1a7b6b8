package dev.gjallarhorn.cli;

import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.HarnessError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gjallarhorn}: the twin by hand, a target check, and the gate that ends an attack run. */
@Command(name = "gjallarhorn", mixinStandardHelpOptions = true, version = "gjallarhorn 0.1.0",
        description = "Attacks a Bilrost sandbox and reports which claims of its threat model hold.",
        subcommands = {TwinCommand.class, TargetCommand.class, GateCommand.class, ExpectCommand.class})
public final class Main implements Runnable {

    static final Map<String, String> TESTCONTAINERS_ENV = Map.of(
            "TESTCONTAINERS_RYUK_DISABLED", "true",
            "TESTCONTAINERS_HOST_OVERRIDE", "localhost",
            "TESTCONTAINERS_CHECKS_DISABLE", "true");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (!hasTestcontainersEnvironment()) {
            System.exit(relaunchWithTestcontainersEnvironment(args));
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main())
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((e, line, parsed) -> {
                    if (e instanceof HarnessError harness) {
                        line.getErr().println("gjallarhorn: " + harness.getMessage());
                        return harness.exitCode().code();
                    }
                    line.getErr().println("gjallarhorn: internal error: " + e);
                    e.printStackTrace(line.getErr());
                    return ExitCode.INTERNAL.code();
                });
        cli.setExitCodeExceptionMapper(e -> ExitCode.USAGE.code());
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
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(TESTCONTAINERS_ENV);
        try {
            return builder.start().waitFor();
        } catch (IOException e) {
            System.err.println("gjallarhorn: cannot start " + java + ": " + e.getMessage());
            return ExitCode.INTERNAL.code();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.INTERNAL.code();
        }
    }
}
