package dev.gjallarhorn.attack.secrets;

import dev.gjallarhorn.evidence.Redactor;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import java.time.Duration;
import java.util.List;

/**
 * The secret values the run learned, raw and encoded, handed to a target-side search as a file in {@code /run}
 * (tmpfs, root only) that the search removes at once. Only the line number of a pattern ever comes back.
 */
public record SecretPatterns(List<Redactor.Form> forms) {

    /** Forms shorter than this would match ordinary text. */
    private static final int SHORTEST = 8;

    public static SecretPatterns of(Redactor redactor) {
        return new SecretPatterns(redactor.forms().stream().filter(f -> f.text().length() >= SHORTEST).toList());
    }

    /** Secrets the run learned whose value itself is too short to search for raw (only their longer encodings are). */
    public static List<String> tooShortToSearch(Redactor redactor) {
        return redactor.forms().stream().filter(f -> f.encoding().equals("raw") && f.text().length() < SHORTEST)
                .map(Redactor.Form::secretName).distinct().toList();
    }

    public boolean isEmpty() {
        return forms.isEmpty();
    }

    /** Puts the patterns on the target for one script; returns the file's path. */
    public String upload(AttackContext run, String purpose) {
        String path = "/run/" + run.token() + "-" + purpose + ".patterns";
        StringBuilder text = new StringBuilder();
        forms.forEach(f -> text.append(f.text()).append('\n'));
        CommandResult written = run.target().run(Cmd.of("sh", "-c", "umask 077 && cat >\"$1\"", "sh", path).withStdin(text.toString()).asRoot(),
                Duration.ofSeconds(30));
        if (!written.succeeded()) {
            throw new IllegalStateException("cannot hand the search its patterns: " + written.describe());
        }
        return path;
    }

    /** The secret and encoding behind a 1-based pattern line number. */
    public Redactor.Form form(int lineNumber) {
        return forms.get(lineNumber - 1);
    }
}
