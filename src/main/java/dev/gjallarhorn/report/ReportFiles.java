package dev.gjallarhorn.report;

import dev.gjallarhorn.evidence.Redactor;

import dev.gjallarhorn.report.VerdictsReport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.HarnessError;
import java.io.IOException;
import java.nio.file.Path;

/** Reading the run's own JSON reports back: a file that cannot be read is a harness error with one line, never a stack trace. */
public final class ReportFiles {

    private ReportFiles() {
    }

    /** The file as a JSON tree; {@link HarnessError} (exit HARNESS_ERROR) naming the file and the parser's complaint otherwise. */
    public static JsonNode readJson(Path file, String what) {
        try {
            JsonNode root = VerdictsReport.JSON.readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw new HarnessError(ExitCode.HARNESS_ERROR, file + " is not " + what + " (not a JSON object)");
            }
            return root;
        } catch (IOException e) {
            throw new HarnessError(ExitCode.HARNESS_ERROR, file + " is not " + what + " (" + oneLine(e) + ")", e);
        }
    }

    /** An exception's message on one line, without the parser's source excerpt. */
    public static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String first = message.lines().findFirst().orElse(message).trim();
        return Redactor.cut(first, 197, "...");
    }
}
