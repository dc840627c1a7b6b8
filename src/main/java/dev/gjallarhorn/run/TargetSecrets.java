package dev.gjallarhorn.run;

import dev.gjallarhorn.evidence.Environments;
import dev.gjallarhorn.evidence.Redactor;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.Target;
import java.time.Duration;

/**
 * Learns the secret values of the target's {@code /etc/openclaw/secrets.env} so every report can be scrubbed
 * of them. The values stay in this JVM's memory; the command's output is never written anywhere.
 */
final class TargetSecrets {

    static final String FILE = "/etc/openclaw/secrets.env";

    private TargetSecrets() {
    }

    /**
     * Learns the values for redaction and returns them (name to value, in memory only; empty if the file cannot be read).
     * Which values the redactor keeps (short ones under a secret-looking name, never a commonplace one) is its rule.
     */
    static java.util.Map<String, String> learn(Target target, Redactor redactor, Duration timeout) {
        java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
        CommandResult read = target.run(Cmd.of("cat", FILE).asRoot(), timeout);
        if (!read.succeeded()) {
            read = target.run(Cmd.of("cat", FILE), timeout); // Bilrost's login user owns the file
        }
        if (!read.succeeded()) {
            return values; // nothing to learn; the scrub still removes known token shapes
        }
        Environments.secretsFile(read.stdout()).forEach((name, value) -> {
            redactor.learn(name, value);
            if (!value.isEmpty()) {
                values.put(name, value);
            }
        });
        return values;
    }
}
