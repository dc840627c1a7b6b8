package dev.gjallarhorn.attack.pairing;

import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.PartRole;
import java.util.ArrayList;
import java.util.List;

/**
 * The pairing technique's judging: pure functions from {@link PairingFindings} and the threat model's prediction
 * for a claim to that claim's {@link ClaimEvaluation}. No target is in reach.
 */
final class PairingJudging {

    private PairingJudging() {
    }

    /** {@code T-001}: every stranger's update reaches no model; the allowlisted sender's turn is the control. */
    static ClaimEvaluation openAccess(PairingFindings f, Outcome predicted) {
        List<PartEvaluation> parts = new ArrayList<>();
        f.strangers().forEach((subject, o) -> parts.add(PartEvaluation.claim(subject + " reaches no model", predicted, List.of(o))));
        parts.add(PartEvaluation.claim("no one but the gateway's operator acts through its control API (every other identity, without its"
                + " credential and with a wrong one)", predicted, f.controlPlane()));
        parts.add(PartEvaluation.control("an allowlisted sender reaches the model (the oracle can see)", List.of(f.control())));
        parts.add(PartEvaluation.control("the gateway's own credential reads the allowlisted sender's conversation over the control API"
                + " (the oracle can see)", f.controlPlaneControls()));
        parts.add(PartEvaluation.note("wrong credentials in a row are never throttled", Outcome.SUCCEEDED, List.of(f.credentialBurst())));
        long through = f.strangers().values().stream().filter(o -> o.outcome() == Outcome.SUCCEEDED).count();
        long operators = f.controlPlane().stream().filter(o -> o.outcome() == Outcome.SUCCEEDED).count();
        String observed = f.unavailable() != null ? f.unavailable()
                : (through == 0 ? "no stranger's message got in (reached the model or got an agent turn)"
                : through + " stranger message(s) got in (reached the model or got an agent turn)")
                + (operators == 0 ? "" : "; " + operators + " request(s) without the gateway's credential acted through its control API");
        return new ClaimEvaluation("T-001", parts, observed, List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    /** {@code C-TELEGRAM-PAIRING}: a stranger gets a one-time code and no agent, and the operator's approval admits it. */
    static ClaimEvaluation pairingControl(PairingFindings f, Outcome predicted) {
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim("a stranger gets a one-time code and no agent", predicted, List.of(f.challenged())),
                PartEvaluation.claim("strangers stay out, in DMs and groups", predicted, List.copyOf(f.strangers().values())),
                PartEvaluation.note("the operator's approval admits the sender", Outcome.BLOCKED, List.of(f.admitted())),
                PartEvaluation.control("an allowlisted sender reaches the model (the oracle can see)", List.of(f.control())));
        String observed = f.unavailable() != null ? f.unavailable() : f.challenged().detail();
        return new ClaimEvaluation("C-TELEGRAM-PAIRING", parts, observed, List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    /** {@code T-009}: no way around the pairing flow; the pending cap and self-approval are notes beside it. */
    static ClaimEvaluation pairingBypass(PairingFindings f, Outcome predicted) {
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim("an approved code cannot be approved again", predicted, List.of(f.reuse())),
                PartEvaluation.claim("another sender cannot use an approved code", predicted, List.of(f.otherSender())),
                PartEvaluation.claim("guessed codes admit no one", predicted, List.of(f.guesses())),
                PartEvaluation.claim("ids resembling an allowlisted id stay out", predicted, f.lookalikes()),
                PartEvaluation.claim("a paired DM sender stays out of a group that is not allowlisted", predicted, List.of(f.pairedInGroup())),
                PartEvaluation.claim("no identity but the gateway's own can write a sender into its pairing store or allowlist", predicted, f.othersWrites()),
                PartEvaluation.note("three pending strangers lock out the next one (availability)", Outcome.SUCCEEDED, List.of(f.cap())),
                PartEvaluation.note("the service identity can admit a sender by writing its own store", Outcome.SUCCEEDED, List.of(f.selfApproval())),
                PartEvaluation.control("an allowlisted sender reaches the model (the oracle can see)", List.of(f.control())));
        long through = parts.stream().filter(p -> p.role() == PartRole.CLAIM)
                .flatMap(p -> p.observations().stream()).filter(o -> o.outcome() == Outcome.SUCCEEDED).count();
        String observed = f.unavailable() != null ? f.unavailable() : (through == 0 ? "no way around the pairing flow" : through + " way(s) around the pairing flow")
                + "; " + (f.cap().outcome() == Outcome.SUCCEEDED ? "3 pending strangers lock out the 4th" : "no lock-out seen")
                + "; " + (f.selfApproval().outcome() == Outcome.SUCCEEDED ? "the service identity can admit senders itself" : "no self-approval");
        return new ClaimEvaluation("T-009", parts, observed, List.of(f.evidence()), f.startedAt(), f.elapsed());
    }
}
