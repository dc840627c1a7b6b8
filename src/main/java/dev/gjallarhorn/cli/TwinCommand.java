package dev.gjallarhorn.cli;

import dev.gjallarhorn.twin.Twin;
import dev.gjallarhorn.twin.TwinRecord;
import dev.gjallarhorn.twin.TwinSpec;
import dev.gjallarhorn.twin.TwinUnavailable;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Start, list and stop twins by hand, to poke at one or to attack it as an {@code ssh:} target. */
@Command(name = "twin", description = "Start, list and stop Bilrost twins by hand.",
        subcommands = {TwinCommand.Up.class, TwinCommand.Down.class, TwinCommand.ListTwins.class})
final class TwinCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "up", description = "Start a twin and leave it running; prints the ssh:// target to attack it.")
    static final class Up implements Callable<Integer> {
        @Parameters(index = "0", defaultValue = "as-provisioned", paramLabel = "PROFILE[+FAULT,...]",
                description = "as-provisioned (default) or as-claimed, optionally +faults from lima/twin/faults")
        String spec;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() {
            Main.requireTestcontainersEnvironment();
            Twin twin = Twin.start(TwinSpec.parse(spec), Twin.Owner.USER);
            TwinRecord r = twin.record();
            PrintWriter out = command.commandLine().getOut();
            out.println("twin:        " + r.name() + " (" + r.spec() + ")");
            out.println("container:   " + r.containerId());
            out.println("target:      " + r.sshUri());
            out.println("identity:    " + r.identityFile());
            out.println("host key:    " + r.hostKeyFingerprint());
            out.println("canaries at: " + r.gateway() + " (this host, as the twin sees it)");
            out.println();
            out.println("poke at it:  ssh -i " + r.identityFile() + " -p " + r.sshPort() + " -o StrictHostKeyChecking=yes"
                    + " -o UserKnownHostsFile=" + r.dir().resolve("known_hosts") + " " + r.user() + "@" + r.host());
            out.println("attack it:   mvn verify -Pattack -Dgjallarhorn.target=" + r.sshUri()
                    + " -Dgjallarhorn.ssh.identity=" + r.identityFile()
                    + " -Dgjallarhorn.ssh.hostKeyFingerprint=" + r.hostKeyFingerprint()
                    + " -Dgjallarhorn.canary.address=" + r.gateway()
                    // the twin is ours: steps that change a real target (restarting the overlay watcher) may run on it
                    + " -D" + dev.gjallarhorn.run.Setting.INVASIVE.key() + "=true");
            out.println("stop it:     java -jar target/gjallarhorn.jar twin down " + r.name());
            return 0;
        }
    }

    @Command(name = "down", description = "Stop and remove a twin (container, network, air-gap rule, keys, shares).")
    static final class Down implements Callable<Integer> {
        @Parameters(arity = "0..*", paramLabel = "NAME", description = "twin name or container id")
        List<String> names = List.of();

        @CommandLine.Option(names = "--all", description = "every twin this machine has a record of, except those a running attack or test run is using")
        boolean all;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() {
            Main.requireTestcontainersEnvironment();
            List<String> targets = names;
            if (all) {
                Twin.reapLeftovers();
                List<TwinRecord> records = TwinRecord.all();
                records.stream().filter(TwinRecord::inUseByLiveRun).forEach(r -> command.commandLine().getOut().println(
                        "kept " + r.name() + ": a run that is still going (pid " + r.ownerPid() + ") uses it; name it to stop it anyway"));
                targets = records.stream().filter(r -> !r.inUseByLiveRun()).map(TwinRecord::name).toList();
            }
            if (targets.isEmpty() && !all) {
                throw new CommandLine.ParameterException(command.commandLine(), "name a twin, or pass --all");
            }
            for (String name : targets) {
                Twin twin = Twin.find(name).orElseThrow(() -> new TwinUnavailable("no twin named " + name
                        + " (see: twin list)"));
                twin.close();
                command.commandLine().getOut().println("stopped " + twin.record().name());
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List the twins this machine has a record of.")
    static final class ListTwins implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() {
            PrintWriter out = command.commandLine().getOut();
            for (TwinRecord r : TwinRecord.all()) {
                out.println(r.name() + "  " + r.spec() + "  " + r.sshUri() + "  container " + r.containerId().substring(0, 12)
                        + "  started by " + r.owner());
            }
            return 0;
        }
    }
}
