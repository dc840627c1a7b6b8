package dev.gjallarhorn.report;

/** What fails a run besides harness errors, leaks, residue and lost coverage. */
public enum FailOn {
    /** Any CONTRADICTED claim (the default: a contradicted claim is a finding). */
    CONTRADICTED,
    /** Only claims contradicted now and not at their last decided verdict: for nightly runs against a known-flawed target. */
    REGRESSIONS;

    public static FailOn of(String value) {
        return value == null || value.isBlank() ? CONTRADICTED : valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
