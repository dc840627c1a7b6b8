package dev.gjallarhorn.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gjallarhorn.ExitCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** {@code reports/run.json}: which target, when, what it identified as, and a harness error if the run hit one. */
public final class RunReport {

    public static final String FILE = "run.json";

    private RunReport() {
    }

    public static void write(Path reports, Map<String, Object> run, Redactor redactor) {
        Path file = reports.resolve(FILE);
        try {
            Files.createDirectories(reports);
            Files.writeString(file, redactor.scrub(VerdictsReport.JSON.writeValueAsString(run)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** A harness error recorded by the run: its exit code and one-line message. */
    public record HarnessFailure(ExitCode exit, String message) {
    }

    /** What the run's leak scan found: one line per file that still holds a secret. */
    public static java.util.List<String> leaks(Path reports) {
        Path file = reports.resolve(FILE);
        java.util.List<String> leaks = new java.util.ArrayList<>();
        if (Files.isRegularFile(file)) {
            try {
                VerdictsReport.JSON.readTree(file.toFile()).path("hygiene").path("leaks").forEach(l -> leaks.add(l.asText()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return leaks;
    }

    /** What the run left on the target: lines of its residue check ({@code + added}, {@code - gone}). */
    public static java.util.List<String> residue(Path reports) {
        Path file = reports.resolve(FILE);
        java.util.List<String> residue = new java.util.ArrayList<>();
        if (Files.isRegularFile(file)) {
            try {
                JsonNode node = VerdictsReport.JSON.readTree(file.toFile()).path("residue");
                if (node.isArray()) {
                    node.forEach(l -> residue.add(l.asText()));
                } else if (node.isTextual()) {
                    residue.add(node.asText());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return residue;
    }

    public static Optional<HarnessFailure> harnessFailure(Path reports) {
        Path file = reports.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode error = VerdictsReport.JSON.readTree(file.toFile()).path("harnessError");
            if (error.isMissingNode() || error.isNull()) {
                return Optional.empty();
            }
            return Optional.of(new HarnessFailure(ExitCode.valueOf(error.path("exit").asText("INTERNAL")), error.path("message").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
