package dev.gjallarhorn.attack.audit;

import dev.gjallarhorn.probe.ScriptOutput;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.attack.audit.AuditWriters.Access;
import dev.gjallarhorn.attack.audit.AuditWriters.Layers;
import dev.gjallarhorn.attack.audit.AuditWriters.Planned;
import dev.gjallarhorn.attack.audit.AuditWriters.Way;
import dev.gjallarhorn.surface.Principal;
import dev.gjallarhorn.surface.Surface;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The writes half of the audit trail: every way to write the overlay, as every identity that can, of every kind
 * ({@link AuditWriters}, {@link AuditWrite}), each followed by a control the watcher must log. A write is lost only
 * when a control written after it was logged and it was not (inotify keeps one queue in order), or when no process of
 * the watcher watches the tree at all; a write nothing after it was logged for is a timeout, never a loss.
 */
final class WriteAudit {

    /** How long the writes are waited for at most; only a bound: the wait ends when a control after them is logged. */
    static final Duration LOGGED_WITHIN = Duration.ofSeconds(30);

    private WriteAudit() {
    }

    /**
     * What the writes showed: {@code writes} (to the upper layer, through the merged view or directly, with the
     * identities that could not write there), {@code ordinary} (the owner's creates, modifies, deletes and moves
     * through /workspace: T-008's), {@code lowerLayer} (writes to the lower layer: shown, not judged), and a summary.
     */
    record Result(List<Observation> writes, List<Observation> ordinary, List<Observation> lowerLayer, String summary) {
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

    static Result probe(AttackContext run, String owner, StringBuilder text) {
        Surface surface = run.surface();
        Layers layers = Layers.of(surface.mounts());
        List<Principal> identities = surface.identities();
        List<String> args = new ArrayList<>(List.of("writers"));
        args.addAll(layers.args());
        args.addAll(AuditWriters.identityArgs(identities));
        ScriptOutput writers = AuditTrailProbe.step(run, args.toArray(String[]::new));
        List<Planned> plan = AuditWriters.plan(AuditWriters.parse(writers));
        ScriptOutput written = null;
        LogReading reading = new LogReading(Set.of(), "");
        long began = System.nanoTime();
        if (!plan.isEmpty()) {
            List<String> write = new ArrayList<>(List.of("write"));
            write.addAll(layers.args());
            plan.forEach(p -> write.add(p.spec()));
            try {
                written = AuditTrailProbe.step(run, write.toArray(String[]::new));
                Map<String, String> events = new HashMap<>();
                plan.forEach(p -> events.put(p.name(run.token()), p.write().events().isEmpty() ? "-" : p.write().events()));
                reading = readLog(run.token(), plan, written, (start, asked) -> {
                    List<String> logged = new ArrayList<>(List.of("logged", start));
                    asked.forEach(name -> {
                        logged.add(name);
                        logged.add(events.getOrDefault(name, "-"));
                    });
                    return AuditTrailProbe.step(run, logged.toArray(String[]::new));
                }, LOGGED_WITHIN);
            } finally {
                List<String> cleanup = new ArrayList<>(List.of("cleanup"));
                cleanup.addAll(layers.args());
                AuditTrailProbe.step(run, cleanup.toArray(String[]::new));
            }
        }
        Result result = judge(run.token(), owner, layers, !identities.isEmpty(), writers, plan, written, reading);
        WriteAuditEvidence.describe(text, run.token(), layers, identities, writers, plan, written, result, Duration.ofNanos(System.nanoTime() - began));
        return result;
    }

