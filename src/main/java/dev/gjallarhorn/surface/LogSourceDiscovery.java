package dev.gjallarhorn.surface;

import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.RemoteScript;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the target writes logs, discovered once by {@code log-sources.sh} from its {@code LOG KIND PATH [HOW]}
 * lines, and written to {@code surface/log-sources.txt} with every other line the script printed.
 */
final class LogSourceDiscovery {

    private static final RemoteScript LOG_SOURCES = RemoteScript.load(LogSourceDiscovery.class, "log-sources.sh");

    private final Discovery discovery;
    private List<LogSource> logSources;

    LogSourceDiscovery(Discovery discovery) {
        this.discovery = discovery;
    }

    synchronized List<LogSource> logSources() {
        if (logSources == null) {
            discover();
        }
        return List.copyOf(logSources);
    }

    private void discover() {
        Instant started = Instant.now();
        CommandResult result = discovery.run(Cmd.script(LOG_SOURCES).asRoot());
        logSources = new ArrayList<>();
        StringBuilder text = new StringBuilder("Where " + discovery.describe() + " writes logs\n" + result.describe() + "\n");
        for (String line : result.stdout().split("\n")) {
            String[] w = line.strip().split("\\s+", 4);
            if (w.length >= 3 && w[0].equals("LOG")) {
                logSources.add(new LogSource(w[1], w[2], w.length > 3 ? w[3] : ""));
            } else if (!line.isBlank()) {
                text.append(line.strip()).append('\n');
            }
        }
        logSources.forEach(s -> text.append("  ").append(s).append('\n'));
        discovery.written("log-sources", text, started);
    }
}
