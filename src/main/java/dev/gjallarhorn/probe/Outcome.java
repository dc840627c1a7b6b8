package dev.gjallarhorn.probe;

/** What one attack step came to, seen from the attacker's side. */
public enum Outcome {
    /** The attack was stopped: the oracle saw nothing get through and the client was refused or timed out. */
    BLOCKED,
    /** The attack got through, and an oracle on the defender's side saw it. */
    SUCCEEDED,
    /** We could not tell; the observation carries a {@link Reason}. */
    COULD_NOT_RUN
}
