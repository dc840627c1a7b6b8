package dev.gjallarhorn.attack.egress;

import dev.gjallarhorn.canary.Canaries;
import dev.gjallarhorn.canary.CanaryHit;
import dev.gjallarhorn.canary.Protocol;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Reason;
import java.util.List;

/**
 * Decides each egress attempt from two sides. The canary is the state-based oracle: it saw the attempt's
 * token, so the traffic got out. It saw nothing and the client timed out or was refused: blocked; so is a
 * datagram sent without error that never arrived. A TCP client that connected and sent its token while the
 * canary saw nothing means the two sides disagree, and that is not a result.
 */
public final class EgressOracle {

    private EgressOracle() {
    }

    public static Observation judge(EgressAttempt attempt, Canaries canaries) {
        if (attempt.notRun().isPresent()) {
            return Observation.couldNotRun(attempt.subject(), attempt.notRun().get(), attempt.notRunWhy());
        }
        List<CanaryHit> hits = canaries.hitsWithToken(attempt.token());
        String client = describeClient(attempt);
        if (!hits.isEmpty()) {
            return Observation.succeeded(attempt.subject(), "canary got the token from "
                    + hits.get(0).peer().getAddress().getHostAddress() + "; client " + client);
        }
        int exit = attempt.exit().orElseThrow();
        if (exit == 124) {
            return Observation.blocked(attempt.subject(), "dropped: canary saw nothing, client gave up after " + attempt.millis().orElse(0) + " ms");
        }
        if (exit != 0) {
            return Observation.blocked(attempt.subject(), "refused: canary saw nothing, client " + client);
        }
        if (attempt.port().port().protocol() == Protocol.UDP) {
            // a datagram the sender's own firewall lets go leaves without error; one dropped further on (a FORWARD
            // chain, a router) is silence at the canary. Whether silence means anything is the positive control's call.
            return Observation.blocked(attempt.subject(), "dropped on the way: sent without error (" + client + "), never arrived");
        }
        return Observation.couldNotRun(attempt.subject(), Reason.CONFLICTING_EVIDENCE,
                "the client connected and sent its token but the canary saw nothing (" + client + ")");
    }

    static String describeClient(EgressAttempt attempt) {
        String error = attempt.error().isBlank() ? "" : ", " + attempt.error();
        return "exit " + attempt.exit().orElse(-1) + " after " + attempt.millis().orElse(0) + " ms" + error;
    }
}
