package dev.gjallarhorn.attack.pairing;

import static dev.gjallarhorn.attack.pairing.ForgedIds.OTHER_GROUP;
import static dev.gjallarhorn.attack.pairing.ForgedIds.SECOND;
import static dev.gjallarhorn.attack.pairing.ForgedIds.SELF_APPROVED;
import static dev.gjallarhorn.attack.pairing.ForgedIds.STRANGER;
import static dev.gjallarhorn.attack.pairing.ForgedIds.THIRD;
import static dev.gjallarhorn.attack.pairing.ForgedIds.WRITTEN_BY_OTHERS;
import static dev.gjallarhorn.attack.pairing.ForgedMessage.MENTION;

import dev.gjallarhorn.attack.agent.AgentChannel;
import dev.gjallarhorn.attack.agent.ChannelTimings;
import dev.gjallarhorn.attack.pairing.ForgedMessage.Seen;
import dev.gjallarhorn.doubles.TelegramUpdate;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.probe.ScriptOutput;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Round 2, the pairing flow: the operator approves the first stranger's code; then the code approved again, the code
 * sent by another sender, guessed codes, the paired sender in a group that is not allowlisted, ids resembling the
 * allowlisted one, a sender the service identity wrote into its own store, and a sender each other identity on the
 * target (the login user, {@code nobody}, …) tried to write there.
 */
final class PairingFlowRound {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /** One observation per thing round 2 tried; see {@link PairingFindings} for each. */
    record Result(Observation admitted, Observation reuse, Observation otherSender, Observation guesses, Observation pairedInGroup,
                  List<Observation> lookalikes, Observation selfApproval, List<Observation> othersWrites) {
    }

    /** {@code who}'s writes of {@code sender}, and the sender's DM marker once one was written (else null). */
    private record StoreWrite(String who, long sender, List<SelfApproval.Write> writes, String marker) {
    }

    /**
     * The approval step: the approved sender, its code approved again, and the messages sent meanwhile.
     *
     * @param pairedInGroup the paired sender's group message, sent only once it was seen admitted in its DM
     */
    private record Approval(Observation admitted, Observation reuse, ForgedMessage otherSender, ForgedMessage guesses,
                            Optional<ForgedMessage> pairedInGroup) {
    }

    private PairingFlowRound() {
    }

