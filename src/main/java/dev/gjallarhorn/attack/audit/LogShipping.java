package dev.gjallarhorn.attack.audit;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.probe.ScriptOutput;
import dev.gjallarhorn.remote.RemoteScript;
import java.util.List;

/** Whether anything ships the logs off the VM (log-shipping.sh, run as root): the script, and judging what it printed. */
final class LogShipping {

    static final RemoteScript SCRIPT = RemoteScript.load(AuditTrailScenario.class, "log-shipping.sh");

    private LogShipping() {
    }

    /**
     * What log-shipping.sh printed, as one observation: a forwarder found is BLOCKED (the logs leave the VM); none,
     * with the check run to its end ({@code CHECKED}) and nothing it could not check ({@code NOCHECK}), SUCCEEDED;
     * anything else could not run (probe-error, or timeout when the command ran out of time).
     */
    static Observation judge(ScriptOutput out) {
        List<String> forwarders = out.all("FORWARDER").stream().map(l -> l.rest(0)).toList();
        if (!forwarders.isEmpty()) {
            return Observation.blocked("log shipping", "forwarded: " + String.join("; ", forwarders));
        }
        if (!out.all("NOCHECK").isEmpty()) {
            return Observation.couldNotRun("log shipping", Reason.PROBE_ERROR, "could not check: "
                    + String.join("; ", out.all("NOCHECK").stream().map(l -> l.rest(0)).toList()));
        }
        if (out.all("CHECKED").isEmpty()) {
            return AuditTrailScenario.noAnswer("log shipping", out, "CHECKED");
        }
        return Observation.succeeded("log shipping", "no forwarder: the logs stay on the VM");
    }
}
