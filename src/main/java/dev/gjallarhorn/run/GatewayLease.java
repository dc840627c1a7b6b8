package dev.gjallarhorn.run;

import java.util.concurrent.locks.StampedLock;
import java.util.function.Supplier;

/**
 * Who may use the target's gateway while the services that load {@code secrets.env} are restarted. The attack
 * class that re-points and drives the gateway (the agent channel, marked
 * {@link dev.gjallarhorn.junit.DrivesGateway}) holds a shared lease for as long as it runs; the restart (the secret
 * search's first step, a few seconds, once per run) takes it alone, so it waits for the agent channel, and the
 * looks inside the gateway's sandbox containers wait for the restart. Everything else of those attacks runs side by
 * side. Attack classes that must not overlap at all still hold the JUnit resource lock {@link #JUNIT_LOCK}.
 *
 * <p>One lease per attack session. Stamps are not tied to a thread, so a class's lease may be taken and given back
 * on different threads of JUnit's pool.
 */
public final class GatewayLease {

    /** The JUnit {@code @ResourceLock} name of the attack classes that drive or look inside the gateway's sandbox. */
    public static final String JUNIT_LOCK = "gjallarhorn:gateway";

    private final StampedLock lock = new StampedLock();

    /** Takes a shared lease (blocks while a restart runs); give it back with {@link #release(long)}. */
    public long share() {
        return lock.readLock();
    }

    /** Gives back a lease taken by {@link #share()}. */
    public void release(long stamp) {
        lock.unlockRead(stamp);
    }

    /** Runs {@code restart} alone: no class that uses the gateway runs meanwhile. */
    public <T> T exclusively(Supplier<T> restart) {
        long stamp = lock.writeLock();
        try {
            return restart.get();
        } finally {
            lock.unlockWrite(stamp);
        }
    }
}
