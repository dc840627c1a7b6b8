package dev.gjallarhorn.remote;

import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.HarnessError;

/** The value of {@code gjallarhorn.target} (or a property that goes with it) is not understood. */
public final class BadTargetSpec extends HarnessError {

    public BadTargetSpec(String message) {
        super(ExitCode.USAGE, message);
    }
}
