package dev.gjallarhorn.run;

import dev.gjallarhorn.host.Progress;
import dev.gjallarhorn.remote.Target;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The target as a run found it when it opened: what a killed earlier run had left and this run put back
 * ({@code recovered}, lines for run.json), and the residue snapshot to compare with at the end (empty if none could be
 * taken).
 */
record TargetBefore(List<String> recovered, Optional<Residue> residue) {

    /** A run that looked at nothing before it began (a replayed one): nothing recovered, no snapshot. */
    static TargetBefore unseen() {
        return new TargetBefore(List.of(), Optional.empty());
    }

    /** Puts back what a killed run left (saying so on the console), then takes the residue snapshot. */
    static TargetBefore take(Target target, String token, Duration timeout) {
        List<String> recovered = Leftovers.putBack(target, token, timeout);
        recovered.forEach(line -> Progress.say("put back what a killed run left: " + line));
        return new TargetBefore(recovered, Residue.snapshot(target, token, timeout));
    }

    /**
     * What the run left on {@code target}: the changes since the snapshot ({@link Residue#since}), or one line saying
     * why they cannot be told (no snapshot before, or none again now). Empty means nothing was left.
     */
    List<String> residueNow(Target target, String token, Duration timeout) {
        if (residue.isEmpty()) {
            return List.of("no snapshot of the target before the run, so what the run left cannot be told");
        }
        Optional<Residue> after = Residue.snapshot(target, token, timeout);
        return after.map(a -> a.since(residue.get())).orElse(List.of("could not look again at the end of the run"));
    }
}
