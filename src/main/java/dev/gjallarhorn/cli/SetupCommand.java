package dev.gjallarhorn.cli;

import dev.gjallarhorn.host.HostPackages;
import dev.gjallarhorn.run.SettingsCheck;
import dev.gjallarhorn.twin.DockerEngine;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Installs what this host needs for the twin and the build in one step (Debian packages, waiting a bounded time for
 * a held dpkg lock) and starts the Docker engine; what a CI script or a newcomer runs once before the first attack.
 */
@Command(name = "setup", description = "Install the host packages the twin and the build need (docker.io, debootstrap, squashfs-tools, npm, shellcheck) and start Docker.")
final class SetupCommand implements Callable<Integer> {

    @Option(names = "--lock-timeout", defaultValue = "5m", description = "how long to wait for a held dpkg lock (default: ${DEFAULT-VALUE})")
    String lockTimeout;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        Duration timeout = SettingsCheck.duration(lockTimeout).orElseThrow(() -> new CommandLine.ParameterException(command.commandLine(),
                "--lock-timeout: '" + lockTimeout + "' is not a positive duration (30s, 5m)"));
        PrintWriter out = command.commandLine().getOut();
        List<String> installed = HostPackages.ensure(HostPackages.SETUP, timeout);
        out.println(installed.isEmpty() ? "host packages: all present (" + String.join(", ", HostPackages.SETUP.keySet()) + ")"
                : "host packages: installed " + String.join(", ", installed));
        DockerEngine.ensureAvailable();
        out.println("docker engine: answers");
        return 0;
    }
}
