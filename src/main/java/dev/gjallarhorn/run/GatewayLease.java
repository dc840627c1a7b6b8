package dev.gjallarhorn.run;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Supplier;

/**
 * Who may use the target's gateway while the services that load {@code secrets.env} are restarted. The attack
 * class that re-points and drives the gateway (the agent channel, marked
 * {@link dev.gjallarhorn.junit.DrivesGateway}) holds a shared lease for as long as it runs; the restart and the
 * look inside the gateway's sandbox containers (once per run, a few seconds, asked first by the secret search and
 * by the containment attack) take it alone, so they wait for the agent channel, and an agent channel that starts
 * later waits for them. Everything else of those attacks runs side by side. Attack classes that must not overlap at all still hold the JUnit resource lock {@link #JUNIT_LOCK}.
 *
 * <p>One lease per attack session. Stamps are not tied to a thread, so a class's lease may be taken and given back
 * on different threads of JUnit's pool.
 */
public final class GatewayLease {

    /** The JUnit {@code @ResourceLock} name of the attack classes that drive or look inside the gateway's sandbox. */
    public static final String JUNIT_LOCK = "gjallarhorn:gateway";

    /** How long {@link #exclusively} waits for the classes that drive the gateway. */
    static final Duration WAIT = Duration.ofMinutes(30);

    private final StampedLock lock = new StampedLock();

    /** Takes a shared lease (blocks while a restart runs); give it back with {@link #release(long)}. */
    public long share() {
        return lock.readLock();
    }

    /** Gives back a lease taken by {@link #share()}. */
    public void release(long stamp) {
        lock.unlockRead(stamp);
    }

    /**
     * Runs {@code drive} with a shared lease: for an attack outside the agent channel's class that may have to drive
     * the gateway itself (when the agent channel did not). It must not ask for {@link #exclusively} inside.
     */
    public <T> T shared(Supplier<T> drive) {
        long stamp = share();
        try {
            return drive.get();
        } finally {
            release(stamp);
        }
    }

    /**
     * Runs {@code restart} alone: no class that drives the gateway runs meanwhile. Waits at most {@link #WAIT} for
     * the lease (the agent channel's worst case is well inside it), then throws {@link IllegalStateException}: a
     * harness error of the attack, never a verdict.
     */
    public <T> T exclusively(Supplier<T> restart) {
        long stamp;
        try {
            stamp = lock.tryWriteLock(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the gateway", e);
        }
        if (stamp == 0) {
            throw new IllegalStateException("the gateway was not free within " + WAIT.toMinutes() + " minutes");
        }
        try {
            return restart.get();
        } finally {
            lock.unlockWrite(stamp);
        }
    }
}