    /**
     * The writes step's findings as observations. Per way (the merged view and the upper layer judged; the lower layer
     * shown): each identity refused there is BLOCKED (it has no write to hide), one that could not be tried is
     * probe-error, a way no identity was tried in is precondition-unmet or probe-error; the surface's identities not
     * read, or a layer's ACL not read, is probe-error (who else may write was not tried); each write made is judged
     * by {@link #judgeWrites}.
     */
    static Result judge(String token, String owner, Layers layers, boolean identitiesRead, ScriptOutput writers, List<Planned> plan,
                        ScriptOutput written, LogReading reading) {
        List<Access> access = AuditWriters.parse(writers);
        Map<Planned, Observation> judged = written == null ? Map.of() : judgeWrites(token, layers, plan, written, reading);
        List<Observation> writes = new ArrayList<>();
        List<Observation> lower = new ArrayList<>();
        if (!identitiesRead) {
            writes.add(Observation.couldNotRun("the target's identities", Reason.PROBE_ERROR, "could not be read (evidence/surface/identities.txt):"
                    + " the login user, the gateway's service user and an unrelated user were not tried unless a layer names them"));
        }
        for (ScriptOutput.Line layer : writers.all("LAYER")) {
            if (layer.word(4).equals("unread") && !layer.word(0).equals("lower")) {
                writes.add(Observation.couldNotRun("the ACL of the " + layer.word(0) + " directory " + layer.word(1), Reason.PROBE_ERROR,
                        "it has one, and getfacl is not there to show it: who else it lets write was not tried"));
            }
        }
        writes.addAll(AuditWriters.untried(access, layers, List.of(Way.MERGED, Way.UPPER)));
        lower.addAll(AuditWriters.untried(access, layers, List.of(Way.LOWER)));
        for (Access a : access) {
            AuditWriters.observe(a, layers).ifPresent(o -> (a.way() == Way.LOWER ? lower : writes).add(o));
        }
        List<Observation> ordinary = new ArrayList<>();
        for (Planned p : plan) {
            Observation o = judged.containsKey(p) ? judged.get(p) : AuditTrailScenario.noAnswer(p.subject(token, layers), written == null
                    ? ScriptOutput.of(writers.result()) : written, "START");
            (p.writer().way() == Way.LOWER ? lower : writes).add(o);
            if (p.ordinaryBy(owner)) {
                ordinary.add(o);
            }
        }
        return new Result(writes, ordinary, lower, summary(access, plan, judged));
    }

    private static String summary(List<Access> access, List<Planned> plan, Map<Planned, Observation> judged) {
        List<Planned> upper = plan.stream().filter(p -> p.writer().way() != Way.LOWER).toList();
        long writers = upper.stream().map(Planned::writer).distinct().count();
        long lost = upper.stream().filter(p -> judged.containsKey(p) && judged.get(p).outcome() == Outcome.SUCCEEDED).count();
        long undecided = upper.stream().filter(p -> !judged.containsKey(p) || judged.get(p).outcome() == Outcome.COULD_NOT_RUN).count();
        long refused = access.stream().filter(a -> a.way() != Way.LOWER && a.result().equals("refused")).count();
        return (lost > 0 ? lost + " write(s) not logged" : undecided == 0 ? "every write was logged" : "no write shown lost") + " (" + upper.size() + " writes by " + writers
                + " writer(s) of the merged view and the upper layer, " + AuditWrite.ALL.size() + " kinds each"
                + (undecided == 0 ? "" : ", " + undecided + " undecided") + "; " + refused + " identity-layer pair(s) refused)";
    }

    /**
     * Asks the log for every write and control of the write step, again and again until {@link #decided} or
     * {@code within} has passed: a logged write or a logged final control costs no wait, only a watcher that logs
     * nothing of them costs the bound. Nothing is asked without this run's start in the log.
     */
    static LogReading readLog(String token, List<Planned> plan, ScriptOutput written, LogQuery query, Duration within) {
        Set<String> seen = new LinkedHashSet<>();
        String[] trouble = {""};
        String start = written.value("START").trim();
        if (!start.matches("\\d+")) {
            return new LogReading(seen, "");
        }
        List<String> names = new ArrayList<>(plan.stream().map(p -> p.name(token)).toList());
        written.all("CONTROL").forEach(c -> names.add(c.word(1)));
        AuditTrailProbe.eventually(() -> {
            ScriptOutput answer = query.ask(start, names.stream().filter(n -> !seen.contains(n)).toList());
            List<ScriptOutput.Line> counts = answer.all("LOGGED");
            trouble[0] = counts.isEmpty() ? (answer.value("NOLOG").isEmpty() ? "the log query gave no answer" : answer.value("NOLOG")) : "";
            counts.stream().filter(c -> ScriptOutput.number(c.word(0)) > 0).forEach(c -> seen.add(c.word(1)));
            return decided(token, plan, written, seen);
        }, within);
        return new LogReading(seen, trouble[0]);
    }

    /**
     * Whether every write of the step is decided: logged, or behind a final control that is (inotify keeps one queue
     * in order, so whatever was not logged by then never will be), or there is no watch on the tree to log it.
     */
    static boolean decided(String token, List<Planned> plan, ScriptOutput written, Set<String> seen) {
        boolean allLogged = plan.stream().allMatch(p -> seen.contains(p.name(token)));
        return allLogged || seen.contains(control(written, "end")) || AuditTrailScenario.word(written.value("WATCHED"), 0).equals("no");
    }

