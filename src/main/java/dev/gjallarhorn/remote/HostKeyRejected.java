package dev.gjallarhorn.remote;

import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.HarnessError;

/** The target's host key differs from the pinned one, or there was nothing to pin it against. */
public final class HostKeyRejected extends HarnessError {

    public HostKeyRejected(String message) {
        super(ExitCode.HOST_KEY_REJECTED, message);
    }

    public HostKeyRejected(String message, Throwable cause) {
        super(ExitCode.HOST_KEY_REJECTED, message, cause);
    }
}
