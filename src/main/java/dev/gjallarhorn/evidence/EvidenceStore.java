package dev.gjallarhorn.evidence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a run writes its evidence: {@code reports/evidence/CLAIM/NAME}. Everything is redacted on the way
 * in; nothing reaches the disk unscrubbed.
 */
public final class EvidenceStore {

    private final Path reports;
    private final Redactor redactor;

    public EvidenceStore(Path reports, Redactor redactor) {
        this.reports = reports;
        this.redactor = redactor;
    }

    /** A written piece of evidence: its name, its path relative to the reports directory, and its (redacted) text. */
    public record Evidence(String name, Path relativePath, String text) {
    }

    public Evidence write(String claimId, String fileName, String text) {
        String safe = redactor.scrub(text);
        Path relative = Path.of("evidence", claimId, fileName);
        Path file = reports.resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, safe, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write evidence " + file, e);
        }
        return new Evidence(fileName, relative, safe);
    }

    public Redactor redactor() {
        return redactor;
    }

    public Path reports() {
        return reports;
    }
}