    /**
     * Each write as an observation: BLOCKED when the watcher logged it; SUCCEEDED (lost) when it did not while a control
     * written after it was logged, or when no process of the watcher watches the top of the tree at all; could not
     * run otherwise: timeout (nothing after it was logged, so it may only be late; or its directory was not seen
     * handled before it was written; or, for a write that changes a prepared file, the preparation was not seen logged
     * before the log's start, so a line naming the file may be the preparation's), probe-error (the write step or the
     * log gave no answer, or the write itself failed: {@code WRITE-FAILED <label> <why>}).
     */
    static Map<Planned, Observation> judgeWrites(String token, Layers layers, List<Planned> plan, ScriptOutput written, LogReading reading) {
        boolean wrote = written.value("START").trim().matches("\\d+");
        Set<String> notBehind = new HashSet<>();
        written.all("BARRIER-LOST").forEach(l -> notBehind.add(l.word(0)));
        Map<String, String> failed = new HashMap<>();
        written.all("WRITE-FAILED").forEach(l -> failed.merge(l.word(0), l.rest(1).strip(), (a, b) -> a + "; " + b));
        Set<String> seen = reading.seen();
        String endControl = control(written, "end");
        boolean endLogged = seen.contains(endControl);
        String watched = written.value("WATCHED");
        boolean unwatched = AuditTrailScenario.word(watched, 0).equals("no");
        Map<Planned, Observation> observations = new LinkedHashMap<>();
        for (Planned p : plan) {
            String subject = p.subject(token, layers);
            String own = control(written, p.label());
            String as = " (as " + p.writer().identity() + ")";
            Observation o;
            if (!wrote) {
                o = AuditTrailScenario.noAnswer(subject, written, "START");
            } else if (seen.contains(p.name(token)) && p.write().prepared() && notBehind.contains("prepare")) {
                o = Observation.couldNotRun(subject, Reason.TIMEOUT, "named in the watcher log, but the file it changes was not seen logged"
                        + " before the log's start was taken: the line may be the file's making");
            } else if (seen.contains(p.name(token))) {
                o = Observation.blocked(subject, "in the watcher log");
            } else if (failed.containsKey(p.label())) {
                o = Observation.couldNotRun(subject, Reason.PROBE_ERROR, "the write itself failed (" + failed.get(p.label())
                        + "): there was nothing for the watcher to log");
            } else if (unwatched) {
                o = Observation.succeeded(subject, "not in the watcher log, and none of the " + AuditTrailScenario.word(watched, 2)
                        + " inotify watches of the watcher's " + AuditTrailScenario.word(watched, 1) + " process(es) is on the top of the tree:"
                        + " nothing was there to log it");
            } else if (notBehind.contains(p.label())) {
                o = Observation.couldNotRun(subject, Reason.TIMEOUT, "not in the watcher log, but a control write before it was not logged"
                        + " in time either, so it was not made behind the watcher (a directory it may not have watched yet)");
            } else if (!own.isEmpty() && seen.contains(own)) {
                o = Observation.succeeded(subject, "not in the watcher log, while a control written after it in the same directory" + as
                        + " (" + own + ") was: an unaudited write");
            } else if (endLogged) {
                o = Observation.succeeded(subject, "not in the watcher log, while the control written after every write (" + endControl
                        + ") was" + (own.isEmpty() ? "" : ", and the one after it in its own directory" + as + " was not: it does not watch"
                        + " there, or leaves that identity's writes out") + ": an unaudited write");
            } else if (!reading.trouble().isEmpty()) {
                o = Observation.couldNotRun(subject, Reason.PROBE_ERROR, "the watcher log could not be read: " + reading.trouble());
            } else {
                o = Observation.couldNotRun(subject, Reason.TIMEOUT, "not in the watcher log, and no control written after it was"
                        + " logged within " + LOGGED_WITHIN.toSeconds() + " s: it may only be late");
            }
            observations.put(p, o);
        }
        return observations;
    }

    /** The name (relative to /workspace) of the control the write step wrote after {@code label}; empty if it printed none. */
    static String control(ScriptOutput written, String label) {
        return written.all("CONTROL").stream().filter(c -> c.word(0).equals(label)).findFirst().map(c -> c.word(1)).orElse("");
    }
}
