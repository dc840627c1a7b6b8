package dev.gjallarhorn.attack.audit;

import dev.gjallarhorn.probe.ScriptOutput;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether the audit log keeps what was written before the watcher stops: a write and a control after it, then the
 * watcher restarted the way the system restarts it (a reboot, an update, a crash's Restart=), then a control after the
 * restart (audit-probe.sh {@code durability}). A write made before the stop that is not in the log once a control
 * written after the restart is, was lost. A control not logged within the bound while the watcher ran and watched,
 * and in the log right after the stop, shows the watcher holds its output back (buffered).
 */
final class WatcherRestart {

    static final String UNIT = "overlay-watcher.service";
    static final String SUBJECT = "the writes made before the watcher restarts (systemctl restart " + UNIT + ", as root)";

    private WatcherRestart() {
    }

    /** Not tried: restarting the watcher of a real target changes it. */
    static Observation notAllowed() {
        return Observation.couldNotRun(SUBJECT, Reason.PRECONDITION_UNMET, "not tried: it restarts the watcher of a real target"
                + " (allow it with -Dgjallarhorn.invasive=true)");
    }

    /**
     * The durability step as one observation: a write or control made before the stop missing after it (or the log's
     * earlier bytes changed) while the control after the restart is logged is SUCCEEDED (lost); all there is BLOCKED;
     * the control after the restart not logged is a timeout; the restart failing or the watcher not back is a probe
     * error.
     */
    static Observation judge(ScriptOutput out) {
        if (!out.all("DURABLE-NOT-RUN").isEmpty()) {
            ScriptOutput.Line notRun = out.all("DURABLE-NOT-RUN").get(0);
            return Observation.couldNotRun(SUBJECT, notRun.word(0).equals("precondition-unmet") ? Reason.PRECONDITION_UNMET
                    : Reason.PROBE_ERROR, notRun.rest(1));
        }
        ScriptOutput.Line names = first(out, "DURABLE-WRITES");
        ScriptOutput.Line before = first(out, "DURABLE-BEFORE");
        ScriptOutput.Line restart = first(out, "DURABLE-RESTART");
        if (names == null || before == null || restart == null) {
            return AuditTrailScenario.noAnswer(SUBJECT, out, names == null ? "DURABLE-WRITES" : before == null ? "DURABLE-BEFORE" : "DURABLE-RESTART");
        }
        if (!restart.word(0).equals("0") || !restart.word(3).equals("active")) {
            return Observation.couldNotRun(SUBJECT, Reason.PROBE_ERROR, "the restart " + (restart.word(0).equals("0") ? "ran" : "failed (exit "
                    + restart.word(0) + ": " + restart.rest(4) + ")") + ", and the watcher is " + restart.word(3) + " after it");
        }
        ScriptOutput.Line stopped = first(out, "DURABLE-AFTER-STOP");
        ScriptOutput.Line after = first(out, "DURABLE-AFTER");
        if (stopped == null || after == null) {
            return AuditTrailScenario.noAnswer(SUBJECT, out, stopped == null ? "DURABLE-AFTER-STOP" : "DURABLE-AFTER");
        }
        String write = "/workspace/" + names.word(0);
        String control = "/workspace/" + names.word(1);
        String late = buffering(out).map(o -> "; " + o.detail()).orElse("");
        int pushed = ScriptOutput.number(after.word(1));
        String push = pushed > 0 ? " (logged only after " + pushed + " more files were written: the watcher writes its output out in blocks)" : "";
        if (!after.word(0).equals("logged")) {
            return Observation.couldNotRun(SUBJECT, Reason.TIMEOUT, "a control written after the restart (/workspace/" + names.word(2)
                    + ") was not logged, even after " + pushed + " more files: whether the writes before the stop survived cannot be told");
        }
        List<String> lost = new ArrayList<>();
        if (ScriptOutput.number(after.word(2)) <= 0) {
            lost.add("a create and removal of " + write);
        }
        if (ScriptOutput.number(after.word(3)) <= 0) {
            lost.add("a create of " + control + " (written after it)");
        }
        if (stopped.word(2).equals("CHANGED")) {
            lost.add("the log's earlier lines (its first bytes are not what they were before the restart)");
        }
        boolean loggedBefore = before.word(0).equals("logged");
        if (!lost.isEmpty()) {
            return Observation.succeeded(SUBJECT, "lost at the restart: " + String.join("; ", lost) + ", made before the stop"
                    + (loggedBefore ? " and logged then" : ", not logged within " + WriteAudit.LOGGED_WITHIN.toSeconds() + " s while the watcher ran")
                    + ", is not in the log after it, while a control written after the restart (/workspace/" + names.word(2) + ") is" + push);
        }
        return Observation.blocked(SUBJECT, "every write made before the stop is in the log after the restart" + late + push);
    }

    /**
     * Evidence of buffering, for the writes' own part: the control before the stop not logged within the bound while a
     * process of the watcher watched the tree, and in the log right after the stop (the stop flushed it): SUCCEEDED.
     */
    static Optional<Observation> buffering(ScriptOutput out) {
        ScriptOutput.Line names = first(out, "DURABLE-WRITES");
        ScriptOutput.Line before = first(out, "DURABLE-BEFORE");
        ScriptOutput.Line stopped = first(out, "DURABLE-AFTER-STOP");
        if (names == null || before == null || stopped == null || !before.word(0).equals("not-logged") || !before.word(3).equals("yes")
                || ScriptOutput.number(stopped.word(1)) <= 0) {
            return Optional.empty();
        }
        return Optional.of(Observation.succeeded("a create of /workspace/" + names.word(1) + " before the watcher stops",
                "not in the watcher's log within " + WriteAudit.LOGGED_WITHIN.toSeconds() + " s while it ran and watched the tree, and in it"
                        + " right after it was stopped: the watcher buffers its output, and writes sit unlogged until it stops"));
    }

    private static ScriptOutput.Line first(ScriptOutput out, String kind) {
        List<ScriptOutput.Line> lines = out.all(kind);
        return lines.isEmpty() ? null : lines.get(0);
    }
}
