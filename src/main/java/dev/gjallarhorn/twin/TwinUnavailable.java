package dev.gjallarhorn.twin;

import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.HarnessError;

/** The twin could not be provided: no Docker engine, a failed image build, a twin that did not come up. */
public final class TwinUnavailable extends HarnessError {

    public TwinUnavailable(String message) {
        super(ExitCode.TWIN_UNAVAILABLE, message);
    }

    public TwinUnavailable(String message, Throwable cause) {
        super(ExitCode.TWIN_UNAVAILABLE, message, cause);
    }
}
