package dev.gjallarhorn.attack.secrets;

import dev.gjallarhorn.surface.LogSource;
import dev.gjallarhorn.surface.Surface;
import java.util.List;

/** Where a file hit belongs, from the surface: a log, the agent's state, a database, an image layer, a container's files. */
final class FilePlacement {
    private final List<LogSource> logs;
    private final List<String> layers;
    private final String dockerRoot;
    private final String home;

    FilePlacement(Surface surface, String home) {
        this.logs = surface.logSources();
        this.layers = surface.containers().images().stream().flatMap(i -> i.layerDirs().stream()).toList();
        this.dockerRoot = logs.stream().filter(l -> l.kind().equals("container-logs")).map(l -> l.path().replaceFirst("/containers$", ""))
                .findFirst().orElse("/var/lib/docker");
        this.home = home;
    }

    String place(String path, String kind) {
        if (path.startsWith(dockerRoot + "/containers/")) {
            return path.endsWith("-json.log") ? "docker-logs" : "container-config";
        }
        if (layers.stream().anyMatch(l -> path.startsWith(l + "/"))) {
            return "docker-images";
        }
        if (logs.stream().anyMatch(l -> l.kind().equals("journal-files") && l.covers(path))) {
            return "journald";
        }
        if (logs.stream().anyMatch(l -> l.kind().equals("core-dumps") && l.covers(path))) {
            return "core-dumps";
        }
        if (logs.stream().anyMatch(l -> l.kind().equals("openclaw") && l.covers(path))) {
            return "tmp-openclaw";
        }
        if (logs.stream().anyMatch(l -> !l.kind().equals("container-logs") && l.covers(path))) {
            return "var-log";
        }
        if (kind.equals("sqlite")) {
            return "databases";
        }
        if (!home.isEmpty() && path.startsWith(home + "/.openclaw/")) {
            return "agent-state";
        }
        return "files-on-disk";
    }
}
