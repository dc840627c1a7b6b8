package dev.gjallarhorn.claims;

/** Where in the threat model a claim comes from. */
public enum ClaimKind {
    /** A row of the risk register ({@code T-nnn}). */
    RISK,
    /** A bullet of "Controls That Exist" ({@code C-…}): the control exists and works as described. */
    CONTROL_EXISTS,
    /** A bullet of "Controls That Do Not Exist (Yet)" ({@code N-…}): the control is absent. */
    CONTROL_ABSENT
}
