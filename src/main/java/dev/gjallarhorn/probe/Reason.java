package dev.gjallarhorn.probe;

import java.util.Locale;

/** Why something could not be checked. Typed, so reports can group by it and nothing passes silently. */
public enum Reason {
    TARGET_UNREACHABLE,
    PRECONDITION_UNMET,
    TIMEOUT,
    CONFLICTING_EVIDENCE,
    /** The oracle could not have seen a success: its positive control failed. */
    ORACLE_BLIND,
    NOT_APPLICABLE_ON_TARGET,
    /** The probe ran but its output could not be read. */
    PROBE_ERROR,
    /** A fault of the harness (not of the target). */
    HARNESS_ERROR,
    /** An observation that never came in, e.g. a scenario that produced nothing for a claim part. */
    NO_OBSERVATION;

    /** The reason as written in reports: {@code target-unreachable}. */
    public String slug() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Reason fromSlug(String slug) {
        return valueOf(slug.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
