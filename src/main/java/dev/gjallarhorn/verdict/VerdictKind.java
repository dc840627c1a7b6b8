package dev.gjallarhorn.verdict;

/** How reality compares with what the threat model claims (see DESIGN.md, "verdict"). */
public enum VerdictKind {
    /** Reality matches the claim. For a Gap or an absent control: the attack succeeded, the gap is real. */
    HOLDS,
    /** Reality is worse than claimed: something the claim says is stopped got through. Fails the run. */
    CONTRADICTED,
    /** Reality is better than claimed: a gap is closed. Passes, but the register needs an edit. */
    STALE,
    /** A probe could not run or oracles disagree; carries a reason. Never a pass. */
    INCONCLUSIVE,
    /** No scenario covers the claim (yet). */
    NOT_EXERCISED
}
