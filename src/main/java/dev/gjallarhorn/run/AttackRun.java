package dev.gjallarhorn.run;

import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.HarnessError;
import dev.gjallarhorn.canary.Canaries;
import dev.gjallarhorn.canary.CanaryPort;
import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.claims.ThreatModel;
import dev.gjallarhorn.claims.ThreatModelParser;
import dev.gjallarhorn.evidence.EvidenceStore;
import dev.gjallarhorn.evidence.Redactor;
import dev.gjallarhorn.remote.Target;
import dev.gjallarhorn.surface.Surface;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.Verdict;
import dev.gjallarhorn.verdict.VerdictBook;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One attack run: the claims, the target, the evidence store and the verdicts. Opening it reads the threat
 * model (bad input stops the run before any attack), reaches the target and checks that it is a Bilrost
 * sandbox. Closing it writes {@code verdicts.json} and {@code run.json} and lets go of the target.
 */
public final class AttackRun implements AttackContext, AutoCloseable {

    private final String id;
    private final RunSettings settings;
    private final ThreatModel model;
    private final Optional<TargetSession> session;
    private final Optional<HarnessError> failure;
    private final Optional<TargetIdentity> identity;
    private final Redactor redactor = new Redactor();
    private final EvidenceStore evidence;
    private final VerdictBook book;
    private final Instant startedAt = Instant.now();
    private GatewayLease gateway = new GatewayLease();
    private final HarnessErrors harnessErrors = new HarnessErrors(redactor);
    private LearnedSecrets secrets = LearnedSecrets.none();
    private volatile Map<String, Object> coverage = Map.of("plan", "unknown: the attack suite did not run under a JUnit launcher");
    private final ObservedOnce observed = new ObservedOnce();
    private final SharedCanaries sharedCanaries = new SharedCanaries();
    private final ClosedWithRun closers = new ClosedWithRun();
    private TargetBefore before = TargetBefore.unseen();
    private boolean leakScanNeedsSecrets;
    private boolean closed;

    private AttackRun(String id, RunSettings settings, ThreatModel model, Optional<TargetSession> session,
                      Optional<TargetIdentity> identity, Optional<HarnessError> failure) {
        this.id = id;
        this.settings = settings;
        this.model = model;
        this.session = session;
        this.identity = identity;
        this.failure = failure;
        this.evidence = new EvidenceStore(settings.reports(), redactor);
        this.book = new VerdictBook(model);
        session.ifPresent(s -> redactor.learnAll(s.knownSecrets()));
    }

    /**
     * Opens a run. A bad threat model throws (nothing can be judged without claims); a target that cannot
     * be reached gives a run that {@link #failure() failed}, so every claim can still be reported.
     */
    public static AttackRun open(RunSettings settings) {
        return open(settings, System.getenv());
    }

    /** As {@link #open(RunSettings)}, looking up {@code limactl} and {@code LIMA_HOME} in the given environment. */
    public static AttackRun open(RunSettings settings, Map<String, String> environment) {
        return open(settings, ThreatModelParser.parse(settings.threatModel()), environment, new GatewayLease());
    }

    /** As {@link #open(RunSettings, Map)} with a threat model already read and the session's {@link GatewayLease}. */
    public static AttackRun open(RunSettings settings, ThreatModel model, Map<String, String> environment, GatewayLease gateway) {
        String id = RunStart.begin(settings);
        TargetSession session = null;
        try {
            session = TargetSession.open(settings, environment);
            TargetIdentity identity = TargetIdentity.of(session.target(), settings.commandTimeout())
                    .requireBilrost(session.target().describe(), settings.allowUnidentified());
            AttackRun run = new AttackRun(id, settings, model, Optional.of(session), Optional.of(identity), Optional.empty());
            run.gateway = gateway;
            run.leakScanNeedsSecrets = true;
            run.secrets = LearnedSecrets.learn(session, run.redactor, settings, run.startedAt);
            run.before = TargetBefore.take(session.target(), run.token(), settings.commandTimeout());
            return run;
        } catch (RuntimeException e) {
            if (session != null) {
                session.close();
            }
            HarnessError error = e instanceof HarnessError h ? h
                    : new HarnessError(ExitCode.HARNESS_ERROR, "opening the run failed: " + dev.gjallarhorn.report.ReportFiles.oneLine(e), e);
            return new AttackRun(id, settings, model, Optional.empty(), Optional.empty(), Optional.of(error));
        }
    }

