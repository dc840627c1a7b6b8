package dev.gjallarhorn.attack;

/**
 * What attack classes that run side by side must not do at the same time on the target, as JUnit
 * {@code @ResourceLock} names. Everything else of the suite runs concurrently over the one SSH connection.
 */
final class AttackLocks {

    /**
     * The gateway and its sandbox: the agent channel re-points and drives it; the containment and vault checks
     * look inside the sandbox the agent's exec started (the agent channel goes first, by {@code @Order}). The secret
     * search does not hold it: the services' restart and the look inside the sandbox, which it shares with the
     * containment attack, take the session's {@link dev.gjallarhorn.run.GatewayLease} alone, which the agent channel
     * holds while it runs.
     */
    static final String GATEWAY = dev.gjallarhorn.run.GatewayLease.JUNIT_LOCK;

    /** The host shares: the share and vault attacks remount them read-write as root, write, and put them back. */
    static final String SHARES = "gjallarhorn:shares";

    /**
     * The overlay's upper layer as the sync gate sees it: the gate judges everything pending there, so a refusal
     * counts only when the gate passes again once the candidate is gone. The audit trail's writes under /workspace
     * would be pending too, so the gate's probe and the audit trail do not run at the same time.
     */
    static final String WORKSPACE = "gjallarhorn:workspace";

    private AttackLocks() {
    }
}
