package dev.gjallarhorn.scenario;

import static org.awaitility.Awaitility.await;

import dev.gjallarhorn.canary.Canaries;
import dev.gjallarhorn.canary.CanaryPort;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.report.EvidenceStore;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.target.Cmd;
import dev.gjallarhorn.target.RemoteScript;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.Prediction;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The audit trail. Writes under {@code /workspace} must show up in the overlay watcher's log: create, modify, delete,
 * move, and the writes watchers lose in practice ({@link AuditWrite#ALL}: a new directory several levels deep written
 * at once, a hook in a new directory, a path under {@code .git/hooks}, renames into and out of the tree, a hard link,
 * a mode change). After each write the probe writes a control file in the directory the write landed in, and one at
 * the top after all of them: inotify keeps its events in order, so a write is lost only when a control written after
 * it was logged and it was not (or when no process of the watcher watches the tree at all); a write nothing after it
 * was logged for is a timeout, never a loss. The hook writes make their directories one level at a time, each behind
 * a control write the watcher must log first, so they test the watcher's recursion and exclusions, not the race of a
 * tree made at once (the deep write's question). Then, as the audited identity (the workspace's owner, without
 * sudo): stop the watcher and see whether systemd brings it back, pause it and write past its event queue, move its
 * log away, empty it; each is refused only where the refusal itself was seen. Every step is undone. Whether anything
 * ships the logs off the VM is read from the target, with a syslog marker sent towards a canary as second evidence.
 * Judges {@code C-OVERLAY-WATCHER}, {@code T-008} and {@code N-CENTRALIZED-LOGGING}.
 */
public final class AuditTrailScenario {

    private static final RemoteScript PROBE = RemoteScript.load(AuditTrailScenario.class, "audit-probe.sh");
    private static final RemoteScript SHIPPING = RemoteScript.load(AuditTrailScenario.class, "log-shipping.sh");
    /** How long the writes are waited for at most; only a bound: the wait ends when a control after them is logged. */
    static final Duration LOGGED_WITHIN = Duration.ofSeconds(30);

    public record Findings(Instant startedAt, Duration elapsed, List<Observation> writes, List<Observation> stop,
                           List<Observation> flood, List<Observation> history, ScriptOutput shipping, Observation marker, Path evidence) {
    }

    private AuditTrailScenario() {
    }

    public static Findings findings(AttackRun run) {
        return run.observeOnce(Findings.class, () -> probe(run));
    }

    private static Findings probe(AttackRun run) {
        Instant started = Instant.now();
        StringBuilder text = new StringBuilder("The audit trail of " + run.target().describe() + "\n\n");
        ScriptOutput watcher = step(run, "watcher");
        text.append("watcher before: ").append(watcher.value("WATCHER")).append(" (active, main pid, user)\n");
        String owner = watcher.value("OWNER").isBlank() ? "the owner of /workspace" : watcher.value("OWNER") + " (the owner of /workspace)";
        text.append("audited identity: ").append(owner).append(", without sudo\n\n");
        text.append("writes (each must be in the watcher's log; one is lost when a control written after it is logged"
                + " and it is not; waited at most ").append(LOGGED_WITHIN.toSeconds()).append(" s):\n");
        List<String> kinds = new ArrayList<>(List.of("write"));
        AuditWrite.ALL.forEach(w -> kinds.add(w.kind()));
        Instant writing = Instant.now();
        ScriptOutput written = step(run, kinds.toArray(String[]::new));
        LogReading reading = readLog(run.token(), written, (start, asked) -> {
            List<String> args = new ArrayList<>(List.of("logged", start));
            asked.forEach(name -> {
                args.add(name);
                args.add(AuditWrite.ALL.stream().filter(w -> name(run.token(), w).equals(name)).findFirst()
                        .map(w -> w.events().isEmpty() ? "-" : w.events()).orElse("-"));
            });
            return step(run, args.toArray(String[]::new));
        }, LOGGED_WITHIN);
        List<Observation> writes = judgeWrites(run.token(), written, reading);
        text.append("  (").append(AuditWrite.ALL.size()).append(" writes in ").append(Duration.between(writing, Instant.now()).toMillis())
                .append(" ms, until every one was logged, a control after them was, or the bound ended)\n");
        written.lines().stream().filter(l -> !l.kind().equals("START")).forEach(l -> text.append("  ").append(l.text()).append('\n'));
        writes.forEach(o -> text.append("  ").append(o).append('\n'));
        step(run, "write", "cleanup");

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
        dev.gjallarhorn.host.Progress.say("C-OVERLAY-WATCHER audit trail: " + AuditWrite.ALL.size() + " kinds of write, tampering and a flood in "
                + Duration.between(started, Instant.now()).toMillis() + " ms");
        return new Findings(started, Duration.between(started, Instant.now()), writes, stop, flood, history, shipping, marker, evidence.relativePath());
    }

    public static ClaimEvaluation watcher(AttackRun run) {
        String claim = "C-OVERLAY-WATCHER";
        Findings f = findings(run);
        Outcome predicted = Prediction.forClaim(run.claim(claim));
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim("every write under /workspace is in the watcher's log within " + LOGGED_WITHIN.toSeconds() + " s", predicted, f.writes()),
                PartEvaluation.claim("the audited identity cannot stop the watcher", predicted, f.stop()),
                PartEvaluation.claim("the audited identity cannot make it lose events", predicted, f.flood()),
                PartEvaluation.claim("the audited identity cannot move or empty its log", predicted, f.history()));
        long unaudited = f.writes().stream().filter(o -> o.outcome() == Outcome.SUCCEEDED).count();
        long tampering = parts.subList(1, 4).stream().flatMap(p -> p.observations().stream()).filter(o -> o.outcome() == Outcome.SUCCEEDED).count();
        String observed = (unaudited == 0 ? "every write was logged" : unaudited + " write(s) not logged")
                + "; " + (tampering == 0 ? "the audited identity could not silence it" : "the audited identity silenced it " + tampering + " way(s)");
        return new ClaimEvaluation(claim, parts, observed, List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    public static ClaimEvaluation auditTrail(AttackRun run) {
        String claim = "T-008";
        Findings f = findings(run);
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim("overlay-watcher exists: ordinary writes under /workspace (create, modify, delete, move) are logged",
                        Prediction.forPart(run.claim(claim), "overlay-watcher", Outcome.BLOCKED),
                        f.writes().stream().filter(AuditTrailScenario::ordinary).toList()),
                PartEvaluation.claim("no centralized logging: nothing ships the logs off the VM",
                        Prediction.forPart(run.claim(claim), "centralized logging", Outcome.BLOCKED), List.of(shipping(f))),
                PartEvaluation.note("a syslog marker towards a canary", Outcome.BLOCKED, List.of(f.marker())));
        return new ClaimEvaluation(claim, parts, shipping(f).detail(), List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    public static ClaimEvaluation centralizedLogging(AttackRun run) {
        String claim = "N-CENTRALIZED-LOGGING";
        Findings f = findings(run);
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim("nothing ships the logs off the VM (journal upload, remote syslog, log shippers)",
                        Prediction.forClaim(run.claim(claim)), List.of(shipping(f))),
                PartEvaluation.note("a syslog marker towards a canary", Outcome.BLOCKED, List.of(f.marker())));
        return new ClaimEvaluation(claim, parts, shipping(f).detail() + "; " + f.shipping().value("RETENTION"), List.of(f.evidence()),
                f.startedAt(), f.elapsed());
    }

    /** A create, modify, delete or move: what shows a watcher exists (every other write is C-OVERLAY-WATCHER's question). */
    static boolean ordinary(Observation write) {
        return AuditWrite.ALL.subList(0, 4).stream().anyMatch(w -> write.subject().startsWith(w.kind() + " of "));
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

    /** The answer to one {@code logged} call: the script's output for these names, read from log byte {@code start} on. */
    interface LogQuery {
        ScriptOutput ask(String start, List<String> names);
    }

    /**
     * What the watcher's log showed of this run's writes and controls: the names seen in it (in some call, each call
     * one read of the log), and, when the last call could not read the log, why (empty otherwise).
     */
    record LogReading(Set<String> seen, String trouble) {
    }

    /**
     * Asks the log for every write and control of the write step, again and again until {@link #decided} or
     * {@code within} has passed: a logged write or a logged final control costs no wait, only a watcher that logs
     * nothing of them costs the bound. Nothing is asked without this run's start in the log.
     */
    static LogReading readLog(String token, ScriptOutput written, LogQuery query, Duration within) {
        Set<String> seen = new LinkedHashSet<>();
        String[] trouble = {""};
        String start = written.value("START").trim();
        if (!start.matches("\\d+")) {
            return new LogReading(seen, "");
        }
        List<String> names = new ArrayList<>(AuditWrite.ALL.stream().map(w -> name(token, w)).toList());
        written.all("CONTROL").forEach(c -> names.add(c.word(1)));
        eventually(() -> {
            ScriptOutput answer = query.ask(start, names.stream().filter(n -> !seen.contains(n)).toList());
            List<ScriptOutput.Line> counts = answer.all("LOGGED");
            trouble[0] = counts.isEmpty() ? (answer.value("NOLOG").isEmpty() ? "the log query gave no answer" : answer.value("NOLOG")) : "";
            counts.stream().filter(c -> SecretLeakScenario.parseInt(c.word(0)) > 0).forEach(c -> seen.add(c.word(1)));
            return decided(token, written, seen);
        }, within);
        return new LogReading(seen, trouble[0]);
    }

    /**
     * Whether every write of the step is decided: logged, or behind a final control that is (inotify keeps one queue
     * in order, so whatever was not logged by then never will be), or there is no watch on the tree to log it.
     */
    static boolean decided(String token, ScriptOutput written, Set<String> seen) {
        boolean allLogged = AuditWrite.ALL.stream().allMatch(w -> seen.contains(name(token, w)));
        return allLogged || seen.contains(control(written, "end")) || word(written.value("WATCHED"), 0).equals("no");
    }

    /**
     * Each write as an observation: BLOCKED when the watcher logged it; SUCCEEDED (lost) when it did not while a control
     * written after it was logged, or when no process of the watcher watches the top of the tree at all; could not
     * run otherwise: timeout (nothing after it was logged, so it may only be late; or its directory was not seen
     * handled before it was written), probe-error (the write step or the log gave no answer, or the write itself failed:
     * {@code WRITE-FAILED <kind> <why>}).
     */
    static List<Observation> judgeWrites(String token, ScriptOutput written, LogReading reading) {
        boolean wrote = written.value("START").trim().matches("\\d+");
        Set<String> notBehind = new java.util.HashSet<>();
        written.all("BARRIER-LOST").forEach(l -> notBehind.add(l.word(0)));
        java.util.Map<String, String> failed = new java.util.HashMap<>();
        written.all("WRITE-FAILED").forEach(l -> failed.merge(l.word(0), l.rest(1).strip(), (a, b) -> a + "; " + b));
        Set<String> seen = reading.seen();
        String endControl = control(written, "end");
        boolean endLogged = seen.contains(endControl);
        String[] watched = written.value("WATCHED").split(" ");
        boolean unwatched = watched[0].equals("no");
        List<Observation> observations = new ArrayList<>();
        for (AuditWrite write : AuditWrite.ALL) {
            String subject = write.kind() + " of /workspace/" + name(token, write) + " (" + write.what() + ")";
            String own = control(written, write.kind());
            Observation o;
            if (!wrote) {
                o = noAnswer(subject, written, "START");
            } else if (seen.contains(name(token, write))) {
                o = Observation.blocked(subject, "in the watcher log");
            } else if (failed.containsKey(write.kind())) {
                o = Observation.couldNotRun(subject, Reason.PROBE_ERROR, "the write itself failed (" + failed.get(write.kind())
                        + "): there was nothing for the watcher to log");
            } else if (unwatched) {
                o = Observation.succeeded(subject, "not in the watcher log, and none of the " + word(written.value("WATCHED"), 2)
                        + " inotify watches of the watcher's " + word(written.value("WATCHED"), 1) + " process(es) is on the top of the tree:"
                        + " nothing was there to log it");
            } else if (notBehind.contains(write.kind())) {
                o = Observation.couldNotRun(subject, Reason.TIMEOUT, "not in the watcher log, but a control write before it was not logged"
                        + " in time either, so it was not made behind the watcher (a directory it may not have watched yet)");
            } else if (!own.isEmpty() && seen.contains(own)) {
                o = Observation.succeeded(subject, "not in the watcher log, while a control written after it in the same directory"
                        + " (" + own + ") was: an unaudited write");
            } else if (endLogged) {
                o = Observation.succeeded(subject, "not in the watcher log, while the control written after every write (" + endControl
                        + ") was" + (own.isEmpty() ? "" : ", and the one after it in its own directory was not: it does not watch there")
                        + ": an unaudited write");
            } else if (!reading.trouble().isEmpty()) {
                o = Observation.couldNotRun(subject, Reason.PROBE_ERROR, "the watcher log could not be read: " + reading.trouble());
            } else {
                o = Observation.couldNotRun(subject, Reason.TIMEOUT, "not in the watcher log, and no control written after it was"
                        + " logged within " + LOGGED_WITHIN.toSeconds() + " s: it may only be late");
            }
            observations.add(o);
        }
        return observations;
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
        int files = SecretLeakScenario.parseInt(word(out.value("FLOOD"), 0));
        int logged = SecretLeakScenario.parseInt(word(out.value("FLOOD"), 1));
        int overflow = SecretLeakScenario.parseInt(word(out.value("FLOOD"), 2));
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
    static Observation noAnswer(String subject, ScriptOutput out, String kind) {
        String stderr = out.result().stderr().strip();
        String how = out.result().timedOut() ? "timed out" : out.result().exitStatus().isPresent() ? "exit " + out.result().exitStatus().getAsInt()
                : "no exit status";
        return Observation.couldNotRun(subject, out.result().timedOut() ? Reason.TIMEOUT : Reason.PROBE_ERROR, "no " + kind + " line ("
                + how + (stderr.isEmpty() ? "" : ": " + stderr.lines().findFirst().orElse("")) + ")");
    }

    /** The name (relative to /workspace) of the control the write step wrote after {@code kind}; empty if it printed none. */
    private static String control(ScriptOutput written, String kind) {
        return written.all("CONTROL").stream().filter(c -> c.word(0).equals(kind)).findFirst().map(c -> c.word(1)).orElse("");
    }

    private static String word(String text, int index) {
        String[] words = text.trim().split("\\s+");
        return index < words.length ? words[index] : "";
    }

    private static ScriptOutput step(AttackRun run, String... args) {
        List<String> all = new ArrayList<>(List.of(args[0], run.token()));
        all.addAll(List.of(args).subList(1, args.length));
        // the flood writes some 18,000 files and then waits up to 45 s for its control: on a busy machine that is minutes
        Duration bound = args[0].equals("flood") ? Duration.ofMinutes(4) : Duration.ofMinutes(2);
        return ScriptOutput.of(run.target().run(Cmd.script(PROBE, all.toArray(String[]::new)).asRoot(), bound));
    }

    static String name(String token, AuditWrite write) {
        return "." + token + "-audit" + write.suffix();
    }

    /**
     * A write the watcher must log: the probe's kind, the file's name after the run's prefix, the events that count
     * (a regex; empty: any line naming the file) and what it stands for.
     */
    record AuditWrite(String kind, String suffix, String events, String what) {
        static final List<AuditWrite> ALL = List.of(
                new AuditWrite("create", "-create", "", "a new file"),
                new AuditWrite("modify", "-modify", "MODIFY", "an append"),
                new AuditWrite("delete", "-delete", "DELETE", "a removal"),
                new AuditWrite("move", "-moved", "", "a rename inside the tree"),
                new AuditWrite("deep", "-deep/a/b/c/d/file", "", "a new directory four levels deep, written at once"),
                new AuditWrite("hooks", "-repo/hooks/post-checkout", "", "a hook in a new directory"),
                new AuditWrite("githooks", "-git/.git/hooks/pre-commit", "", "a path under .git/hooks"),
                new AuditWrite("rename-in", "-renamed-in", "", "a rename into the tree from /tmp"),
                new AuditWrite("rename-out", "-out", "DELETE|MOVED_FROM", "a rename out of the tree to /tmp"),
                new AuditWrite("hardlink", "-hardlink", "", "a hard link"),
                new AuditWrite("chmod", "-mode", "ATTRIB", "a mode change to 0755"));
    }

    private static boolean eventually(java.util.concurrent.Callable<Boolean> condition, Duration within) {
        try {
            await().pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250)).atMost(within).until(condition);
            return true;
        } catch (ConditionTimeoutException notInTime) {
            return false;
        }
    }
}
