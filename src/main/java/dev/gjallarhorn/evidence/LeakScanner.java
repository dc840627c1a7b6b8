package dev.gjallarhorn.evidence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The final gate on what a run wrote: every file under the given directories is searched for every value the run
 * redacts ({@link Redactor#redactedForms()}: the target's secrets and the secret-looking values of the environments it
 * read), raw and encoded (base64, hex, url); a short value counts only as a whole word. A hit names the file and the
 * secret's name, never the value. A redactor that learned nothing gives a gate that cannot see: the run must not
 * pass on it ({@link #blind}).
 */
public final class LeakScanner {

    /** A secret found in a file. */
    public record Leak(Path file, String secretName, String encoding) {
        @Override
        public String toString() {
            return file + " holds " + secretName + " (" + encoding + ")";
        }
    }

    private LeakScanner() {
    }

    /**
     * Why the leak scan is blind, if it is: a run that attacked a target but learned no value at all (its secrets file
     * unreadable, no environment it read held one) has nothing to look for, so a scan that finds nothing proves nothing.
     *
     * @param attacked whether the run attacked a target (a run that attacked nothing has nothing to leak)
     * @return the harness error's message, or empty when the leak scan can look
     */
    public static Optional<String> blind(boolean attacked, Redactor redactor) {
        if (!attacked || redactor.knowsAnything()) {
            return Optional.empty();
        }
        return Optional.of("the leak gate has nothing to look for: the run attacked the target but learned no secret value"
                + " (secrets.env unreadable, no environment it read held one), so a clean scan proves nothing");
    }

    /** Scans every regular file below each root, skipping the directories named in {@code skip}. */
    public static List<Leak> scan(Collection<Path> roots, Set<Path> skip, Redactor redactor) {
        List<Redactor.Form> forms = redactor.redactedForms();
        List<Leak> leaks = new ArrayList<>();
        if (forms.isEmpty()) {
            return leaks;
        }
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    if (skip.stream().anyMatch(file::startsWith)) {
                        continue;
                    }
                    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    for (Redactor.Form form : forms) {
                        if (form.foundIn(text)) {
                            leaks.add(new Leak(file, form.secretName(), form.encoding()));
                            break;
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot scan " + root + " for leaked secrets", e);
            }
        }
        return leaks;
    }
}
