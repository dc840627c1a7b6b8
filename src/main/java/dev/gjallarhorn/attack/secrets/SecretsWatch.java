package dev.gjallarhorn.attack.secrets;

import dev.gjallarhorn.evidence.Environments;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state oracle of {@code N-SECRETS-ROTATION}: the values of {@code secrets.env} as the run read them when it
 * opened, against the values read again now, and again until one changed or the wait is over. Values are compared,
 * never the file's bytes or time: the harness's own touches (an append of nothing to see who may write) change no
 * value, and nothing in the harness writes a value. New values are learned for redaction before anything is written.
 *
 * @param changed  a line per secret whose value changed ("NAME changed after 81 s"), empty when none did
 * @param watched  how long after the run's first read the last read was
 * @param notRun   why the watch could not tell (no values at the start, a read that failed), empty when it could
 */
public record SecretsWatch(List<String> changed, Duration watched, Optional<String> notRun) {

    private static final Duration POLL = Duration.ofSeconds(5);

    /**
     * Watches until a value changed or {@code until} (counted from the run's first read) has passed; one read when
     * that time is already behind.
     */
    public static SecretsWatch watch(AttackContext run, Duration until) {
        Map<String, String> start = run.secretValues();
        if (start.isEmpty()) {
            return new SecretsWatch(List.of(), Duration.ZERO, Optional.of("the run read no value of secrets.env when it opened, so no change can be seen"));
        }
        Instant deadline = run.secretsLearnedAt().plus(until);
        while (true) {
            CommandResult read = run.target().run(Cmd.of("cat", TokenTheftScenario.SECRETS_FILE).asRoot(), run.settings().commandTimeout());
            Duration watched = Duration.between(run.secretsLearnedAt(), Instant.now());
            if (!read.succeeded()) {
                return new SecretsWatch(List.of(), watched, Optional.of("reading secrets.env again failed: " + read.describe()));
            }
            Map<String, String> now = Environments.secretsFile(read.stdout());
            now.forEach((name, value) -> run.redactor().learn(name, value));
            List<String> changed = changed(start, now, watched);
            if (!changed.isEmpty() || !Instant.now().plus(POLL).isBefore(deadline)) {
                return new SecretsWatch(changed, watched, Optional.empty());
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new SecretsWatch(changed, watched, Optional.of("interrupted while watching"));
            }
        }
    }

    /** The secrets of {@code start} whose value differs in {@code now} or is gone from it. */
    static List<String> changed(Map<String, String> start, Map<String, String> now, Duration watched) {
        List<String> changed = new ArrayList<>();
        start.forEach((name, value) -> {
            if (!value.equals(now.get(name))) {
                changed.add("the value of " + name + (now.containsKey(name) ? " changed" : " was removed") + " within "
                        + watched.toSeconds() + " s of the run's first read");
            }
        });
        return changed;
    }
}
