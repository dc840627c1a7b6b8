package dev.gjallarhorn;

/**
 * A failure of the harness or of its way to the target, as opposed to a finding about the target.
 * Its message is one line meant for a person; {@link #exitCode()} says how the run ends.
 */
public class HarnessError extends RuntimeException {

    private final ExitCode exitCode;

    public HarnessError(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public HarnessError(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
