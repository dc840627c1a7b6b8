package dev.gjallarhorn.attack.audit;

import dev.gjallarhorn.probe.ScriptOutput;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Reason;
import java.util.List;

/**
 * Whether anything consumes the watcher's log and acts on it (audit-probe.sh {@code alerting}): its consumers derived
 * from the target (processes holding it open, units, cron entries and scripts naming it, the programs those run and
 * the patterns they match), then writes such a consumer would care about, then their consequence: a mail spool or a
 * consumer unit's journal naming this run's token.
 */
final class LogAlerting {

    static final String SUBJECT = "an alert on sensitive writes recorded in the watcher's log";

    private LogAlerting() {
    }

    /**
     * An alert seen is BLOCKED (alerting exists); none, with the writes in the log and nothing consuming it, SUCCEEDED;
     * none while a consumer was found is a timeout (it may act later, or otherwise); the writes not in the log while a
     * consumer was found is oracle-blind (it could not have acted on them); with no consumer at all, nothing could
     * alert, whether or not the watcher logged the writes.
     */
    static Observation judge(ScriptOutput out) {
        if (!out.all("ALERT-NOT-RUN").isEmpty()) {
            ScriptOutput.Line notRun = out.all("ALERT-NOT-RUN").get(0);
            return Observation.couldNotRun(SUBJECT, notRun.word(0).equals("precondition-unmet") ? Reason.PRECONDITION_UNMET
                    : Reason.PROBE_ERROR, notRun.rest(1));
        }
        List<String> consumers = out.all("CONSUMER").stream().map(l -> l.word(0) + " " + l.rest(1)).toList();
        List<String> alerts = out.all("ALERTED").stream().map(l -> l.word(0) + " " + l.rest(1)).toList();
        String writes = String.join(", ", out.all("ALERT-WRITE").stream().map(l -> "/workspace/" + l.word(0)).toList());
        String by = consumers.isEmpty() ? "" : " (consumers of the log: " + String.join("; ", consumers) + ")";
        if (!alerts.isEmpty()) {
            return Observation.blocked(SUBJECT, "alerting exists: after writing " + writes + ", " + String.join("; ", alerts)
                    + " named them" + by);
        }
        if (out.all("ALERT-CHECKED").isEmpty()) {
            return AuditTrailScenario.noAnswer(SUBJECT, out, out.all("ALERT-LOGGED").isEmpty() ? "ALERT-LOGGED" : "ALERT-CHECKED");
        }
        ScriptOutput.Line logged = out.all("ALERT-LOGGED").get(0);
        int seen = ScriptOutput.number(logged.word(0));
        int written = ScriptOutput.number(logged.word(1));
        if ((written <= 0 || seen < written) && consumers.isEmpty()) {
            // nothing names or holds the log: no reader to ask; the writes missing from it are the watcher's own question
            return Observation.succeeded(SUBJECT, "nothing consumes the log (no other service holds it open; no unit, cron entry or script"
                    + " names it); " + seen + " of the " + Math.max(written, 0) + " sensitive writes reached it (the watcher's question, C-OVERLAY-WATCHER)");
        }
        if (written <= 0 || seen < written) {
            return Observation.couldNotRun(SUBJECT, Reason.ORACLE_BLIND, seen + " of the " + Math.max(written, 0) + " sensitive writes ("
                    + writes + ") reached the watcher's log: nothing reading it could have acted on the rest");
        }
        String waited = out.value("ALERT-CHECKED").trim();
        if (!consumers.isEmpty()) {
            return Observation.couldNotRun(SUBJECT, Reason.TIMEOUT, "no mail or journal entry named the " + written + " sensitive writes within "
                    + waited + " s, but something consumes the log" + by + ": it may act later, or otherwise");
        }
        return Observation.succeeded(SUBJECT, "nothing consumes the log (no other process holds it open; no unit, cron entry or script"
                + " names it), and no mail or journal entry named the " + written + " sensitive writes (" + writes + ") within " + waited + " s");
    }
}
