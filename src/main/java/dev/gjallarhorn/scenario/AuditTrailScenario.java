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
 * The audit trail. Writes under {@code /workspace} must show up in the overlay watcher's log within a few seconds:
 * create, modify, delete, move, and the writes watchers lose in practice ({@link AuditWrite#ALL}: a new directory
 * several levels deep written at once, a hook in a new directory, a path under {@code .git/hooks}, renames into
 * and out of the tree, a hard link, a mode change); a lost one is named in the evidence. Then, as the audited identity (the workspace's owner, without sudo): stop
 * the watcher and see whether systemd brings it back, pause it and write past its event queue, move its log
 * away, empty it. Every step is undone. The writes go out in one step and are then looked for together until each
 * is logged or the window has passed, so a logged write costs no wait; the hook writes make their directories one
 * level at a time, each behind a control write the watcher must log first, so they test the watcher's recursion
 * and exclusions, not the race of a tree made at once (the deep write's question). Whether anything ships the logs off the VM is read from the target, with
 * a syslog marker sent towards a canary as second evidence. Judges {@code C-OVERLAY-WATCHER}, {@code T-008} and
 * {@code N-CENTRALIZED-LOGGING}.
 */
public final class AuditTrailScenario {

    private static final RemoteScript PROBE = RemoteScript.load(AuditTrailScenario.class, "audit-probe.sh");
    private static final RemoteScript SHIPPING = RemoteScript.load(AuditTrailScenario.class, "log-shipping.sh");
    static final Duration LOGGED_WITHIN = Duration.ofSeconds(6);

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
        List<Observation> writes = new ArrayList<>();
        text.append("writes (each must be in the watcher's log within ").append(LOGGED_WITHIN.toSeconds()).append(" s):\n");
        List<String> kinds = new ArrayList<>(List.of("write"));
        AuditWrite.ALL.forEach(w -> kinds.add(w.kind()));
        Instant writing = Instant.now();
        ScriptOutput written = step(run, kinds.toArray(String[]::new));
        String start = written.value("START").trim();
        boolean wrote = start.matches("\\d+");
        Set<String> notBehind = new java.util.HashSet<>();
        written.all("BARRIER-LOST").forEach(l -> notBehind.add(l.word(0)));
        // without this run's start in the log, a match could be an older run's line: nothing is judged then
        Set<AuditWrite> inLog = wrote ? loggedWithin(run, start, LOGGED_WITHIN) : Set.of();
        text.append("  (").append(AuditWrite.ALL.size()).append(" writes in ").append(Duration.between(writing, Instant.now()).toMillis())
                .append(" ms, until every one was logged or the window ended)\n");
        for (AuditWrite write : AuditWrite.ALL) {
            boolean in = inLog.contains(write);
            String subject = write.kind() + " of /workspace/" + name(run, write) + " (" + write.what() + ")";
            boolean behind = !notBehind.contains(write.kind());
            writes.add(!wrote ? Observation.couldNotRun(subject, Reason.PROBE_ERROR, "the write step gave no answer: "
                    + (written.lines().isEmpty() ? "no output" : written.lines().get(0).text()))
                    : !behind ? Observation.couldNotRun(subject, Reason.TIMEOUT, "the watcher did not log a control write within 5 s,"
                    + " so this write could not be made behind it (a directory it may not have watched yet)")
                    : in ? Observation.blocked(subject, "in the watcher log within " + LOGGED_WITHIN.toSeconds() + " s")
                    : Observation.succeeded(subject, "not in the watcher log after " + LOGGED_WITHIN.toSeconds() + " s: an unaudited write"));
            text.append("  ").append(subject).append(": ").append(!wrote ? "not judged (the write step gave no answer)"
                    : !behind ? "not judged (its control write was not logged)"
                    : in ? "logged" : "LOST (not logged)").append('\n');
        }
        step(run, "write", "cleanup");

        List<Observation> stop = new ArrayList<>();
        ScriptOutput.Line kill = step(run, "kill").all("KILL").get(0);
        text.append("\nSIGTERM to the watcher as ").append(owner).append(": ").append(kill.text()).append('\n');
        if (kill.word(0).equals("-1")) {
            stop.add(Observation.couldNotRun("stopping the watcher", Reason.PRECONDITION_UNMET, "the watcher is not running"));
        } else if (!kill.word(0).equals("0")) {
            stop.add(Observation.blocked("stopping the watcher as " + owner, "refused: " + kill.rest(1)));
        } else {
            // decided as soon as systemd is: active under a new pid (restarted), or inactive/failed (it will not be)
            String killed = watcher.value("WATCHER").split(" ").length > 1 ? watcher.value("WATCHER").split(" ")[1] : "";
            String[] state = {""};
            eventually(() -> {
                String[] now = step(run, "watcher").value("WATCHER").split(" ");
                state[0] = now[0].equals("active") && now.length > 1 && !now[1].equals(killed) ? "back"
                        : now[0].equals("inactive") || now[0].equals("failed") ? "down" : "";
                return !state[0].isEmpty();
            }, Duration.ofSeconds(10));
            boolean back = state[0].equals("back");
            stop.add(Observation.succeeded("stopping the watcher as " + owner, back
                    ? "killed; systemd restarted it, but writes in between went unaudited"
                    : state[0].equals("down") ? "killed, and systemd left the unit inactive: it will not bring it back"
                    : "killed, and systemd did not bring it back within 10 s"));
            text.append("restore: ").append(step(run, "restore-watcher").lines().get(0).text()).append('\n');
        }

        List<Observation> flood = new ArrayList<>();
        ScriptOutput.Line f = step(run, "flood").all("FLOOD").get(0);
        text.append("\nflood as ").append(owner).append(": ").append(f.text())
                .append(" (SIGSTOP exit, files written, logged, overflow lines)\n");
        int stopped = SecretLeakScenario.parseInt(f.word(0));
        int files = SecretLeakScenario.parseInt(f.word(1));
        int logged = SecretLeakScenario.parseInt(f.word(2));
        int overflow = SecretLeakScenario.parseInt(f.word(3));
        if (stopped == -1) {
            flood.add(Observation.couldNotRun("flooding the watcher", Reason.PRECONDITION_UNMET, "the watcher is not running"));
        } else if (logged < files || overflow > 0) {
            flood.add(Observation.succeeded("flooding the watcher as " + owner, (stopped == 0 ? "paused it with SIGSTOP, " : "")
                    + "wrote " + files + " files: " + logged + " logged" + (overflow > 0 ? ", queue overflow" : "")));
        } else {
            flood.add(Observation.blocked("flooding the watcher as " + owner, (stopped == 0 ? "paused it, yet " : "could not pause it; ")
                    + "all " + files + " writes logged"));
        }
        if (stopped == 0) {
            step(run, "restore-watcher");
        }

        List<Observation> history = new ArrayList<>();
        ScriptOutput.Line rename = step(run, "rename").all("RENAME").get(0);
        history.add(rename.word(0).equals("0") ? Observation.succeeded("moving the log away as " + owner, "moved (and moved back)")
                : Observation.blocked("moving the log away as " + owner, "refused: " + rename.rest(1)));
        ScriptOutput.Line truncate = step(run, "truncate").all("TRUNCATE").get(0);
        history.add(truncate.word(0).equals("0") && truncate.word(1).equals("0")
                ? Observation.succeeded("emptying the log as " + owner, "emptied (its history was put back: " + truncate.word(2) + ")")
                : Observation.blocked("emptying the log as " + owner, "refused: " + truncate.rest(3)));
        text.append("\n").append(rename.text()).append('\n').append(truncate.text()).append('\n');
        text.append("watcher after: ").append(step(run, "watcher").value("WATCHER")).append('\n');

        ScriptOutput shipping;
        Observation marker;
        Optional<Canaries> opened = run.openCanaries(List.of(CanaryPort.udp(514)));
        if (opened.isPresent()) {
            try (Canaries canaries = opened.get()) {
                shipping = ScriptOutput.of(run.target().run(Cmd.script(SHIPPING, run.token()).asRoot(), run.settings().commandTimeout()));
                canaries.settle();
                marker = canaries.hits().stream().anyMatch(h -> h.token().contains(run.token()) || !h.token().isEmpty())
                        ? Observation.blocked("a syslog marker", "arrived at the canary on udp/514: the logs leave the VM")
                        : Observation.succeeded("a syslog marker", "did not arrive at the canary on udp/514");
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
        List<String> forwarders = f.shipping().all("FORWARDER").stream().map(l -> l.rest(0)).toList();
        if (f.shipping().lines().isEmpty()) {
            return Observation.couldNotRun("log shipping", Reason.PROBE_ERROR, "the check did not run");
        }
        return forwarders.isEmpty() ? Observation.succeeded("log shipping", "no forwarder: the logs stay on the VM")
                : Observation.blocked("log shipping", "forwarded: " + String.join("; ", forwarders));
    }

    private static ScriptOutput step(AttackRun run, String... args) {
        List<String> all = new ArrayList<>(List.of(args[0], run.token()));
        all.addAll(List.of(args).subList(1, args.length));
        return ScriptOutput.of(run.target().run(Cmd.script(PROBE, all.toArray(String[]::new)).asRoot(), Duration.ofMinutes(2)));
    }

    private static String name(AttackRun run, AuditWrite write) {
        return "." + run.token() + "-audit" + write.suffix();
    }

    /**
     * The writes that are in the watcher's log from byte {@code logStart} on (this run's part), asked in one call
     * each poll until all are or {@code window} has passed since the last write: a lost write costs the window once,
     * a logged one no wait at all.
     */
    private static Set<AuditWrite> loggedWithin(AttackRun run, String logStart, Duration window) {
        Set<AuditWrite> logged = new LinkedHashSet<>();
        eventually(() -> {
            List<String> args = new ArrayList<>(List.of("logged", logStart));
            List<AuditWrite> open = AuditWrite.ALL.stream().filter(w -> !logged.contains(w)).toList();
            open.forEach(w -> {
                args.add(name(run, w));
                args.add(w.events().isEmpty() ? "-" : w.events());
            });
            for (ScriptOutput.Line count : step(run, args.toArray(String[]::new)).all("LOGGED")) {
                open.stream().filter(w -> name(run, w).equals(count.word(1)) && SecretLeakScenario.parseInt(count.word(0)) > 0)
                        .forEach(logged::add);
            }
            return logged.size() == AuditWrite.ALL.size();
        }, window);
        return logged;
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
