package dev.gjallarhorn.attack.audit;

import dev.gjallarhorn.attack.secrets.SecretLeakScenario;
import dev.gjallarhorn.probe.ScriptOutput;

import static org.awaitility.Awaitility.await;

import dev.gjallarhorn.canary.Canaries;
import dev.gjallarhorn.canary.CanaryPort;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.evidence.EvidenceStore;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.surface.Surface;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.RemoteScript;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.Prediction;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.awaitility.core.ConditionTimeoutException;

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

    private static final RemoteScript PROBE = RemoteScript.load(AuditTrailScenario.class, "audit-probe.sh");
    private static final RemoteScript SHIPPING = RemoteScript.load(AuditTrailScenario.class, "log-shipping.sh");

    public record Findings(Instant startedAt, Duration elapsed, WriteAudit.Result writes, List<Observation> buffering, Observation restart,
                           List<Observation> stop, List<Observation> flood, List<Observation> history, Observation alerting,
                           ScriptOutput shipping, Observation marker, Path evidence) {
    }

    private AuditTrailScenario() {
    }

    public static Findings findings(AttackContext run) {
        return run.observeOnce(Findings.class, () -> probe(run));
    }

    private static Findings probe(AttackContext run) {
        Instant started = Instant.now();
        StringBuilder text = new StringBuilder("The audit trail of " + run.target().describe() + "\n\n");
        ScriptOutput watcher = step(run, "watcher");
        text.append("watcher before: ").append(watcher.value("WATCHER")).append(" (active, main pid, user)\n");
        String owner = watcher.value("OWNER").isBlank() ? "the owner of /workspace" : watcher.value("OWNER") + " (the owner of /workspace)";
        text.append("audited identity: ").append(owner).append(", without sudo\n\n");
        // first, while whatever consumes the log is as the target left it: a burst of writes may trip its start limit
        ScriptOutput consumers = step(run, "alerting");
        Observation alerting = LogAlerting.judge(consumers);
        text.append("what consumes the watcher's log, and whether it alerts on sensitive writes:\n");
        consumers.lines().forEach(l -> text.append("  ").append(l.text()).append('\n'));
        text.append("  ").append(alerting).append("\n\n");
        WriteAudit.Result writes = WriteAudit.probe(run, watcher.value("OWNER").trim(), text);

        // what a reboot, an update or a crash does to the log: only where changing the target is allowed
        List<Observation> buffering = new ArrayList<>();
        Observation restart;
        if (run.session().invasive() || run.session().twin().isPresent()) {
            List<String> args = new ArrayList<>(List.of("durability"));
            args.addAll(AuditWriters.Layers.of(run.surface().mounts()).args());
            ScriptOutput durable = step(run, args.toArray(String[]::new));
            text.append("\nrestart of the watcher (systemctl restart ").append(WatcherRestart.UNIT).append(", as root):\n");
            durable.lines().forEach(l -> text.append("  ").append(l.text()).append('\n'));
            restart = WatcherRestart.judge(durable);
            WatcherRestart.buffering(durable).ifPresent(buffering::add);
        } else {
            restart = WatcherRestart.notAllowed();
        }
        text.append("  ").append(restart).append('\n');
        buffering.forEach(o -> text.append("  ").append(o).append('\n'));

        List<Observation> stop = new ArrayList<>();
        ScriptOutput kill = step(run, "kill");
        text.append("\nSIGTERM to the watcher as ").append(owner).append(": ").append(kill.value("KILL")).append('\n');
        String afterKill = "";
        if (kill.value("KILL").equals("delivered")) {
            // decided as soon as systemd is: active under a new pid (restarted), or inactive/failed (it will not be)
            String killed = word(watcher.value("WATCHER"), 1);
            String[] state = {""};
            eventually(() -> {
                state[0] = systemdAfterKill(step(run, "watcher").value("WATCHER"), killed);
                return !state[0].isEmpty();
            }, Duration.ofSeconds(10));
            afterKill = state[0];
            text.append("restore: ").append(step(run, "restore-watcher").value("RESTORED")).append('\n');
        }
        stop.add(judgeKill(kill, afterKill, owner));

        List<Observation> flood = new ArrayList<>();
        ScriptOutput flooded = step(run, "flood");
        text.append("\nflood as ").append(owner).append(": ").append(flooded.value("PAUSE")).append("; ").append(flooded.value("FLOOD"))
                .append(" (files written, logged, overflow lines, whether the control after them was logged)\n");
        flood.add(judgeFlood(flooded, owner));
        if (flooded.value("PAUSE").equals("paused")) {
            step(run, "restore-watcher");
        }

        List<Observation> history = new ArrayList<>();
        ScriptOutput rename = step(run, "rename");
        ScriptOutput truncate = step(run, "truncate");
        history.add(judgeRename(rename, owner));
        history.add(judgeTruncate(truncate, owner));
        text.append("\nRENAME ").append(rename.value("RENAME")).append("\nTRUNCATE ").append(truncate.value("TRUNCATE")).append('\n');
        text.append("watcher after: ").append(step(run, "watcher").value("WATCHER")).append('\n');

        ScriptOutput shipping;
        Observation marker;
        Optional<Canaries> opened = run.openCanaries(List.of(CanaryPort.udp(514)));
        if (opened.isPresent()) {
            try (Canaries canaries = opened.get()) {
                shipping = ScriptOutput.of(run.target().run(Cmd.script(SHIPPING, run.token()).asRoot(), run.settings().commandTimeout()));
                canaries.settle();
                // the canary hearing nothing within the settle time is no proof that nothing ships the logs
                marker = canaries.hits().stream().anyMatch(h -> h.token().contains(run.token()) || !h.token().isEmpty())
                        ? Observation.blocked("a syslog marker", "arrived at the canary on udp/514: the logs leave the VM")
                        : Observation.couldNotRun("a syslog marker", Reason.TIMEOUT, "did not arrive at the canary on udp/514 while it settled");
            }
        } else {
            shipping = ScriptOutput.of(run.target().run(Cmd.script(SHIPPING, run.token()).asRoot(), run.settings().commandTimeout()));
            marker = Observation.couldNotRun("a syslog marker", Reason.PRECONDITION_UNMET, run.session().noCanariesBecause());
        }
        text.append("\nlog shipping:\n");
        shipping.lines().forEach(l -> text.append("  ").append(l.text()).append('\n'));
        text.append("  ").append(marker).append('\n');
        text.append("\ntook ").append(Duration.between(started, Instant.now()).toMillis()).append(" ms\n");
        EvidenceStore.Evidence evidence = run.evidence().write("C-OVERLAY-WATCHER", "audit-trail.txt", text.toString());
        dev.gjallarhorn.host.Progress.say("C-OVERLAY-WATCHER audit trail: " + writes.summary() + "; tampering and a flood in "
                + Duration.between(started, Instant.now()).toMillis() + " ms");
        return new Findings(started, Duration.between(started, Instant.now()), writes, buffering, restart, stop, flood, history, alerting,
                shipping, marker, evidence.relativePath());
    }

    public static ClaimEvaluation watcher(AttackContext run) {
        String claim = "C-OVERLAY-WATCHER";
        Findings f = findings(run);
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
        Findings f = findings(run);
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
        Findings f = findings(run);
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim("nothing ships the logs off the VM (journal upload, remote syslog, log shippers)",
                        Prediction.forClaim(run.claim(claim)), List.of(shipping(f))),
                PartEvaluation.claim(NOTHING_ALERTS, Prediction.forClaim(run.claim(claim)), List.of(f.alerting())),
                PartEvaluation.note("a syslog marker towards a canary", Outcome.BLOCKED, List.of(f.marker())));
        return new ClaimEvaluation(claim, parts, shipping(f).detail() + "; " + f.alerting().detail() + "; " + f.shipping().value("RETENTION"), List.of(f.evidence()),
                f.startedAt(), f.elapsed());
    }

    static Observation shipping(Findings f) {
        return judgeShipping(f.shipping());
    }

    /**
     * What log-shipping.sh printed, as one observation: a forwarder found is BLOCKED (the logs leave the VM); none,
     * with the check run to its end ({@code CHECKED}) and nothing it could not check ({@code NOCHECK}), SUCCEEDED;
     * anything else could not run (probe-error, or timeout when the command ran out of time).
     */
    static Observation judgeShipping(ScriptOutput out) {
        List<String> forwarders = out.all("FORWARDER").stream().map(l -> l.rest(0)).toList();
        if (!forwarders.isEmpty()) {
            return Observation.blocked("log shipping", "forwarded: " + String.join("; ", forwarders));
        }
        if (!out.all("NOCHECK").isEmpty()) {
            return Observation.couldNotRun("log shipping", Reason.PROBE_ERROR, "could not check: "
                    + String.join("; ", out.all("NOCHECK").stream().map(l -> l.rest(0)).toList()));
        }
        if (out.all("CHECKED").isEmpty()) {
            return noAnswer("log shipping", out, "CHECKED");
        }
        return Observation.succeeded("log shipping", "no forwarder: the logs stay on the VM");
    }

    /**
     * What systemd shows after a delivered SIGTERM, from a {@code WATCHER <state> <pid> <user>} value: {@code back}
     * (active under another pid), {@code down} (inactive or failed), or empty while neither is seen yet.
     */
    static String systemdAfterKill(String watcherValue, String killedPid) {
        String state = word(watcherValue, 0);
        String pid = word(watcherValue, 1);
        if (state.equals("active") && !pid.isEmpty() && !pid.equals("0") && !pid.equals(killedPid)) {
            return "back";
        }
        return state.equals("inactive") || state.equals("failed") ? "down" : "";
    }

    /** The kill step: refused (EPERM seen) is BLOCKED; a delivered SIGTERM that systemd showed ended is SUCCEEDED. */
    static Observation judgeKill(ScriptOutput kill, String afterKill, String owner) {
        String subject = "stopping the watcher as " + owner;
        String result = word(kill.value("KILL"), 0);
        return switch (result) {
            case "not-running" -> Observation.couldNotRun(subject, Reason.PRECONDITION_UNMET, "the watcher is not running");
            case "refused" -> Observation.blocked(subject, "refused: " + kill.value("KILL").substring("refused".length()).trim());
            case "failed" -> Observation.couldNotRun(subject, Reason.PROBE_ERROR, "the kill could not run: " + kill.value("KILL"));
            case "delivered" -> switch (afterKill) {
                case "back" -> Observation.succeeded(subject, "killed; systemd restarted it, but writes in between went unaudited");
                case "down" -> Observation.succeeded(subject, "killed, and systemd left the unit inactive: it will not bring it back");
                default -> Observation.couldNotRun(subject, Reason.TIMEOUT, "SIGTERM was delivered, but systemd showed the watcher"
                        + " neither gone nor restarted within 10 s");
            };
            default -> noAnswer(subject, kill, "KILL");
        };
    }

    /**
     * The flood step: the watcher's own overflow line, or a write not logged while the control after the flood was,
     * is SUCCEEDED; all logged before that control is BLOCKED; a control not logged in time is a timeout.
     */
    static Observation judgeFlood(ScriptOutput out, String owner) {
        String subject = "flooding the watcher as " + owner;
        if (!out.value("FLOOD-NOT-RUN").isEmpty()) {
            ScriptOutput.Line notRun = out.all("FLOOD-NOT-RUN").get(0);
            Reason reason = notRun.word(0).equals("precondition-unmet") ? Reason.PRECONDITION_UNMET : Reason.PROBE_ERROR;
            return Observation.couldNotRun(subject, reason, notRun.rest(1));
        }
        String[] flood = out.value("FLOOD").split(" ");
        int files = ScriptOutput.number(word(out.value("FLOOD"), 0));
        int logged = ScriptOutput.number(word(out.value("FLOOD"), 1));
        int overflow = ScriptOutput.number(word(out.value("FLOOD"), 2));
        String control = word(out.value("FLOOD"), 3);
        if (flood.length < 4 || files < 0 || logged < 0 || overflow < 0) {
            return noAnswer(subject, out, "FLOOD");
        }
        String pause = word(out.value("PAUSE"), 0);
        String paused = pause.equals("paused") ? "paused it with SIGSTOP, " : pause.equals("refused") ? "pausing it was refused, " : "";
        if (overflow > 0) {
            return Observation.succeeded(subject, paused + "wrote " + files + " files: the watcher logged a queue overflow (" + logged + " logged)");
        }
        if (!control.equals("control-logged")) {
            return Observation.couldNotRun(subject, Reason.TIMEOUT, paused + "wrote " + files + " files, " + logged
                    + " logged so far, but the control written after them was not logged in time");
        }
        if (logged < files) {
            return Observation.succeeded(subject, paused + "wrote " + files + " files: " + logged + " logged before the control after them");
        }
        if (!pause.equals("paused") && !pause.equals("refused")) {
            return Observation.couldNotRun(subject, Reason.PROBE_ERROR, "all " + files + " writes logged, but pausing the watcher could"
                    + " not be tried: " + (out.value("PAUSE").isEmpty() ? "no PAUSE line" : out.value("PAUSE")));
        }
        return Observation.blocked(subject, paused + "all " + files + " writes logged");
    }

    /** Moving the log away: moved is SUCCEEDED, a refusal seen (EACCES, EPERM, EROFS) BLOCKED, anything else could not run. */
    static Observation judgeRename(ScriptOutput out, String owner) {
        return judgeHistory(out, "RENAME", "moving the log away as " + owner, "moved", "moved (and moved back)");
    }

    /** Emptying the log: emptied is SUCCEEDED, a refusal seen BLOCKED, anything else could not run. */
    static Observation judgeTruncate(ScriptOutput out, String owner) {
        return judgeHistory(out, "TRUNCATE", "emptying the log as " + owner, "emptied",
                "emptied (its history was put back: " + word(out.value("TRUNCATE"), 2) + ")");
    }

    private static Observation judgeHistory(ScriptOutput out, String kind, String subject, String done, String doneDetail) {
        String value = out.value(kind);
        String result = word(value, 0);
        if (result.equals(done)) {
            return Observation.succeeded(subject, doneDetail);
        }
        return switch (result) {
            case "refused" -> Observation.blocked(subject, "refused: " + value.substring("refused".length()).trim());
            case "no-log" -> Observation.couldNotRun(subject, Reason.PRECONDITION_UNMET, "the watcher has no log file to tamper with");
            case "failed" -> Observation.couldNotRun(subject, Reason.PROBE_ERROR, "could not run: " + value);
            default -> noAnswer(subject, out, kind);
        };
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

    static ScriptOutput step(AttackContext run, String... args) {
        List<String> all = new ArrayList<>(List.of(args[0], run.token()));
        all.addAll(List.of(args).subList(1, args.length));
        // the flood writes some 18,000 files and then waits up to 45 s for its control: on a busy machine that is minutes
        // the restart and the alerting steps wait for controls and may write a few thousand files to push them through
        Duration bound = List.of("flood", "durability", "alerting").contains(args[0]) ? Duration.ofMinutes(4) : Duration.ofMinutes(2);
        return ScriptOutput.of(run.target().run(Cmd.script(PROBE, all.toArray(String[]::new)).asRoot(), bound));
    }

    /** Whether the condition came true within the bound, polled every 250 ms (a bound, not a wait). */
    static boolean eventually(java.util.concurrent.Callable<Boolean> condition, Duration within) {
        try {
            await().pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250)).atMost(within).until(condition);
            return true;
        } catch (ConditionTimeoutException notInTime) {
            return false;
        }
    }
}
