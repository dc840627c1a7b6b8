package dev.gjallarhorn.remote;

import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.HarnessError;

/** The target answered but would not accept the identity we offered. */
public final class AuthenticationRejected extends HarnessError {

    public AuthenticationRejected(String message, Throwable cause) {
        super(ExitCode.AUTHENTICATION_REJECTED, message, cause);
    }
}
