package dev.gjallarhorn.run;

import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.RemoteScript;
import dev.gjallarhorn.remote.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the target looked like, in the respects a run could change: taken when the run opens and again when it
 * closes. Anything added or gone in between is residue, reported in run.json and failing the exit gate.
 */
public record Residue(Set<String> items) {

    private static final RemoteScript SCRIPT = RemoteScript.load(Residue.class, "residue.sh");

    /** A snapshot, or empty if the target would not let us take one (no sudo). */
    public static Optional<Residue> snapshot(Target target, String token, Duration timeout) {
        CommandResult result = target.run(Cmd.script(SCRIPT, token).asRoot(), timeout);
        if (!result.succeeded()) {
            return Optional.empty();
        }
        return Optional.of(new Residue(new LinkedHashSet<>(result.stdout().lines().filter(l -> !l.isBlank()).toList())));
    }

    /** Lines added since {@code before} (prefixed +) and lines gone (prefixed -). */
    public List<String> since(Residue before) {
        List<String> changes = new ArrayList<>();
        items.stream().filter(i -> !before.items().contains(i)).forEach(i -> changes.add("+ " + i));
        before.items().stream().filter(i -> !items.contains(i)).forEach(i -> changes.add("- " + i));
        return changes;
    }
}
