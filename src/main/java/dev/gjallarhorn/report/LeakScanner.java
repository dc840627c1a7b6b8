package dev.gjallarhorn.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The final gate on what a run wrote: every file under the given directories is searched for every secret
 * value the run learned, raw and encoded (base64, hex, url). A hit names the file and the secret's name,
 * never the value.
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

    /** Scans every regular file below each root, skipping the directories named in {@code skip}. */
    public static List<Leak> scan(Collection<Path> roots, Set<Path> skip, Redactor redactor) {
        List<Redactor.Form> forms = redactor.forms();
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
                        if (text.contains(form.text())) {
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