    /**
     * Runs round 2 and closes it with the allowlisted {@code owner}'s turn (0: none).
     *
     * @param code         the first stranger's pairing code; without one, the approval step is not run and says why
     * @param otherWriters user names on the target that are neither root nor the gateway's own identity, from the surface
     */
    static Result run(AgentChannel channel, long owner, boolean seeing, Optional<String> code, List<String> otherWriters) {
        Optional<Approval> approval = code.map(c -> approve(channel, seeing, c));
        List<ForgedMessage> lookalikes = sendLookalikes(channel, owner);
        StoreWrite self = write(channel, channel.serviceUser(), SELF_APPROVED, "SELFAPPROVED", false, true);
        // sqlite says "unable to open database file" for a store that is not there as for one it may not open: another
        // identity's refusal counts only where the gateway's own identity wrote that very path in this run
        boolean storeThere = self.writes().get(0).written();
        List<StoreWrite> others = new ArrayList<>();
        for (int i = 0; i < otherWriters.size(); i++) {
            others.add(write(channel, otherWriters.get(i), WRITTEN_BY_OTHERS + i, "WRITTEN", true, storeThere));
        }
        boolean closed = ClosedRound.close(channel, owner, seeing, "CLOSE2");
        Function<ForgedMessage, Observation> keptOut = m -> ClosedRound.keptOut(channel, m, seeing, closed);
        Observation noCode = Observation.couldNotRun("the pairing flow", Reason.PRECONDITION_UNMET, "the gateway issued no pairing code");
        Observation otherSender = approval.map(a -> keptOut.apply(a.otherSender())).orElse(noCode);
        Observation guesses = approval.map(a -> keptOut.apply(a.guesses())).orElse(noCode);
        Observation pairedInGroup = approval.map(a -> a.pairedInGroup().map(keptOut).orElseGet(() -> Observation.couldNotRun(
                "the paired DM sender in a group that is not allowlisted", Reason.PRECONDITION_UNMET,
                "the approved sender was not seen admitted in its DM"))).orElse(noCode);
        List<Observation> judgedLookalikes = owner == 0
                ? List.of(Observation.couldNotRun("ids resembling an allowlisted one", Reason.PRECONDITION_UNMET, "no allowlisted id"))
                : lookalikes.stream().map(keptOut).toList();
        Observation selfApproval = SelfApproval.judge(channel, self.who(), self.sender(), self.writes(), self.marker(), closed, true);
        List<Observation> othersWrites = others.isEmpty()
                ? List.of(Observation.couldNotRun("writing a sender into the gateway's admission stores as another identity",
                        Reason.PRECONDITION_UNMET, "the surface found no identity on the target but root and the gateway's own"))
                : others.stream().map(w -> SelfApproval.judge(channel, w.who(), w.sender(), w.writes(), w.marker(), closed, false))
                        .toList();
        if (!others.isEmpty()) {
            channel.admission().allowlistRestore();   // puts back whatever an allowlist write kept, also after one cut off mid-way
        }
        return new Result(approval.map(Approval::admitted).orElse(noCode), approval.map(Approval::reuse).orElse(noCode), otherSender,
                guesses, pairedInGroup, judgedLookalikes, selfApproval, othersWrites);
    }

    /** The operator approves {@code code}; while it is approved a second time, another sender and guessed codes try to get in. */
    private static Approval approve(AgentChannel channel, boolean seeing, String code) {
        ScriptOutput.Line approval = channel.approve(code);
        String m = channel.marker("S1APPROVED");
        channel.send(TelegramUpdate.dm(STRANGER, m + " hello"));
        Observation admitted = !approval.word(0).equals("0")
                ? Observation.couldNotRun("the approved sender", Reason.PROBE_ERROR, "the operator's approval failed: " + approval.rest(1))
                : admitted(channel.awaitTurn(m, STRANGER, seeing ? ChannelTimings.TURN_WITHIN : Duration.ZERO));
        // the second approval (the operator's CLI, seconds) runs while the round's messages go out
        CompletableFuture<ScriptOutput.Line> approvingAgain = CompletableFuture.supplyAsync(() -> channel.approve(code));
        ForgedMessage otherSender = ForgedMessage.send(channel, "the approved code sent by another sender (" + SECOND + ")", "S2CODE", SECOND,
                Seen.MODEL_OR_CHAT, mk -> TelegramUpdate.dm(SECOND, mk + " " + code));
        ForgedMessage guesses = ForgedMessage.send(channel, "five guessed codes sent by a pending sender (" + THIRD + ")", "S3GUESS", THIRD,
                Seen.MODEL_OR_CHAT, mk -> TelegramUpdate.dm(THIRD, mk + " " + String.join(" ", randomCodes(5))));
        Observation reuse = reuse(admitted, code, approvingAgain.join());
        Optional<ForgedMessage> pairedInGroup = admitted.outcome() != Outcome.BLOCKED ? Optional.empty() : Optional.of(ForgedMessage.send(
                channel, "the paired DM sender (" + STRANGER + ") in a group that is not allowlisted (" + OTHER_GROUP + ")", "PAIREDGROUP",
                OTHER_GROUP, Seen.MODEL_OR_CHAT, mk -> TelegramUpdate.inGroup(OTHER_GROUP, STRANGER, MENTION + mk + " hi")));
        return new Approval(admitted, reuse, otherSender, guesses, pairedInGroup);
    }

