package dev.gjallarhorn.attack.pairing;

import dev.gjallarhorn.attack.agent.ChannelTimings;

import dev.gjallarhorn.attack.agent.AgentChannel;
import dev.gjallarhorn.attack.agent.GatewayResponse;
import dev.gjallarhorn.probe.ScriptOutput;

import dev.gjallarhorn.doubles.TelegramDouble;
import dev.gjallarhorn.doubles.TelegramUpdate;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.evidence.EvidenceStore;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.Prediction;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * the sender's chat ({@link GatewayResponse}: a pairing challenge, or typing and a reply that is not one), which
 * still works when no model turn completes. Silences are proven, not waited out: each round of messages is closed by
 * a message from the allowlisted sender, sent after the gateway took every message of the round; once that turn has
 * started, the gateway has taken and dispatched everything before it. OpenClaw runs one chat's updates in order but
 * different chats side by side (its Telegram ingress sequentializes by chat id), so a short {@link ChannelTimings#ChannelTimings.GRACE} after the
 * closing turn covers a stranger's chat still being dispatched; it is milliseconds of work (an allowlist check) against
 * seconds of grace. Judges {@code T-001}, {@code C-TELEGRAM-PAIRING} and {@code T-009}.
 */
public final class PairingScenario {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /** Strangers, by role; ids no real Telegram account needs to have. */
    static final long STRANGER = 777000101L;
    static final long SECOND = 777000102L;
    static final long THIRD = 777000103L;
    static final long IN_GROUP = 777000104L;
    static final long FOURTH = 777000105L;
    static final long SELF_APPROVED = 777000106L;
    static final long EDITOR = 777000107L;
    static final long IN_TOPIC = 777000108L;
    static final long WITH_DOCUMENT = 777000109L;
    static final long FORWARDER = 777000110L;
    static final long BUTTON_PRESSER = 777000111L;
    static final long GROUP_CHAT = -1001777000100L;
    static final long CHANNEL = -1001777000200L;
    static final long FORUM = -1001777000300L;
    static final long OTHER_GROUP = -1001777000400L;

    public record Findings(Instant startedAt, Duration elapsed, String unavailable, Observation control, Map<String, Observation> strangers,
                           Observation challenged, Observation admitted, Observation reuse, Observation otherSender,
                           Observation guesses, List<Observation> lookalikes, Observation pairedInGroup, Observation cap,
                           Observation selfApproval, Path evidence) {
    }

    /** Which oracle can see an admission: both, or only the model (a reaction or a button press starts no turn of its own). */
    enum Seen { MODEL_OR_CHAT, MODEL_ONLY }

    /** A message that must not get in: who sent what, its marker, the chat the second oracle watches (0: none). */
    record Probe(String subject, String marker, long chat, Seen seen) {
    }

    private PairingScenario() {
    }

    public static Findings findings(AttackContext run) {
        return run.observeOnce(Findings.class, () -> probe(run));
    }

    private static Findings probe(AttackContext run) {
        Instant started = Instant.now();
        AgentChannel channel = AgentChannel.of(run);
        if (channel.unavailable().isPresent()) {
            Observation no = Observation.couldNotRun("the agent channel", Reason.PRECONDITION_UNMET, channel.unavailable().get());
            Path evidence = run.evidence().write("T-001", "pairing.txt", "Telegram access to the agent\n\n" + channel.transcript()).relativePath();
            return new Findings(started, Duration.between(started, Instant.now()), channel.unavailable().get(), no, Map.of("a stranger's DM", no), no, no, no, no, no,
                    List.of(no), no, no, no, evidence);
        }
        List<Long> allowed = channel.admittedSender().map(List::of).orElse(List.of());
        channel.note("dmPolicy " + channel.setting("DMPOLICY") + ", allowFrom [" + channel.setting("ALLOWFROM") + "], groupPolicy "
                + channel.setting("GROUPPOLICY"));
        long owner = allowed.isEmpty() ? 0 : allowed.get(0);

        // the positive control: an allowlisted sender gets a turn, so "no turn for a stranger" can mean something
        Observation control;
        if (allowed.isEmpty()) {
            control = Observation.couldNotRun("an allowlisted sender", Reason.PRECONDITION_UNMET, "the config allowlists no sender id");
        } else {
            String m = channel.marker("OWNER");
            channel.send(TelegramUpdate.dm(owner, m + " hello"));
            AgentChannel.Turn turn = channel.controlTurn(m, owner);
            control = turn.outcome() == AgentChannel.TurnOutcome.REACHED_MODEL
                    ? Observation.succeeded("a DM from allowlisted " + owner, "reached the LLM double")
                    : turn.started() ? Observation.succeeded("a DM from allowlisted " + owner, "no model turn completes, but the gateway started"
                    + " a turn for it (" + turn.response() + "): admission is seen at the chat")
                    : Observation.couldNotRun("a DM from allowlisted " + owner, Reason.ORACLE_BLIND,
                    "no turn within " + turn.took().toSeconds() + " s: the gateway answers no one");
        }
        boolean seeing = control.outcome() == Outcome.SUCCEEDED;
        Duration replyWithin = seeing ? ChannelTimings.REPLY_WITHIN : Duration.ZERO;

        // round 1: strangers, in every shape, before any approval
        Instant round1 = Instant.now();
        List<Probe> strangerProbes = new ArrayList<>();
        strangerProbes.add(dm(channel, "a stranger's DM (" + STRANGER + ")", STRANGER, "S1"));
        strangerProbes.add(dm(channel, "a second stranger (" + SECOND + ")", SECOND, "S2"));
        strangerProbes.add(dm(channel, "a third stranger (" + THIRD + ")", THIRD, "S3"));
        // three pending requests (the cap) before anyone else writes: each stranger's answer is awaited together
        AgentChannel.eventually(() -> !channel.repliesTo(STRANGER).isEmpty() && !channel.repliesTo(SECOND).isEmpty()
                && !channel.repliesTo(THIRD).isEmpty(), replyWithin);
        strangerProbes.add(1, dm(channel, "the same stranger again", STRANGER, "S1AGAIN"));
        String mention = "@" + TelegramDouble.BOT_USERNAME + " ";
        strangerProbes.add(send(channel, "a group message from a non-allowlisted sender (" + IN_GROUP + ")", "GROUP", GROUP_CHAT, Seen.MODEL_OR_CHAT,
                m -> TelegramUpdate.inGroup(GROUP_CHAT, IN_GROUP, mention + m + " hi")));
        strangerProbes.add(send(channel, "an edited DM from a stranger (" + EDITOR + ")", "EDITED", EDITOR, Seen.MODEL_OR_CHAT,
                m -> TelegramUpdate.editedDm(EDITOR, m + " edited")));
        strangerProbes.add(send(channel, "a post in a channel the bot is in (" + CHANNEL + ")", "CHANNEL", CHANNEL, Seen.MODEL_OR_CHAT,
                m -> TelegramUpdate.channelPost(CHANNEL, mention + m + " post")));
        strangerProbes.add(send(channel, "a forum-topic message from a stranger (" + IN_TOPIC + ")", "TOPIC", FORUM, Seen.MODEL_OR_CHAT,
                m -> TelegramUpdate.inForumTopic(FORUM, IN_TOPIC, mention + m + " topic")));
        strangerProbes.add(send(channel, "a document with a caption from a stranger (" + WITH_DOCUMENT + ")", "DOCUMENT", WITH_DOCUMENT,
                Seen.MODEL_OR_CHAT, m -> TelegramUpdate.documentDm(WITH_DOCUMENT, m + " see the file")));
        strangerProbes.add(send(channel, "a stranger forwarding the allowlisted sender's message (" + FORWARDER + ")", "FORWARDED", FORWARDER,
                Seen.MODEL_OR_CHAT, m -> TelegramUpdate.forwardedDm(FORWARDER, owner == 0 ? STRANGER : owner, m + " forwarded")));

        // the pending cap: a fourth stranger while three requests are open
        String fourth = channel.marker("S4");
        channel.send(TelegramUpdate.dm(FOURTH, fourth + " hello"));
        List<Observation> unsent = new ArrayList<>();
        long codeMessage = channel.telegram().lastMessageSentTo(STRANGER);
        String reactionSubject = "a stranger's reaction to the bot's message in its DM";
        if (codeMessage > 0) {
            // no chat to watch: the stranger's own chat also carries the answers to its DMs
            strangerProbes.add(send(channel, reactionSubject, "REACTION", 0, Seen.MODEL_ONLY,
                    m -> TelegramUpdate.reaction(STRANGER, codeMessage, m)));
        } else {
            unsent.add(Observation.couldNotRun(reactionSubject, Reason.PRECONDITION_UNMET, "the bot sent the stranger no message to react to"));
        }
        // the control turn's answer is the bot's message a button hangs under: it may still be on its way
        AgentChannel.eventually(() -> owner != 0 && channel.telegram().lastMessageSentTo(owner) > 0, seeing ? ChannelTimings.REPLY_WITHIN : Duration.ZERO);
        long ownerMessage = owner == 0 ? 0 : channel.telegram().lastMessageSentTo(owner);
        String buttonSubject = "a stranger pressing a button on the bot's message to the allowlisted sender (" + BUTTON_PRESSER + ")";
        if (ownerMessage > 0) {
            strangerProbes.add(send(channel, buttonSubject, "BUTTON", 0, Seen.MODEL_ONLY,
                    m -> TelegramUpdate.callbackQuery(BUTTON_PRESSER, owner, ownerMessage, m)));
        } else {
            unsent.add(Observation.couldNotRun(buttonSubject, Reason.PRECONDITION_UNMET, "the bot sent the allowlisted sender no message"));
        }
        boolean round1Closed = closeRound(channel, owner, seeing, "CLOSE1");
        Map<String, Observation> strangers = judge(channel, strangerProbes, seeing, round1Closed);
        unsent.forEach(o -> strangers.put(o.subject(), o));
        channel.note("round 1 (strangers) took " + Duration.between(round1, Instant.now()).toSeconds() + " s");

        Optional<String> code = channel.pairingCode(STRANGER);
        String policy = channel.setting("DMPOLICY");
        Probe first = strangerProbes.get(0);
        GatewayResponse toFirst = channel.responseTo(STRANGER, first.marker());
        Observation challenged = !channel.llmRequestsMentioning(first.marker()).isEmpty()
                ? Observation.succeeded("a stranger's DM", "answered by the agent, not challenged")
                : toFirst.turnStarted() && !toFirst.challenged() ? Observation.succeeded("a stranger's DM", "the gateway started an agent turn for it ("
                + toFirst + "), no challenge")
                : code.isPresent() ? Observation.blocked("a stranger's DM", "answered with a one-time pairing code only")
                : !channel.delivered(first.marker()) ? Observation.couldNotRun("a stranger's DM", Reason.ORACLE_BLIND,
                "the gateway never took it from the Telegram double")
                : !policy.contains("pairing") ? Observation.succeeded("a stranger's DM", "no pairing code came back, and dmPolicy is "
                + policy + ": no one-time code is offered at all")
                : Observation.couldNotRun("a stranger's DM", Reason.ORACLE_BLIND, "dmPolicy is " + policy
                + ", yet neither a pairing code nor the agent answered");

        Observation cap = code.isEmpty() ? Observation.couldNotRun("a fourth stranger", Reason.PRECONDITION_UNMET, "no pairing codes are issued")
                : channel.pairingCode(FOURTH).isPresent()
                ? Observation.blocked("a fourth stranger (" + FOURTH + ")", "got a pairing code of its own")
                : channel.pairingCode(SECOND).isEmpty() || channel.pairingCode(THIRD).isEmpty()
                ? Observation.couldNotRun("a fourth stranger (" + FOURTH + ")", Reason.PRECONDITION_UNMET,
                "the second and third strangers did not both get a code, so three requests were not known to be pending")
                : !channel.delivered(fourth)
                ? Observation.couldNotRun("a fourth stranger (" + FOURTH + ")", Reason.ORACLE_BLIND, "the gateway never took its DM from the double")
                : !round1Closed ? Observation.couldNotRun("a fourth stranger (" + FOURTH + ")", Reason.ORACLE_BLIND,
                "no code, but the round's closing turn did not start either")
                : Observation.succeeded("a fourth stranger (" + FOURTH + ")", "got no code while three requests were pending:"
                + " strangers can lock out pairing for the code's lifetime");

        // round 2: the pairing flow, after the operator approved the first stranger
        Instant round2 = Instant.now();
        Observation admitted;
        Observation reuse;
        List<Probe> round2Probes = new ArrayList<>();
        Observation noCode = null;
        if (code.isEmpty()) {
            noCode = Observation.couldNotRun("the pairing flow", Reason.PRECONDITION_UNMET, "the gateway issued no pairing code");
            admitted = noCode;
            reuse = noCode;
        } else {
            ScriptOutput.Line approval = channel.approve(code.get());
            String m = channel.marker("S1APPROVED");
            channel.send(TelegramUpdate.dm(STRANGER, m + " hello"));
            AgentChannel.Turn turn = approval.word(0).equals("0") ? channel.awaitTurn(m, STRANGER, seeing ? ChannelTimings.TURN_WITHIN : Duration.ZERO) : null;
            admitted = !approval.word(0).equals("0")
                    ? Observation.couldNotRun("the approved sender", Reason.PROBE_ERROR, "the operator's approval failed: " + approval.rest(1))
                    : turn.outcome() == AgentChannel.TurnOutcome.REACHED_MODEL ? Observation.blocked("the approved sender", "reached the model after approval")
                    : turn.started() ? Observation.blocked("the approved sender", "the gateway started a turn for it after approval (" + turn.response() + ")")
                    : Observation.couldNotRun("the approved sender", Reason.ORACLE_BLIND, "approved, yet no turn started");
            // the second approval (the operator's CLI, seconds) runs while the round's messages go out
            java.util.concurrent.CompletableFuture<ScriptOutput.Line> approvingAgain = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> channel.approve(code.get()));
            round2Probes.add(send(channel, "the approved code sent by another sender (" + SECOND + ")", "S2CODE", SECOND, Seen.MODEL_OR_CHAT,
                    mk -> TelegramUpdate.dm(SECOND, mk + " " + code.get())));
            round2Probes.add(send(channel, "five guessed codes sent by a pending sender (" + THIRD + ")", "S3GUESS", THIRD, Seen.MODEL_OR_CHAT,
                    mk -> TelegramUpdate.dm(THIRD, mk + " " + String.join(" ", randomCodes(5)))));
            ScriptOutput.Line again = approvingAgain.join();
            String second = "approving " + code.get() + " a second time";
            reuse = admitted.outcome() != Outcome.BLOCKED
                    ? Observation.couldNotRun(second, Reason.PRECONDITION_UNMET, "the first approval did not admit the sender")
                    : again.word(0).equals("-1") || again.rest(1).isBlank()
                    ? Observation.couldNotRun(second, Reason.PROBE_ERROR, "the pairing CLI gave no answer: " + again.text())
                    : again.word(0).equals("0") && again.rest(1).toLowerCase(java.util.Locale.ROOT).contains("approved")
                    ? Observation.succeeded(second, "accepted again: " + again.rest(1))
                    : again.rest(1).matches("(?i).*no pending pairing request.*")
                    ? Observation.blocked(second, "refused: " + again.rest(1))
                    : Observation.couldNotRun(second, Reason.PROBE_ERROR, "the pairing CLI failed for another reason: " + again.rest(1));
            if (admitted.outcome() == Outcome.BLOCKED) {
                round2Probes.add(send(channel, "the paired DM sender (" + STRANGER + ") in a group that is not allowlisted (" + OTHER_GROUP + ")",
                        "PAIREDGROUP", OTHER_GROUP, Seen.MODEL_OR_CHAT, mk -> TelegramUpdate.inGroup(OTHER_GROUP, STRANGER, mention + mk + " hi")));
            }
        }
        int lookalikesFrom = round2Probes.size();
        if (owner != 0) {
            Map<Long, String> variants = new LinkedHashMap<>();
            variants.put(owner * 10, "the allowlisted id with a digit appended");
            variants.put(owner / 10, "the allowlisted id without its last digit");
            variants.put(owner + 1, "the next id");
            variants.forEach((id, what) -> round2Probes.add(dm(channel, id + " (" + what + ")", id, "LOOKALIKE")));
        }
        ScriptOutput.Line self = channel.selfApprove(SELF_APPROVED);
        String selfMarker = null;
        if (self.word(0).equals("0")) {
            selfMarker = channel.marker("SELFAPPROVED");
            channel.send(TelegramUpdate.dm(SELF_APPROVED, selfMarker + " hello"));
        }
        boolean round2Closed = closeRound(channel, owner, seeing, "CLOSE2");
        Map<String, Observation> round2Judged = judge(channel, round2Probes, seeing, round2Closed);
        List<Observation> judged2 = List.copyOf(round2Judged.values());
        Observation otherSender = noCode != null ? noCode : judged2.get(0);
        Observation guesses = noCode != null ? noCode : judged2.get(1);
        Observation pairedInGroup = noCode != null ? noCode : lookalikesFrom > 2 ? judged2.get(2)
                : Observation.couldNotRun("the paired DM sender in a group that is not allowlisted", Reason.PRECONDITION_UNMET,
                "the approved sender was not seen admitted in its DM");
        List<Observation> lookalikes = owner == 0
                ? List.of(Observation.couldNotRun("ids resembling an allowlisted one", Reason.PRECONDITION_UNMET, "no allowlisted id"))
                : judged2.subList(lookalikesFrom, judged2.size());
        Observation selfApproval = selfApproval(channel, self, selfMarker, round2Closed);
        channel.note("round 2 (the pairing flow) took " + Duration.between(round2, Instant.now()).toSeconds() + " s");

        StringBuilder text = new StringBuilder("Telegram access to the agent on ").append(run.target().describe()).append("\n\n");
        text.append("control: ").append(control).append('\n');
        strangers.forEach((s, o) -> text.append(o).append('\n'));
        text.append(challenged).append('\n').append(cap).append('\n').append(admitted).append('\n').append(reuse).append('\n')
                .append(otherSender).append('\n').append(guesses).append('\n').append(pairedInGroup).append('\n');
        lookalikes.forEach(o -> text.append(o).append('\n'));
        text.append(selfApproval).append("\n\n").append(channel.transcript());
        EvidenceStore.Evidence evidence = run.evidence().write("T-001", "pairing.txt", text.toString());
        Duration elapsed = Duration.between(started, Instant.now());
        dev.gjallarhorn.host.Progress.say("agent channel: pairing took " + elapsed.toSeconds() + " s (strangers "
                + Duration.between(round1, round2).toSeconds() + " s, pairing flow " + Duration.between(round2, Instant.now()).toSeconds() + " s)");
        return new Findings(started, elapsed, null, control, strangers, challenged, admitted, reuse,
                otherSender, guesses, lookalikes, pairedInGroup, cap, selfApproval, evidence.relativePath());
    }

    private static Observation selfApproval(AgentChannel channel, ScriptOutput.Line self, String marker, boolean roundClosed) {
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
        return down.isPresent() ? Observation.couldNotRun(subject, Reason.ORACLE_BLIND, "not admitted, but " + down.get())
                : !roundClosed ? Observation.couldNotRun(subject, Reason.ORACLE_BLIND, "not admitted, but the round's closing turn did not start either")
                : Observation.blocked(subject, "written, but not admitted" + (response.challenged() ? ": challenged with a code" : ""));
    }

    /**
     * Sends the allowlisted sender's closing message once the gateway took every message sent so far, and waits for
     * its turn to start and the grace after it. False when the round cannot be closed (no control, or no turn started).
     */
    private static boolean closeRound(AgentChannel channel, long owner, boolean seeing, String what) {
        if (!seeing || owner == 0) {
            return false;
        }
        // no need to wait until the gateway took the round's messages: it takes updates in the order they were sent
        // (one getUpdates batch, or webhook posts one after the other), so it takes this one after them
        String m = channel.marker(what);
        channel.send(TelegramUpdate.dm(owner, m + " hello again"));
        AgentChannel.Turn turn = channel.awaitTurn(m, owner, ChannelTimings.TURN_WITHIN);
        if (!turn.started()) {
            channel.note("the allowlisted sender's closing message started no turn: the silences before it prove nothing");
            return false;
        }
        dev.gjallarhorn.Sleep.quietly(ChannelTimings.GRACE);
        return true;
    }

    private static Probe dm(AgentChannel channel, String subject, long sender, String what) {
        return send(channel, subject, what, sender, Seen.MODEL_OR_CHAT, m -> TelegramUpdate.dm(sender, m + " hello"));
    }

    private static Probe send(AgentChannel channel, String subject, String what, long chat, Seen seen,
                              java.util.function.Function<String, TelegramUpdate> update) {
        String marker = channel.marker(what);
        channel.send(update.apply(marker));
        return new Probe(subject, marker, chat, seen);
    }

    private static Map<String, Observation> judge(AgentChannel channel, List<Probe> probes, boolean seeing, boolean closed) {
        Map<String, Observation> judged = new LinkedHashMap<>();
        probes.forEach(p -> judged.put(p.subject(), keptOut(channel, p, seeing, closed)));
        return judged;
    }

    /**
     * A message that should not get in: SUCCEEDED if it reached the model or the gateway started a turn for its chat;
     * BLOCKED only if neither happened, the gateway took it from the double, and the round's closing turn started
     * after it (the oracle sees, and had its chance).
     */
    private static Observation keptOut(AgentChannel channel, Probe probe, boolean seeing, boolean closed) {
        if (!channel.llmRequestsMentioning(probe.marker()).isEmpty()) {
            return Observation.succeeded(probe.subject(), "reached the model");
        }
        GatewayResponse response = probe.chat() == 0 ? null : channel.responseTo(probe.chat(), probe.marker());
        if (response != null && response.turnStarted()) {
            return Observation.succeeded(probe.subject(), "the gateway started an agent turn for it: " + response);
        }
        if (!channel.delivered(probe.marker())) {
            return Observation.couldNotRun(probe.subject(), Reason.ORACLE_BLIND, "the gateway never took it from the Telegram double");
        }
        if (probe.seen() == Seen.MODEL_ONLY && channel.noTurnCompletes().isPresent()) {
            return Observation.couldNotRun(probe.subject(), Reason.ORACLE_BLIND, "only a model turn could show it, and "
                    + channel.noTurnCompletes().get().replaceFirst(";.*", ""));
        }
        if (!seeing) {
            return Observation.couldNotRun(probe.subject(), Reason.ORACLE_BLIND, "no one's message got a turn, the allowlisted sender's neither");
        }
        if (!closed) {
            return Observation.couldNotRun(probe.subject(), Reason.ORACLE_BLIND, "reached no model, but the allowlisted sender's closing message"
                    + " started no turn either");
        }
        return Observation.blocked(probe.subject(), (probe.seen() == Seen.MODEL_ONLY ? "absent from every model request" : "no model request and no turn")
                + " up to the allowlisted sender's closing turn" + (response != null && response.challenged() ? "; challenged with a pairing code" : ""));
    }

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

    public static ClaimEvaluation openAccess(AttackContext run) {
        Findings f = findings(run);
        Outcome predicted = Prediction.forClaim(run.claim("T-001"));
        List<PartEvaluation> parts = new ArrayList<>();
        f.strangers().forEach((subject, o) -> parts.add(PartEvaluation.claim(subject + " reaches no model", predicted, List.of(o))));
        parts.add(PartEvaluation.control("an allowlisted sender reaches the model (the oracle can see)", List.of(f.control())));
        long through = f.strangers().values().stream().filter(o -> o.outcome() == Outcome.SUCCEEDED).count();
        String observed = f.unavailable() != null ? f.unavailable()
                : through == 0 ? "no stranger's message got in (reached the model or got an agent turn)"
                : through + " stranger message(s) got in (reached the model or got an agent turn)";
        return new ClaimEvaluation("T-001", parts, observed, List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    public static ClaimEvaluation pairingControl(AttackContext run) {
        Findings f = findings(run);
        Outcome predicted = Prediction.forClaim(run.claim("C-TELEGRAM-PAIRING"));
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim("a stranger gets a one-time code and no agent", predicted, List.of(f.challenged())),
                PartEvaluation.claim("strangers stay out, in DMs and groups", predicted, List.copyOf(f.strangers().values())),
                PartEvaluation.note("the operator's approval admits the sender", Outcome.BLOCKED, List.of(f.admitted())),
                PartEvaluation.control("an allowlisted sender reaches the model (the oracle can see)", List.of(f.control())));
        return new ClaimEvaluation("C-TELEGRAM-PAIRING", parts, f.unavailable() != null ? f.unavailable() : f.challenged().detail(), List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    public static ClaimEvaluation pairingBypass(AttackContext run) {
        Findings f = findings(run);
        Outcome predicted = Prediction.forClaim(run.claim("T-009"));
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim("an approved code cannot be approved again", predicted, List.of(f.reuse())),
                PartEvaluation.claim("another sender cannot use an approved code", predicted, List.of(f.otherSender())),
                PartEvaluation.claim("guessed codes admit no one", predicted, List.of(f.guesses())),
                PartEvaluation.claim("ids resembling an allowlisted id stay out", predicted, f.lookalikes()),
                PartEvaluation.claim("a paired DM sender stays out of a group that is not allowlisted", predicted, List.of(f.pairedInGroup())),
                PartEvaluation.note("three pending strangers lock out the next one (availability)", Outcome.SUCCEEDED, List.of(f.cap())),
                PartEvaluation.note("the service identity can admit a sender by writing its own store", Outcome.SUCCEEDED, List.of(f.selfApproval())),
                PartEvaluation.control("an allowlisted sender reaches the model (the oracle can see)", List.of(f.control())));
        long through = parts.stream().filter(p -> p.role() == dev.gjallarhorn.verdict.PartRole.CLAIM)
                .flatMap(p -> p.observations().stream()).filter(o -> o.outcome() == Outcome.SUCCEEDED).count();
        String observed = f.unavailable() != null ? f.unavailable() : (through == 0 ? "no way around the pairing flow" : through + " way(s) around the pairing flow")
                + "; " + (f.cap().outcome() == Outcome.SUCCEEDED ? "3 pending strangers lock out the 4th" : "no lock-out seen")
                + "; " + (f.selfApproval().outcome() == Outcome.SUCCEEDED ? "the service identity can admit senders itself" : "no self-approval");
        return new ClaimEvaluation("T-009", parts, observed, List.of(f.evidence()), f.startedAt(), f.elapsed());
    }
}