    /**
     * A run that attacks nothing: every claim NOT_EXERCISED. What an attack session writes when no attack
     * test was selected (e.g. {@code -Dgroups} names a category without scenarios) or none needed the target.
     */
    public static AttackRun unattacked(RunSettings settings, ThreatModel model) {
        String id = RunStart.begin(settings);
        return new AttackRun(id, settings, model, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * A run around a session that was not opened over SSH (a recorded target in unit tests): no identity check,
     * no secret learning, no residue snapshot, and a leak scan that may have nothing to look for (unless
     * {@link #leakScanNeedsSecrets()} says otherwise). Reports go where the settings say.
     */
    public static AttackRun replaying(RunSettings settings, ThreatModel model, TargetSession session) {
        String id = RunStart.begin(settings);
        AttackRun run = new AttackRun(id, settings, model, Optional.of(session), Optional.empty(), Optional.empty());
        run.gateway = new GatewayLease();
        return run;
    }

    /**
     * Makes a run that did not open its session over SSH (a replayed one) hold its leak scan to the rule of a real
     * run: having attacked with nothing to look for is a harness error.
     */
    void leakScanNeedsSecrets() {
        leakScanNeedsSecrets = true;
    }

    public String id() {
        return id;
    }

    /** A short token that marks everything this run sends or leaves behind. */
    public String token() {
        return "gjh-" + id.substring(id.lastIndexOf('-') + 1);
    }

    public RunSettings settings() {
        return settings;
    }

    public ThreatModel threatModel() {
        return model;
    }

    public Claim claim(String id) {
        return model.require(id);
    }

    /** Who may use the gateway while the secret search restarts the services that load secrets.env. */
    public GatewayLease gateway() {
        return gateway;
    }

    /** Why the run has no target, if it has none. */
    public Optional<HarnessError> failure() {
        return failure;
    }

    public TargetSession session() {
        return session.orElseThrow(() -> failure.orElseThrow(() -> new IllegalStateException("this run attacks no target")));
    }

    /** The run's surface, discovered on first use and shared by every attack of the run. */
    @Override
    public Surface surface() {
        return observeOnce(Surface.class, () -> new Surface(target(), evidence(), settings().discoveryTimeout()));
    }

    public Target target() {
        return session().target();
    }

    public Redactor redactor() {
        return redactor;
    }

    public EvidenceStore evidence() {
        return evidence;
    }

    /**
     * Canaries for these ports at this run's placement; empty (with {@link TargetSession#noCanariesBecause()}) if it
     * has none. Every lease shares the run's one set of listeners: see {@link SharedCanaries}.
     */
    public Optional<Canaries> openCanaries(Collection<CanaryPort> ports) {
        Optional<CanaryPlacement> placement = session().canaries();
        if (placement.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(sharedCanaries.at(placement.get(), this::closeWithRun).lease(ports));
    }

    /** A probe result shared by the checks of several claims, computed once per run: see {@link ObservedOnce}. */
    public <T> T observeOnce(Class<T> kind, java.util.function.Supplier<T> probe) {
        return observed.get(kind, probe);
    }

    /** A shared probe result if one was computed (and did not fail); never runs a probe. */
    <T> Optional<T> observed(Class<T> kind) {
        return observed.ifObserved(kind);
    }

    /** Records what a scenario observed and returns the verdict on that evaluation alone. */
    public Verdict record(ClaimEvaluation evaluation) {
        book.record(evaluation);
        return dev.gjallarhorn.verdict.Judge.judge(claim(evaluation.claimId()), evaluation);
    }

    /**
     * Records an unexpected error of the harness (an exception no scenario expected). The run then ends as a
     * harness error: its claims are never green because of it.
     *
     * @param where the claim or test in which it happened
     */
    public void recordHarnessError(String where, Throwable error) {
        harnessErrors.record(where, error);
    }

    /** The unexpected errors recorded so far, each as {@code {"where", "exit", "error", "message"}}. */
    public List<Map<String, String>> harnessErrors() {
        return harnessErrors.all();
    }

    /**
     * Which claims the attack suite could attack and which this session selected (see the exit gate's coverage rule);
     * written into run.json.
     */
    public void coverage(Map<String, Object> coverage) {
        this.coverage = Map.copyOf(coverage);
    }

    /**
     * What the run history says of each secret of {@code secrets.env} (by name): since when its value is
     * unchanged, and whether it changed since the last run. Empty when the file could not be read.
     */
    public Map<String, SecretFingerprints.Seen> secretHistory() {
        return secrets.history();
    }

    /** The values of {@code secrets.env} as the run read them when it opened (in memory only; empty if unreadable). */
    public Map<String, String> secretValues() {
        return secrets.values();
    }

    /** When the run read {@link #secretValues()}: the start of the window in which a change of them is a rotation. */
    public Instant secretsLearnedAt() {
        return secrets.learnedAt();
    }

    /** Records a verdict that needs no observation, e.g. INCONCLUSIVE(target-unreachable). */
    public void impose(Verdict verdict) {
        book.impose(verdict);
    }

    public List<VerdictBook.Entry> verdicts() {
        return book.entries();
    }

    /**
     * Something a scenario set up for the whole run (doubles, forwards, a started gateway) that must be undone
     * before the end-of-run residue check; closed in reverse order of registration.
     */
    public void closeWithRun(AutoCloseable resource) {
        closers.add(resource);
    }

    /**
     * Closes what attacks set up for the whole run ({@link #closeWithRun}), the agent channel's closing audit included;
     * {@link #close()} does it too, so a second call finds nothing left. What could not be put back must not end green.
     */
    public void closeRunResources() {
        closers.closeAll(e -> recordHarnessError("cleaning up after the run", e));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeRunResources();
        ClosingReports reports = new ClosingReports(this, book, session, secrets, before, harnessErrors, startedAt);
        reports.checkLeakScan(leakScanNeedsSecrets);
        try {
            reports.write();
        } finally {
            session.ifPresent(TargetSession::close);
        }
    }

    /** What run.json says about the run (id, invocation, target, kind, endpoint, threat model, identity, …), as of now. */
    public Map<String, Object> runInfo() {
        return RunInfo.of(this, session, identity, startedAt, coverage);
    }
}
