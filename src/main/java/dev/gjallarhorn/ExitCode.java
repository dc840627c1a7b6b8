package dev.gjallarhorn;

/**
 * Exit codes of the command line tool and of the exit gate: one per class of outcome, documented in the
 * README's table. {@code mvn} itself always exits 1 on a failed exit gate; the exit gate's last line names the code.
 */
public enum ExitCode {
    /** This run attacked, and no claim is contradicted (strict: none stale or inconclusive either). */
    OK(0, "this run attacked, and no claim is contradicted (strict: none stale or inconclusive either)"),
    /** At least one claim is contradicted, or the strict policy or the inconclusive budget failed the run. */
    CLAIMS_FAILED(1, "claims contradicted or left undecided (not-applicable aside), or strict mode found a stale or undecided claim, or a claim stayed undecided beyond the nightly budget"),
    /** The command line or a property was not understood. */
    USAGE(2, "a command line option or a gjallarhorn.* property was not understood (the line names it and the accepted form)"),
    /** The target could not be reached (refused, timed out, unknown host, no such instance). */
    TARGET_UNREACHABLE(3, "the target could not be reached"),
    /** The target answered but refused our key. */
    AUTHENTICATION_REJECTED(4, "the target refused the key"),
    /** The target's host key did not match the pinned one, or no pin was given. */
    HOST_KEY_REJECTED(5, "the host key did not match the pin, or nothing was pinned"),
    /** The threat model document could not be read, or parts of it could not be placed (the line is named). */
    BAD_THREAT_MODEL(6, "the threat model could not be read, or a heading or bullet could not be placed (the line is named)"),
    /** No Docker engine, a host package that could not be installed, or the twin could not be built or started. */
    TWIN_UNAVAILABLE(7, "this host could not provide the twin: no Docker engine, a host package not installed, or the twin not built or started"),
    /** The target does not identify as a Bilrost sandbox. */
    NOT_A_SANDBOX(8, "the target does not look like a Bilrost sandbox (-Dgjallarhorn.allowUnidentified=true to proceed)"),
    /** A report still holds a secret the run learned. */
    LEAK(9, "a report still holds a secret the run learned (the file is named)"),
    /** A defect or unexpected error of the harness, or reports that this run did not write. */
    HARNESS_ERROR(10, "the harness failed: an unexpected error, or reports missing, stale or unreadable"),
    /** The run left something on the target (its residue check found a difference). */
    RESIDUE(11, "the run left something on the target (see run.json)"),
    /** With {@code failOn=regressions}: a claim is contradicted that was not at its last decided verdict. */
    REGRESSION(12, "with failOn=regressions: a claim is contradicted (or flapping into contradiction) since its last decided verdict"),
    /** A claim that has an attack was not exercised, although the run was not narrowed to leave it out. */
    COVERAGE_LOST(13, "a claim that has an attack was not exercised (and the run was not narrowed to leave it out), or nothing was attacked");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    /** One line for a person, as the README's table gives it. */
    public String meaning() {
        return meaning;
    }
}
