package dev.gjallarhorn.remote;

import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.HarnessError;

/** The target did not answer, or the connection to it broke. */
public final class TargetUnreachable extends HarnessError {

    public TargetUnreachable(String message, Throwable cause) {
        super(ExitCode.TARGET_UNREACHABLE, message, cause);
    }

    public TargetUnreachable(String message) {
        super(ExitCode.TARGET_UNREACHABLE, message);
    }
}
