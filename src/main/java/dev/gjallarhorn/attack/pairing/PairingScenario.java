package dev.gjallarhorn.attack.pairing;

import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.Prediction;

/**
 * Who gets to talk to the agent over Telegram. Forged updates from strangers must reach no model: a DM, the same DM
 * again, other strangers, a group message, and every other update kind a stranger can send (an edited message, a
 * channel post, a forum-topic message, a document with a caption, a forwarded message, a reaction, a button press);
 * a stranger gets at most a pairing code. Then the pairing flow: the operator approves one code, after which only
 * that sender gets in, and only in its DM (not in a group that is not allowlisted); the approved code cannot be
 * reused, another sender cannot use it, guessed codes do nothing, and ids that merely resemble an allowlisted one
 * stay out. What the claims do not say is shown beside them: three pending strangers lock out the next one, and the
 * service identity can admit a sender by writing its own store.
 *
 * <p>Two oracles decide admission: the LLM double (did the marker reach the model) and what the gateway did towards
 * the sender's chat ({@link dev.gjallarhorn.attack.agent.GatewayResponse}: a pairing challenge, or typing and a reply
 * that is not one), which still works when no model turn completes. Silences are proven, not waited out: each round
 * of messages is closed by a message from the allowlisted sender, sent after the gateway took every message of the
 * round; once that turn has started, the gateway has taken and dispatched everything before it ({@link ClosedRound}).
 * OpenClaw runs one chat's updates in order but different chats side by side (its Telegram ingress sequentializes by
 * chat id), so a short {@link dev.gjallarhorn.attack.agent.ChannelTimings#GRACE} after the closing turn covers a
 * stranger's chat still being dispatched; it is milliseconds of work (an allowlist check) against seconds of grace.
 * Judges {@code T-001}, {@code C-TELEGRAM-PAIRING} and {@code T-009}; the probe is {@link PairingProbe}, the judging
 * {@link PairingJudging}.
 */
public final class PairingScenario {

    private PairingScenario() {
    }

    /** The run's one pairing probe (run on first use, then shared by the three claims). */
    public static PairingFindings findings(AttackContext run) {
        return run.observeOnce(PairingFindings.class, () -> PairingProbe.probe(run));
    }

    public static ClaimEvaluation openAccess(AttackContext run) {
        PairingFindings f = findings(run);
        return PairingJudging.openAccess(f, Prediction.forClaim(run.claim("T-001")));
    }

    public static ClaimEvaluation pairingControl(AttackContext run) {
        PairingFindings f = findings(run);
        return PairingJudging.pairingControl(f, Prediction.forClaim(run.claim("C-TELEGRAM-PAIRING")));
    }

    public static ClaimEvaluation pairingBypass(AttackContext run) {
        PairingFindings f = findings(run);
        return PairingJudging.pairingBypass(f, Prediction.forClaim(run.claim("T-009")));
    }
}
