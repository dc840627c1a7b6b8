package dev.gjallarhorn.attack.audit;

import dev.gjallarhorn.probe.ScriptOutput;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.Prediction;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit trail. Every write to the overlay's upper layer must show up in the overlay watcher's log: every way to
 * write it (through the merged view {@code /workspace} and directly in the upper directory; the lower layer's writes are
 * shown beside the claim), as every identity that can (the surface's and whoever the layers' owners, groups and ACLs
 * name, each tried with a create first), every kind of write ({@link AuditWrite#ALL}: creates, changes in place,
 * appends, truncations, removals, renames inside, into and out of the tree, hard and symbolic links, mode and mtime
 * changes, and the writes watchers lose in practice: a new directory several levels deep written at once, a hook in a
 * new directory, a path under {@code .git/hooks}). After each write the probe writes a control file through
 * {@code /workspace} in the directory the write landed in, and one at the top after all of them: inotify keeps its
 * events in order, so a write is lost only when a control written after it was logged and it was not (or when no
 * process of the watcher watches the tree at all); a write nothing after it was logged for is a timeout, never a loss
 * ({@link WriteAudit}). First, what consumes the log and whether it alerts on sensitive writes ({@link LogAlerting}); after
 * the writes, whether the log keeps what was written before the watcher restarts as the system restarts it, only
 * where changing the target is allowed ({@link WatcherRestart}). Then, as the audited identity (the workspace's owner,
 * without sudo): stop the watcher and see
 * whether systemd brings it back, pause it and write past its event queue, move its log away, empty it; each is
 * refused only where the refusal itself was seen. Every step is undone. Whether anything ships the logs off the VM is
 * read from the target, with a syslog marker sent towards a canary as second evidence.
 * Judges {@code C-OVERLAY-WATCHER}, {@code T-008} and {@code N-CENTRALIZED-LOGGING}.
 */
public final class AuditTrailScenario {

    /** The watcher's first part, before its bound in seconds (one literal: the claim's scope names it). */
    static final String EVERY_WRITE = "every write to the upper layer (through /workspace or directly, as every identity that can, of every kind) is in the watcher's log within ";

    static final String KEPT_ACROSS_RESTART = "every write made before the watcher stops or restarts is in its log after it";
    static final String NOTHING_ALERTS = "nothing alerts on the audit log (what consumes it, and what it does on a sensitive write)";

    public record AuditTrailFindings(Instant startedAt, Duration elapsed, WriteAudit.Result writes, List<Observation> buffering, Observation restart,
                           List<Observation> stop, List<Observation> flood, List<Observation> history, Observation alerting,
                           ScriptOutput shipping, Observation marker, Path evidence) {
    }

    private AuditTrailScenario() {
    }

    public static AuditTrailFindings findings(AttackContext run) {
        return run.observeOnce(AuditTrailFindings.class, () -> AuditTrailProbe.probe(run));
    }

    public static ClaimEvaluation watcher(AttackContext run) {
        String claim = "C-OVERLAY-WATCHER";
        AuditTrailFindings f = findings(run);
        Outcome predicted = Prediction.forClaim(run.claim(claim));
        List<Observation> writes = new ArrayList<>(f.writes().writes());
        writes.addAll(f.buffering());
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim(EVERY_WRITE + WriteAudit.LOGGED_WITHIN.toSeconds() + " s", predicted, writes),
                PartEvaluation.claim(KEPT_ACROSS_RESTART, predicted, List.of(f.restart())),
                PartEvaluation.claim("the audited identity cannot stop the watcher", predicted, f.stop()),
                PartEvaluation.claim("the audited identity cannot make it lose events", predicted, f.flood()),
                PartEvaluation.claim("the audited identity cannot move or empty its log", predicted, f.history()),
                PartEvaluation.note("writes directly in the lower layer (not the upper layer's: shown, not judged)", Outcome.SUCCEEDED,
                        f.writes().lowerLayer()));
        long tampering = parts.subList(2, 5).stream().flatMap(p -> p.observations().stream()).filter(o -> o.outcome() == Outcome.SUCCEEDED).count();
        String observed = f.writes().summary() + (f.restart().outcome() == Outcome.SUCCEEDED ? "; writes lost at a restart" : "")
                + "; " + (tampering == 0 ? "the audited identity could not silence it" : "the audited identity silenced it " + tampering + " way(s)");
        return new ClaimEvaluation(claim, parts, observed, List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    public static ClaimEvaluation auditTrail(AttackContext run) {
        String claim = "T-008";
        AuditTrailFindings f = findings(run);
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim("overlay-watcher exists: ordinary writes under /workspace (create, modify, delete, move) are logged",
                        Prediction.forPart(run.claim(claim), "overlay-watcher", Outcome.BLOCKED),
                        f.writes().ordinary()),
                PartEvaluation.claim("no centralized logging: nothing ships the logs off the VM",
                        Prediction.forPart(run.claim(claim), "centralized logging", Outcome.BLOCKED), List.of(shipping(f))),
                PartEvaluation.note("a syslog marker towards a canary", Outcome.BLOCKED, List.of(f.marker())));
        return new ClaimEvaluation(claim, parts, shipping(f).detail(), List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    public static ClaimEvaluation centralizedLogging(AttackContext run) {
        String claim = "N-CENTRALIZED-LOGGING";
        AuditTrailFindings f = findings(run);
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim("nothing ships the logs off the VM (journal upload, remote syslog, log shippers)",
                        Prediction.forClaim(run.claim(claim)), List.of(shipping(f))),
                PartEvaluation.claim(NOTHING_ALERTS, Prediction.forClaim(run.claim(claim)), List.of(f.alerting())),
                PartEvaluation.note("a syslog marker towards a canary", Outcome.BLOCKED, List.of(f.marker())));
        return new ClaimEvaluation(claim, parts, shipping(f).detail() + "; " + f.alerting().detail() + "; " + f.shipping().value("RETENTION"), List.of(f.evidence()),
                f.startedAt(), f.elapsed());
    }

    static Observation shipping(AuditTrailFindings f) {
        return LogShipping.judge(f.shipping());
    }

    /** A step that did not print its {@code kind} line: timeout when the command ran out of time, else probe-error. */
    public static Observation noAnswer(String subject, ScriptOutput out, String kind) {
        String stderr = out.result().stderr().strip();
        String how = out.result().timedOut() ? "timed out" : out.result().exitStatus().isPresent() ? "exit " + out.result().exitStatus().getAsInt()
                : "no exit status";
        return Observation.couldNotRun(subject, out.result().timedOut() ? Reason.TIMEOUT : Reason.PROBE_ERROR, "no " + kind + " line ("
                + how + (stderr.isEmpty() ? "" : ": " + stderr.lines().findFirst().orElse("")) + ")");
    }

    static String word(String text, int index) {
        String[] words = text.trim().split("\\s+");
        return index < words.length ? words[index] : "";
    }
}
