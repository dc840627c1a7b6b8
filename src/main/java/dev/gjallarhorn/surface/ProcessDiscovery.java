package dev.gjallarhorn.surface;

import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.RemoteScript;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every process of the target with its user and unit, and the units that load secrets.env, discovered once by
 * {@code processes.sh} ({@code PROC PID USER UNIT COMM} and {@code SECRETS-UNIT UNIT} lines) and written to
 * {@code surface/processes.txt}.
 */
final class ProcessDiscovery {

    private static final RemoteScript PROCESSES = RemoteScript.load(ProcessDiscovery.class, "processes.sh");

    private final Discovery discovery;
    private List<TargetProcess> processes;
    private Set<String> secretsUnits;

    ProcessDiscovery(Discovery discovery) {
        this.discovery = discovery;
    }

    synchronized List<TargetProcess> processes() {
        if (processes == null) {
            discover();
        }
        return List.copyOf(processes);
    }

    synchronized Set<String> secretsUnits() {
        processes();
        return Set.copyOf(secretsUnits);
    }

    private void discover() {
        Instant started = Instant.now();
        CommandResult result = discovery.run(Cmd.script(PROCESSES).asRoot());
        processes = new ArrayList<>();
        secretsUnits = new LinkedHashSet<>();
        for (String line : result.stdout().split("\n")) {
            String[] w = line.strip().split("\\s+", 5);
            if (w.length == 5 && w[0].equals("PROC")) {
                try {
                    processes.add(new TargetProcess(Integer.parseInt(w[1]), w[2], w[3], w[4]));
                } catch (NumberFormatException ignored) {
                    // a line that is not a process
                }
            } else if (w.length == 2 && w[0].equals("SECRETS-UNIT")) {
                secretsUnits.add(w[1]);
            }
        }
        StringBuilder text = new StringBuilder("Processes of " + discovery.describe() + " (" + processes.size() + ")\n");
        text.append("units that load secrets.env (EnvironmentFile=): ").append(secretsUnits).append("\n\n");
        processes.forEach(p -> text.append(String.format("  %7d %-10s %-40s %s%n", p.pid(), p.user(), p.unit(), p.comm())));
        discovery.written("processes", text, started);
    }
}
