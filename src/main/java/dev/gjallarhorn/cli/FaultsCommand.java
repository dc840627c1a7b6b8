package dev.gjallarhorn.cli;

import dev.gjallarhorn.twin.TwinFault;
import dev.gjallarhorn.twin.TwinSources;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Lists the twin's faults ({@code lima/twin/faults/*.sh}) with the claim each names, the other claims its text
 * names, and the flip it declares (profile and verdict), from each fault's own header ({@link TwinFault}).
 */
@Command(name = "faults", description = "List the twin's faults: the claim each flips, on which profile, to what verdict.")
final class FaultsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        TwinSources sources = TwinSources.locate();
        List<TwinFault> faults = TwinFault.all(sources);
        out.println(faults.size() + " faults in " + sources.dir().resolve("faults") + " (use: -Dgjallarhorn.target=twin:PROFILE+FAULT,...)");
        for (TwinFault fault : faults) {
            out.println();
            out.println(fault.name() + "  flips " + fault.claim()
                    + (fault.alsoNamed().isEmpty() ? "" : " (its text also names " + String.join(", ", fault.alsoNamed()) + ")")
                    + fault.profile().map(p -> " on " + p).orElse("") + fault.flipsTo().map(v -> " to " + v).orElse(" (declares no verdict flip)"));
            out.println("    " + fault.description());
            fault.source().ifPresent(source -> out.println("    reported in a real deployment: " + source));
        }
        return 0;
    }
}
