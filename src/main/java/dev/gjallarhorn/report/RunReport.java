package dev.gjallarhorn.report;

import dev.gjallarhorn.evidence.Redactor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gjallarhorn.ExitCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code reports/run.json}: which run (id, the Maven invocation that started it, its state: {@code running}
 * until the run has written all its reports, then {@code finished}), which target, when, what it identified
 * as, a harness error that stopped it, unexpected errors during it, its coverage, the leak scan and the
 * residue check. The exit gate reads it back with {@link #read(Path)}.
 */
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

    /**
     * run.json as the exit gate needs it.
     *
     * @param harnessErrors one line per unexpected error ("where: message")
     * @param coverage      the coverage block as written (may be missing)
     */
    public record Read(String id, Optional<String> invocation, String state, String target, String startedAt,
                       Optional<HarnessFailure> failure, List<String> harnessErrors, ExitCode harnessErrorExit, List<String> leaks,
                       List<String> residue, JsonNode coverage, List<String> missing) {

        public boolean finished() {
            return "finished".equals(state);
        }
    }

    /** Reads run.json; empty when there is none, a one-line {@link dev.gjallarhorn.HarnessError} when it cannot be read. */
    public static Optional<Read> read(Path reports) {
        Path file = reports.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode root = ReportFiles.readJson(file, "a gjallarhorn run.json");
        Optional<HarnessFailure> failure = Optional.empty();
        JsonNode error = root.path("harnessError");
        if (!error.isMissingNode() && !error.isNull()) {
            failure = Optional.of(new HarnessFailure(exit(error.path("exit").asText()), error.path("message").asText()));
        }
        List<String> errors = new ArrayList<>();
        root.path("harnessErrors").forEach(e -> errors.add(e.path("where").asText() + ": " + e.path("message").asText()));
        ExitCode errorExit = exit(root.path("harnessErrors").path(0).path("exit").asText());
        List<String> leaks = new ArrayList<>();
        root.path("hygiene").path("leaks").forEach(l -> leaks.add(l.asText()));
        List<String> residue = new ArrayList<>();
        JsonNode node = root.path("residue");
        if (node.isArray()) {
            node.forEach(l -> residue.add(l.asText()));
        } else if (node.isTextual()) {
            residue.add(node.asText());
        }
        String invocation = root.path("invocation").isTextual() ? root.path("invocation").asText() : null;
        // what a finished run always writes: without it a check did not run, and its silence is no pass
        List<String> missing = new ArrayList<>();
        if (failure.isEmpty()) {
            for (String field : List.of("hygiene", "coverage", "harnessErrors")) {
                if (root.path(field).isMissingNode()) {
                    missing.add(field);
                }
            }
            if (!root.path("endpoint").isMissingNode() && !root.path("endpoint").isNull() && root.path("residue").isMissingNode()) {
                missing.add("residue");
            }
        }
        return Optional.of(new Read(root.path("id").asText(""), Optional.ofNullable(invocation), root.path("state").asText(""),
                root.path("target").asText(""), root.path("startedAt").asText(""), failure, errors, errorExit, leaks, residue, root.path("coverage"), missing));
    }

    /** The exit a recorded error ends the run with; never one that passes or only judges claims (a hand-edited "OK"). */
    private static ExitCode exit(String name) {
        try {
            ExitCode code = ExitCode.valueOf(name);
            return code == ExitCode.OK || code == ExitCode.CLAIMS_FAILED || code == ExitCode.REGRESSION ? ExitCode.HARNESS_ERROR : code;
        } catch (IllegalArgumentException unknown) {
            return ExitCode.HARNESS_ERROR;
        }
    }
}
