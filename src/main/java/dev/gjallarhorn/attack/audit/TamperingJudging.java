package dev.gjallarhorn.attack.audit;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.probe.ScriptOutput;

/**
 * Judging what the audited identity could do to the watcher (audit-probe.sh {@code kill}, {@code flood},
 * {@code rename}, {@code truncate}): pure functions from the steps' lines to observations; a refusal counts only
 * where it was seen.
 */
final class TamperingJudging {

    private TamperingJudging() {
    }

    /**
     * What systemd shows after a delivered SIGTERM, from a {@code WATCHER <state> <pid> <user>} value: {@code back}
     * (active under another pid), {@code down} (inactive or failed), or empty while neither is seen yet.
     */
    static String systemdAfterKill(String watcherValue, String killedPid) {
        String state = AuditTrailScenario.word(watcherValue, 0);
        String pid = AuditTrailScenario.word(watcherValue, 1);
        if (state.equals("active") && !pid.isEmpty() && !pid.equals("0") && !pid.equals(killedPid)) {
            return "back";
        }
        return state.equals("inactive") || state.equals("failed") ? "down" : "";
    }

    /** The kill step: refused (EPERM seen) is BLOCKED; a delivered SIGTERM that systemd showed ended is SUCCEEDED. */
    static Observation judgeKill(ScriptOutput kill, String afterKill, String owner) {
        String subject = "stopping the watcher as " + owner;
        String result = AuditTrailScenario.word(kill.value("KILL"), 0);
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
            default -> AuditTrailScenario.noAnswer(subject, kill, "KILL");
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
        int files = ScriptOutput.number(AuditTrailScenario.word(out.value("FLOOD"), 0));
        int logged = ScriptOutput.number(AuditTrailScenario.word(out.value("FLOOD"), 1));
        int overflow = ScriptOutput.number(AuditTrailScenario.word(out.value("FLOOD"), 2));
        String control = AuditTrailScenario.word(out.value("FLOOD"), 3);
        if (flood.length < 4 || files < 0 || logged < 0 || overflow < 0) {
            return AuditTrailScenario.noAnswer(subject, out, "FLOOD");
        }
        String pause = AuditTrailScenario.word(out.value("PAUSE"), 0);
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
                "emptied (its history was put back: " + AuditTrailScenario.word(out.value("TRUNCATE"), 2) + ")");
    }

    private static Observation judgeHistory(ScriptOutput out, String kind, String subject, String done, String doneDetail) {
        String value = out.value(kind);
        String result = AuditTrailScenario.word(value, 0);
        if (result.equals(done)) {
            return Observation.succeeded(subject, doneDetail);
        }
        return switch (result) {
            case "refused" -> Observation.blocked(subject, "refused: " + value.substring("refused".length()).trim());
            case "no-log" -> Observation.couldNotRun(subject, Reason.PRECONDITION_UNMET, "the watcher has no log file to tamper with");
            case "failed" -> Observation.couldNotRun(subject, Reason.PROBE_ERROR, "could not run: " + value);
            default -> AuditTrailScenario.noAnswer(subject, out, kind);
        };
    }
}
