package dev.gjallarhorn.run;

import dev.gjallarhorn.verdict.VerdictBook;

import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.HarnessError;
import dev.gjallarhorn.canary.Canaries;
import dev.gjallarhorn.canary.CanaryPort;
import dev.gjallarhorn.canary.DestinationGuard;
import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.claims.ThreatModel;
import dev.gjallarhorn.claims.ThreatModelParser;
import dev.gjallarhorn.evidence.EvidenceStore;
import dev.gjallarhorn.evidence.Redactor;
import dev.gjallarhorn.report.RunReport;
import dev.gjallarhorn.evidence.LeakScanner;
import dev.gjallarhorn.report.RegisterPatch;
import dev.gjallarhorn.report.ScopeReport;
import dev.gjallarhorn.report.VerdictDiff;
import dev.gjallarhorn.report.VerdictsMarkdown;
import dev.gjallarhorn.report.VerdictsReport;
import java.nio.file.Path;
import java.util.Set;
import dev.gjallarhorn.remote.Target;
import dev.gjallarhorn.surface.Surface;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.Verdict;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
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
    private final List<Map<String, String>> harnessErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Map<String, String> secretValues = Map.of();
    private Instant secretsLearnedAt = Instant.now();
    private Map<String, SecretFingerprints.Seen> secretHistory = Map.of();
    private volatile Map<String, Object> coverage = Map.of("plan", "unknown: the attack suite did not run under a JUnit launcher");
    private final Map<Class<?>, java.util.concurrent.Future<Object>> observed = new java.util.concurrent.ConcurrentHashMap<>();
    private Canaries sharedCanaries;
    private final java.util.Deque<AutoCloseable> closers = new java.util.ArrayDeque<>();
    private Optional<Residue> residueBefore = Optional.empty();
    private List<String> recovered = List.of();
    private boolean leakGateNeedsSecrets;
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
        return open(settings, ThreatModelParser.parse(settings.threatModel()), environment);
    }

    /** As {@link #open(RunSettings, Map)} with a threat model already read. */
    public static AttackRun open(RunSettings settings, ThreatModel model, Map<String, String> environment) {
        return open(settings, model, environment, new GatewayLease());
    }

    /** As {@link #open(RunSettings, ThreatModel, Map)}, with the session's {@link GatewayLease}. */
    public static AttackRun open(RunSettings settings, ThreatModel model, Map<String, String> environment, GatewayLease gateway) {
        String id = newId();
        begin(settings, id);
        TargetSession session = null;
        try {
            session = TargetSession.open(TargetSpec.parse(settings.target()), settings, environment);
            TargetIdentity identity = TargetIdentity.of(session.target(), settings.commandTimeout())
                    .requireBilrost(session.target().describe(), settings.allowUnidentified());
            AttackRun run = new AttackRun(id, settings, model, Optional.of(session), Optional.of(identity), Optional.empty());
            run.gateway = gateway;
            run.leakGateNeedsSecrets = true;
            run.secretsLearnedAt = Instant.now();
            run.secretValues = Map.copyOf(TargetSecrets.learn(session.target(), run.redactor, settings.commandTimeout()));
            run.secretHistory = SecretFingerprints.compare(settings.reports(), settings.state(), settings.target(), session.ssh().hostKey(), run.secretValues,
                    run.startedAt);
            run.recovered = Leftovers.putBack(session.target(), run.token(), settings.commandTimeout());
            run.recovered.forEach(line -> dev.gjallarhorn.host.Progress.say("put back what a killed run left: " + line));
            run.residueBefore = Residue.snapshot(session.target(), run.token(), settings.commandTimeout());
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
     * The first thing a run does: the previous run's reports go to {@code reports/previous/}, and {@code run.json}
     * names this run (id, invocation, state {@code running}), so nothing older can pass for this run's reports.
     */
    private static void begin(RunSettings settings, String id) {
        ReportsFolder.moveAside(settings.reports(), false);
        Map<String, Object> started = new LinkedHashMap<>();
        started.put("id", id);
        started.put("invocation", settings.invocation().orElse(null));
        started.put("state", "running");
        started.put("target", settings.target());
        started.put("startedAt", Instant.now().toString());
        RunReport.write(settings.reports(), started, new Redactor());
    }

    /**
     * A run that attacks nothing: every claim NOT_EXERCISED. What an attack session writes when no attack
     * test was selected (e.g. {@code -Dgroups} names a category without scenarios) or none needed the target.
     */
    public static AttackRun unattacked(RunSettings settings, ThreatModel model) {
        String id = newId();
        begin(settings, id);
        return new AttackRun(id, settings, model, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * A run around a session that was not opened over SSH (a recorded target in unit tests): no identity check,
     * no secret learning, no residue snapshot, and a leak gate that may have nothing to look for (unless
     * {@link #leakGateNeedsSecrets()} says otherwise). Reports go where the settings say.
     */
    public static AttackRun replaying(RunSettings settings, ThreatModel model, TargetSession session) {
        String id = newId();
        begin(settings, id);
        AttackRun run = new AttackRun(id, settings, model, Optional.of(session), Optional.empty(), Optional.empty());
        run.gateway = new GatewayLease();
        return run;
    }

    /**
     * Makes a run that did not open its session over SSH (a replayed one) hold its leak gate to the rule of a real
     * run: having attacked with nothing to look for is a harness error.
     */
    void leakGateNeedsSecrets() {
        leakGateNeedsSecrets = true;
    }

    private static String newId() {
        return "gjh-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())
                + "-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(2));
    }

    public String id() {
        return id;
    }

    /** A short token that marks everything this run sends or leaves behind. */
    /** This harness process, as {@code host:pid}, to write beside what the run keeps on the target. */
    public String ownerTag() {
        return RunOwner.current().tag();
    }

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
        return observeOnce(Surface.class, () -> new Surface(target(), evidence(), settings().commandTimeout()));
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
     * has none. Attacks run side by side and ask for overlapping ports, so every lease shares the run's one set of
     * listeners (opened on first use, closed with the run); each attack judges by its own tokens.
     */
    public Optional<Canaries> openCanaries(Collection<CanaryPort> ports) {
        Optional<CanaryPlacement> placement = session().canaries();
        if (placement.isEmpty()) {
            return Optional.empty();
        }
        synchronized (this) {
            if (sharedCanaries == null) {
                sharedCanaries = Canaries.open(placement.get().bind(), placement.get().advertised(), List.of());
                closeWithRun(sharedCanaries);
            }
        }
        return Optional.of(sharedCanaries.lease(ports));
    }

    public DestinationGuard guard(Canaries canaries) {
        return DestinationGuard.forCanaries(canaries);
    }

    /**
     * A probe result shared by the checks of several claims: computed the first time it is asked for, then
     * handed out again (observe once, judge many times). Attacks run side by side, so each kind is computed
     * once under its own future: a caller asking for a kind another attack is computing waits for that one only,
     * and a probe may itself ask for another kind. A probe that failed fails every caller the same way.
     */
    public <T> T observeOnce(Class<T> kind, java.util.function.Supplier<T> probe) {
        java.util.concurrent.FutureTask<Object> task = new java.util.concurrent.FutureTask<>(probe::get);
        java.util.concurrent.Future<Object> existing = observed.putIfAbsent(kind, task);
        java.util.concurrent.Future<Object> future = existing != null ? existing : task;
        if (existing == null) {
            task.run();
        }
        try {
            return kind.cast(future.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessError(ExitCode.HARNESS_ERROR, "interrupted while waiting for " + kind.getSimpleName(), e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new HarnessError(ExitCode.HARNESS_ERROR, kind.getSimpleName() + " failed: " + e.getCause(), e.getCause());
        }
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
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("where", where);
        entry.put("exit", error instanceof HarnessError h ? h.exitCode().name() : ExitCode.HARNESS_ERROR.name());
        entry.put("error", error.getClass().getName());
        entry.put("message", dev.gjallarhorn.report.ReportFiles.oneLine(error));
        harnessErrors.add(entry);
        dev.gjallarhorn.host.Progress.say("harness error in " + where + ": " + redactor.scrub(entry.get("message")));
    }

    /** The unexpected errors recorded so far. */
    public List<Map<String, String>> harnessErrors() {
        return List.copyOf(harnessErrors);
    }

    /**
     * Which claims the attack suite could attack and which this session selected (see the gate's coverage rule);
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
        return secretHistory;
    }

    /** The values of {@code secrets.env} as the run read them when it opened (in memory only; empty if unreadable). */
    public Map<String, String> secretValues() {
        return secretValues;
    }

    /** When the run read {@link #secretValues()}: the start of the window in which a change of them is a rotation. */
    public Instant secretsLearnedAt() {
        return secretsLearnedAt;
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
    public synchronized void closeWithRun(AutoCloseable resource) {
        closers.push(resource);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!closers.isEmpty()) {
            try {
                closers.pop().close();
            } catch (Exception e) {
                recordHarnessError("cleaning up after the run", e); // what could not be put back must not end green
            }
        }
        boolean attacked = leakGateNeedsSecrets && session.isPresent()
                && book.entries().stream().anyMatch(e -> e.verdict().kind() != dev.gjallarhorn.verdict.VerdictKind.NOT_EXERCISED);
        LeakScanner.blind(attacked, redactor).ifPresent(why -> recordHarnessError("the leak gate", new HarnessError(ExitCode.HARNESS_ERROR, why)));
        try {
            writeReports();
        } finally {
            session.ifPresent(TargetSession::close);
        }
    }

    /**
     * Writes every report of the run, then scans all of them (and the build's test output) for the secrets
     * the run learned; what the scan finds goes into run.json, where the gate fails the run on it.
     */
    private void writeReports() {
        Path reports = settings.reports();
        List<VerdictBook.Entry> entries = book.entries();
        Map<String, Object> run = runInfo();
        ScopeReport.write(evidence, entries, book.scopes());
        VerdictsReport.write(reports, run, entries, redactor);
        VerdictsMarkdown.write(reports, run, entries, redactor);
        RegisterPatch.write(reports, model, entries, id, redactor);
        Map<String, String> labels = new LinkedHashMap<>();
        entries.forEach(e -> labels.put(e.claim().id(), e.verdict().label()));
        RunHistory.Update history = RunHistory.compare(reports, settings.state(), settings.target(), id, startedAt, labels, settings.baseline(),
                settings.inconclusiveBudget(), session.map(TargetSession::hostKey).orElse(""), secretValues, secretHistory);
        VerdictDiff.Result diff = history.result();
        VerdictDiff.write(reports, diff, id);
        dev.gjallarhorn.report.SarifReport.write(reports, model.source(), entries, run, redactor, diff);
        run.put("baseline", Map.of("file", settings.baseline().map(Path::toString).orElse(reports.resolve(RunHistory.FILE).toString()),
                "summary", VerdictDiff.summary(diff)));
        List<String> residue = List.of();
        if (session.isPresent()) {
            run.put("recovered", recovered);
            if (residueBefore.isPresent()) {
                Optional<Residue> after = Residue.snapshot(target(), token(), settings.commandTimeout());
                residue = after.map(a -> a.since(residueBefore.get())).orElse(List.of("could not look again at the end of the run"));
            } else {
                residue = List.of("no snapshot of the target before the run, so what the run left cannot be told");
            }
            run.put("residue", residue);
        }
        List<Path> roots = List.of(reports, settings.home().resolve("target/failsafe-reports"), settings.home().resolve("target/surefire-reports"));
        List<LeakScanner.Leak> leaks = LeakScanner.scan(roots, Set.of(reports.resolve("allure-report"), reports.resolve(ReportsFolder.PREVIOUS)), redactor);
        run.put("hygiene", Map.of("secretsLearned", redactor.forms().stream().map(Redactor.Form::secretName).distinct().count(),
                "valuesRedacted", redactor.redactedForms().stream().filter(f -> f.encoding().equals("raw")).count(),
                "leaks", leaks.stream().map(LeakScanner.Leak::toString).toList()));
        boolean provesSomething = harnessErrors.isEmpty() && leaks.isEmpty() && residue.isEmpty();
        if (provesSomething) {
            history.write(); // a run that proves nothing never becomes a claim's last decided verdict
        }
        run.put("history", provesSomething ? "this run was added to " + RunHistory.FILE
                : "not added to " + RunHistory.FILE + ": the run hit an error, leaked or left something, so it proves nothing");
        run.put("state", "finished");
        RunReport.write(reports, run, redactor);
    }

    /** What run.json says about the run (id, invocation, target, kind, endpoint, threat model, identity, …), as of now. */
    public Map<String, Object> runInfo() {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", id);
        run.put("invocation", settings.invocation().orElse(null));
        run.put("target", settings.target());
        run.put("kind", session.map(TargetSession::kind).orElse(null));
        run.put("endpoint", session.map(s -> s.target().describe()).orElse(null));
        run.put("threatModel", settings.threatModel().toString());
        run.put("startedAt", startedAt.toString());
        run.put("finishedAt", Instant.now().toString());
        identity.ifPresent(i -> {
            run.put("identity", i.facts());
            run.put("bilrostMarks", i.marks());
        });
        run.put("attacked", session.isPresent() || failure.isPresent());
        failure.ifPresent(f -> run.put("harnessError", Map.of("exit", f.exitCode().name(), "code", f.exitCode().code(), "message", f.getMessage())));
        run.put("harnessErrors", harnessErrors());
        run.put("coverage", coverage);
        return run;
    }
}
