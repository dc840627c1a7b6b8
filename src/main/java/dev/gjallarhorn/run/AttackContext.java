package dev.gjallarhorn.run;

import dev.gjallarhorn.canary.Canaries;
import dev.gjallarhorn.canary.CanaryPort;
import dev.gjallarhorn.canary.DestinationGuard;
import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.evidence.EvidenceStore;
import dev.gjallarhorn.evidence.Redactor;
import dev.gjallarhorn.remote.Target;
import dev.gjallarhorn.surface.Surface;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What an attack gets from the run: the target and its surface, where evidence goes, canaries and the guard that
 * keeps probes on them, the run's token and the claims it judges. An attack never holds the run itself: it cannot
 * record verdicts, write reports or end the run.
 */
public interface AttackContext {

    /** The target, over the run's one connection. */
    Target target();

    /** The connection the target came from: its spelling, how it was reached, whether it may be restarted. */
    TargetSession session();

    /** What the target has, discovered once per run and shared by every attack. */
    Surface surface();

    RunSettings settings();

    /** A short token that marks everything this run sends or leaves behind. */
    String token();

    /** This harness process, as {@code host:pid}, to write beside what the run keeps on the target. */
    default String ownerTag() {
        return RunOwner.current().tag();
    }

    /** A claim of the run's threat model, by id; {@link IllegalArgumentException} if the model has none. */
    Claim claim(String id);

    /** Who may use the gateway while an attack restarts the services that load secrets.env. */
    GatewayLease gateway();

    Redactor redactor();

    EvidenceStore evidence();

    /** Canary listeners on the given ports, closed with the run; empty where no canary can stand where the target sees this host. */
    Optional<Canaries> openCanaries(Collection<CanaryPort> ports);

    /** The guard that lets probes send only to {@code canaries}. */
    default DestinationGuard guard(Canaries canaries) {
        return DestinationGuard.forCanaries(canaries);
    }

    /** The first caller of {@code kind} runs {@code probe}; every later caller gets its result (or its exception again). */
    <T> T observeOnce(Class<T> kind, Supplier<T> probe);

    /** A failure of the harness itself, not of the target: fails the run, whatever the verdicts. */
    void recordHarnessError(String where, Throwable error);

    /** Fingerprints of every secret value seen on the target, by name, across runs. */
    Map<String, SecretFingerprints.Seen> secretHistory();

    /** The values of {@code secrets.env} as the run read them when it opened (in memory only; empty if unreadable). */
    Map<String, String> secretValues();

    /** When the run read {@link #secretValues()}: the start of the window in which a change of them is a rotation. */
    Instant secretsLearnedAt();

    /** Closes {@code resource} when the run ends, after every attack. */
    void closeWithRun(AutoCloseable resource);
}
