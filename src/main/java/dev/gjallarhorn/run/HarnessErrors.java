package dev.gjallarhorn.run;

import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.HarnessError;
import dev.gjallarhorn.evidence.Redactor;
import dev.gjallarhorn.host.Progress;
import dev.gjallarhorn.report.ReportFiles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The unexpected errors of the harness a run met (exceptions no scenario expected), in the order they came; safe to
 * record from attacks running side by side. Any one of them ends the run as a harness error.
 */
final class HarnessErrors {

    private final List<Map<String, String>> recorded = new CopyOnWriteArrayList<>();
    private final Redactor redactor;

    /** @param redactor scrubs the message said on the console (run.json is scrubbed when it is written) */
    HarnessErrors(Redactor redactor) {
        this.redactor = redactor;
    }

    /**
     * Records {@code error} as {@code {"where", "exit", "error", "message"}}: the exit code name of a
     * {@link HarnessError} (else {@code HARNESS_ERROR}), the exception's class name, its message on one line.
     */
    void record(String where, Throwable error) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("where", where);
        entry.put("exit", error instanceof HarnessError h ? h.exitCode().name() : ExitCode.HARNESS_ERROR.name());
        entry.put("error", error.getClass().getName());
        entry.put("message", ReportFiles.oneLine(error));
        recorded.add(entry);
        Progress.say("harness error in " + where + ": " + redactor.scrub(entry.get("message")));
    }

    /** A copy of what was recorded so far. */
    List<Map<String, String>> all() {
        return List.copyOf(recorded);
    }

    boolean isEmpty() {
        return recorded.isEmpty();
    }
}
