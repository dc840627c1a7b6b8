package dev.gjallarhorn;

/** Exit codes of the command line tool and of the attack gate. Each harness failure has its own. */
public enum ExitCode {
    /** No claim contradicted (and, when strict, none stale or inconclusive). */
    OK(0),
    /** At least one claim is contradicted, or the policy failed the run: the tool doing its job. */
    CLAIMS_FAILED(1),
    /** The command line or a property was not understood. */
    USAGE(2),
    /** The target could not be reached (refused, timed out, unknown host, no such instance). */
    TARGET_UNREACHABLE(3),
    /** The target answered but refused our key. */
    AUTHENTICATION_REJECTED(4),
    /** The target's host key did not match the pinned one, or no pin was given. */
    HOST_KEY_REJECTED(5),
    /** The threat model document could not be read. */
    BAD_THREAT_MODEL(6),
    /** No Docker engine, or the twin could not be built or started. */
    TWIN_UNAVAILABLE(7),
    /** The target does not identify as a Bilrost sandbox. */
    NOT_A_SANDBOX(8),
    /** A report still holds a secret the run learned, or the run left something behind on the target. */
    HYGIENE_FAILED(9),
    /** A defect in the harness itself. */
    INTERNAL(10);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
