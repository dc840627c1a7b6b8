package dev.gjallarhorn.cli;

import dev.gjallarhorn.run.RunSettings;
import dev.gjallarhorn.run.TargetIdentity;
import dev.gjallarhorn.run.TargetSession;
import dev.gjallarhorn.run.TargetSpec;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Reaches a target the way an attack run would and says what it is, without attacking it. */
@Command(name = "target", description = "Check that a target can be reached and identifies as a Bilrost sandbox.",
        subcommands = {TargetCommand.Check.class})
final class TargetCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", description = "Connect (one SSH connection, pinned host key), identify, disconnect.")
    static final class Check implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "TARGET", description = "twin[:PROFILE], ssh://user@host:port or lima:NAME")
        String target;

        @Option(names = "--identity", description = "private key file (ssh: targets)")
        String identity;

        @Option(names = "--host-key", description = "pinned host key fingerprint, SHA256:...")
        String hostKey;

        @Option(names = "--known-hosts", description = "known_hosts file to pin the host key against")
        String knownHosts;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() {
            Properties properties = new Properties();
            properties.putAll(System.getProperties());
            properties.setProperty("gjallarhorn.target", target);
            if (identity != null) {
                properties.setProperty("gjallarhorn.ssh.identity", identity);
            }
            if (hostKey != null) {
                properties.setProperty("gjallarhorn.ssh.hostKeyFingerprint", hostKey);
            }
            if (knownHosts != null) {
                properties.setProperty("gjallarhorn.ssh.knownHosts", knownHosts);
            }
            RunSettings settings = RunSettings.from(properties);
            TargetSpec spec = settings.targetSpec();
            if (spec instanceof TargetSpec.Twin) {
                Main.requireTestcontainersEnvironment();
            }
            try (TargetSession session = TargetSession.open(settings)) {
                TargetIdentity identity = TargetIdentity.of(session.target(), settings.commandTimeout());
                PrintWriter out = command.commandLine().getOut();
                out.println("reached:  " + session.target().describe() + " (" + session.kind() + ")");
                identity.facts().forEach((k, v) -> out.println(String.format("%-9s %s", k + ":", v)));
                out.println("bilrost:  " + (identity.looksLikeBilrost() ? String.join(", ", identity.marks()) : "no marks of a Bilrost sandbox"));
                identity.requireBilrost(session.target().describe(), settings.allowUnidentified());
            }
            return 0;
        }
    }
}
