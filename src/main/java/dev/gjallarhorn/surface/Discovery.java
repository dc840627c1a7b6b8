package dev.gjallarhorn.surface;

import dev.gjallarhorn.evidence.EvidenceStore;
import dev.gjallarhorn.host.Progress;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every noun of the {@link Surface} discovers through: the run's one connection to the target, the bound on
 * each discovery command, and the evidence folder, where each noun is written to {@code surface/NOUN.txt}.
 */
final class Discovery {

    private final Target target;
    private final EvidenceStore evidence;
    private final Duration timeout;
    private final Map<String, Path> files = new LinkedHashMap<>();

    Discovery(Target target, EvidenceStore evidence, Duration timeout) {
        this.target = target;
        this.evidence = evidence;
        this.timeout = timeout;
    }

    /** Runs one discovery command within the bound; a command that failed or timed out is in the result, not thrown. */
    CommandResult run(Cmd cmd) {
        return target.run(cmd, timeout);
    }

    /** The target as evidence names it. */
    String describe() {
        return target.describe();
    }

    /** The target's login user. */
    String user() {
        return target.user();
    }

    /** Ends a noun's evidence with how long discovery took (ms), writes it and says so on the console. */
    synchronized void written(String noun, StringBuilder text, Instant started) {
        Duration took = Duration.between(started, Instant.now());
        text.append("\ndiscovered in ").append(took.toMillis()).append(" ms\n");
        files.put(noun, evidence.write("surface", noun + ".txt", text.toString()).relativePath());
        Progress.say("surface: " + noun + " discovered in " + took.toMillis() + " ms");
    }

    /** The evidence files written so far, by noun, relative to the evidence folder. */
    synchronized Map<String, Path> files() {
        return Map.copyOf(files);
    }
}