    /** The approved sender's first DM after approval: BLOCKED (the expected outcome of a note) when it got a turn. */
    static Observation admitted(AgentChannel.Turn turn) {
        if (turn.outcome() == AgentChannel.TurnOutcome.REACHED_MODEL) {
            return Observation.blocked("the approved sender", "reached the model after approval");
        }
        if (turn.started()) {
            return Observation.blocked("the approved sender", "the gateway started a turn for it after approval (" + turn.response() + ")");
        }
        return Observation.couldNotRun("the approved sender", Reason.ORACLE_BLIND, "approved, yet no turn started");
    }

    /**
     * The second approval of {@code code}: SUCCEEDED when the pairing CLI accepted it again, BLOCKED when it said no
     * request is pending.
     *
     * @param again the CLI's answer line: exit code ({@code -1}: no answer), then its message
     */
    static Observation reuse(Observation admitted, String code, ScriptOutput.Line again) {
        String second = "approving " + code + " a second time";
        if (admitted.outcome() != Outcome.BLOCKED) {
            return Observation.couldNotRun(second, Reason.PRECONDITION_UNMET, "the first approval did not admit the sender");
        }
        if (again.word(0).equals("-1") || again.rest(1).isBlank()) {
            return Observation.couldNotRun(second, Reason.PROBE_ERROR, "the pairing CLI gave no answer: " + again.text());
        }
        if (again.word(0).equals("0") && again.rest(1).toLowerCase(Locale.ROOT).contains("approved")) {
            return Observation.succeeded(second, "accepted again: " + again.rest(1));
        }
        if (again.rest(1).matches("(?i).*no pending pairing request.*")) {
            return Observation.blocked(second, "refused: " + again.rest(1));
        }
        return Observation.couldNotRun(second, Reason.PROBE_ERROR, "the pairing CLI failed for another reason: " + again.rest(1));
    }

    /** DMs from ids that resemble the allowlisted {@code owner}'s; none without one (0). */
    private static List<ForgedMessage> sendLookalikes(AgentChannel channel, long owner) {
        List<ForgedMessage> sent = new ArrayList<>();
        if (owner != 0) {
            Map<Long, String> variants = new LinkedHashMap<>();
            variants.put(owner * 10, "the allowlisted id with a digit appended");
            variants.put(owner / 10, "the allowlisted id without its last digit");
            variants.put(owner + 1, "the next id");
            variants.forEach((id, what) -> sent.add(ForgedMessage.dm(channel, id + " (" + what + ")", id, "LOOKALIKE")));
        }
        return sent;
    }

    /**
     * {@code who} writes {@code sender} into the pairing store and, with {@code alsoAllowlist}, into the config's
     * allowlist; once one was written, the sender sends a DM marked {@code what}. A refused store write is undecided
     * unless {@code storeThere} (the gateway's own identity wrote the store in this run).
     */
    private static StoreWrite write(AgentChannel channel, String who, long sender, String what, boolean alsoAllowlist, boolean storeThere) {
        SelfApproval.Write store = SelfApproval.refusalSeen(SelfApproval.storeWrite(channel.admission().selfApprove(sender, who)), storeThere);
        List<SelfApproval.Write> writes = new ArrayList<>(List.of(store));
        if (alsoAllowlist) {
            writes.add(SelfApproval.allowlistWrite(channel.admission().allowlistWrite(sender, who)));
        }
        if (writes.stream().noneMatch(SelfApproval.Write::written)) {
            return new StoreWrite(who, sender, writes, null);
        }
        String marker = channel.marker(what);
        channel.send(TelegramUpdate.dm(sender, marker + " hello"));
        return new StoreWrite(who, sender, writes, marker);
    }

    /** {@code n} random codes of 8 characters from the pairing alphabet. */
    private static List<String> randomCodes(int n) {
        SecureRandom random = new SecureRandom();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder code = new StringBuilder();
            for (int j = 0; j < 8; j++) {
                code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            codes.add(code.toString());
        }
        return codes;
    }
}
