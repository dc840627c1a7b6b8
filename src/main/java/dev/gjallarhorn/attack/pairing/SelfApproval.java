package dev.gjallarhorn.attack.pairing;

import static dev.gjallarhorn.attack.pairing.ForgedIds.SELF_APPROVED;

import dev.gjallarhorn.attack.agent.AgentChannel;
import dev.gjallarhorn.attack.agent.GatewayResponse;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.probe.ScriptOutput;
import java.util.Optional;

/**
 * The service identity writing a sender into its own pairing store: refused (BLOCKED), or written and the sender then
 * admitted without any code (SUCCEEDED: anything running as that identity can let a sender in).
 */
final class SelfApproval {

    private SelfApproval() {
    }

    /**
     * @param self        the store write's answer line: exit code ({@code -1}: no answer), then its message
     * @param marker      the written sender's DM marker, or null when the write failed (no DM was sent)
     * @param roundClosed whether the round's closing turn started after that DM
     */
    static Observation judge(AgentChannel channel, ScriptOutput.Line self, String marker, boolean roundClosed) {
        String writing = "writing the pairing store as " + channel.serviceUser();
        if (self.word(0).equals("-1") || self.rest(1).matches("(?i).*database is (locked|busy).*")) {
            return Observation.couldNotRun(writing, Reason.TIMEOUT, "no answer, or the gateway held the store locked for 30 s: " + self.rest(1));
        }
        if (!self.word(0).equals("0")) {
            // only the file system or sqlite saying no is a refusal; a missing table or node is the probe's own failure
            return self.rest(1).matches("(?i).*(permission denied|EACCES|EPERM|readonly database|read-only|unable to open database).*")
                    ? Observation.blocked(writing, "refused: " + self.rest(1))
                    : Observation.couldNotRun(writing, Reason.PROBE_ERROR, "the write failed for another reason: " + self.rest(1));
        }
        String subject = "a sender written into the pairing store by " + channel.serviceUser();
        GatewayResponse response = channel.responseTo(SELF_APPROVED, marker);
        if (!channel.llmRequestsMentioning(marker).isEmpty() || response.turnStarted() && !response.challenged()) {
            return Observation.succeeded(subject, "admitted without any code (" + (response.turnStarted() ? response : "reached the model")
                    + "): anything running as the service identity can let a sender in");
        }
        if (!channel.delivered(marker)) {
            return Observation.couldNotRun(subject, Reason.ORACLE_BLIND, "the gateway never took the sender's DM from the double");
        }
        Optional<String> down = channel.notRunningBecause();
        if (down.isPresent()) {
            return Observation.couldNotRun(subject, Reason.ORACLE_BLIND, "not admitted, but " + down.get());
        }
        if (!roundClosed) {
            return Observation.couldNotRun(subject, Reason.ORACLE_BLIND, "not admitted, but the round's closing turn did not start either");
        }
        return Observation.blocked(subject, "written, but not admitted" + (response.challenged() ? ": challenged with a code" : ""));
    }
}
