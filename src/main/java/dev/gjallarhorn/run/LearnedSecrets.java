package dev.gjallarhorn.run;

import dev.gjallarhorn.evidence.Redactor;
import java.time.Instant;
import java.util.Map;

/**
 * What a run learned of {@code secrets.env} when it opened (in memory only): the values by name, when it read them
 * (the start of the window in which a change of them is a rotation) and what the run history says of each.
 */
record LearnedSecrets(Map<String, String> values, Instant learnedAt, Map<String, SecretFingerprints.Seen> history) {

    /** Nothing learned (a run without a target, or a replayed one): no values, no history, learned now. */
    static LearnedSecrets none() {
        return new LearnedSecrets(Map.of(), Instant.now(), Map.of());
    }

    /**
     * Reads {@code secrets.env} on the session's target (teaching {@code redactor} its values) and compares their
     * fingerprints with the run history of {@code settings}' target; empty values where the file could not be read.
     */
    static LearnedSecrets learn(TargetSession session, Redactor redactor, RunSettings settings, Instant runStartedAt) {
        Instant learnedAt = Instant.now();
        Map<String, String> values = Map.copyOf(TargetSecrets.learn(session.target(), redactor, settings.commandTimeout()));
        Map<String, SecretFingerprints.Seen> history = SecretFingerprints.compare(settings.reports(), settings.state(), settings.target(),
                session.ssh().hostKey(), values, runStartedAt);
        return new LearnedSecrets(values, learnedAt, history);
    }
}
