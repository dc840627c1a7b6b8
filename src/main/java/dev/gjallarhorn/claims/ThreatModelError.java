package dev.gjallarhorn.claims;

import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.HarnessError;
import java.nio.file.Path;

/** The threat model document cannot be used; the message names the file, the line and what is wrong. */
public final class ThreatModelError extends HarnessError {

    public ThreatModelError(Path file, int line, String problem) {
        super(ExitCode.BAD_THREAT_MODEL, "threat model " + file + (line > 0 ? ":" + line : "") + ": " + problem);
    }
}
