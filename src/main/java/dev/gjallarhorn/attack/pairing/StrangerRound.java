package dev.gjallarhorn.attack.pairing;

import static dev.gjallarhorn.attack.pairing.ForgedIds.BUTTON_PRESSER;
import static dev.gjallarhorn.attack.pairing.ForgedIds.CHANNEL;
import static dev.gjallarhorn.attack.pairing.ForgedIds.EDITOR;
import static dev.gjallarhorn.attack.pairing.ForgedIds.FORUM;
import static dev.gjallarhorn.attack.pairing.ForgedIds.FORWARDER;
import static dev.gjallarhorn.attack.pairing.ForgedIds.FOURTH;
import static dev.gjallarhorn.attack.pairing.ForgedIds.GROUP_CHAT;
import static dev.gjallarhorn.attack.pairing.ForgedIds.IN_GROUP;
import static dev.gjallarhorn.attack.pairing.ForgedIds.IN_TOPIC;
import static dev.gjallarhorn.attack.pairing.ForgedIds.SECOND;
import static dev.gjallarhorn.attack.pairing.ForgedIds.STRANGER;
import static dev.gjallarhorn.attack.pairing.ForgedIds.THIRD;
import static dev.gjallarhorn.attack.pairing.ForgedIds.WITH_DOCUMENT;
import static dev.gjallarhorn.attack.pairing.ForgedMessage.MENTION;

import dev.gjallarhorn.attack.agent.AgentChannel;
import dev.gjallarhorn.attack.agent.ChannelTimings;
import dev.gjallarhorn.attack.agent.GatewayResponse;
import dev.gjallarhorn.attack.pairing.ForgedMessage.Seen;
import dev.gjallarhorn.doubles.TelegramUpdate;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Round 1, before any approval: strangers in every shape a stranger can write in (DMs, the same DM again, a group
 * message, an edit, a channel post, a forum topic, a document, a forward, a reaction, a button press), with three
 * pending requests open before a fourth stranger writes.
 */
final class StrangerRound {

    private static final String REACTION = "a stranger's reaction to the bot's message in its DM";
    private static final String BUTTON = "a stranger pressing a button on the bot's message to the allowlisted sender (" + BUTTON_PRESSER + ")";

    /**
     * @param strangers each forged update's observation, by subject, in the order sent (the first stranger's DM first)
     * @param first     the first stranger's DM (the one the operator approves in round 2)
     * @param fourth    the fourth stranger's marker, sent while three requests were pending
     * @param closed    whether the round's closing turn started
     */
    record Result(Map<String, Observation> strangers, ForgedMessage first, String fourth, boolean closed) {
    }

    private StrangerRound() {
    }

    /** Sends every stranger's update, closes the round with the allowlisted {@code owner}'s turn (0: none), and judges them. */
    static Result run(AgentChannel channel, long owner, boolean seeing) {
        List<ForgedMessage> sent = new ArrayList<>();
        sent.add(ForgedMessage.dm(channel, "a stranger's DM (" + STRANGER + ")", STRANGER, "S1"));
        sent.add(ForgedMessage.dm(channel, "a second stranger (" + SECOND + ")", SECOND, "S2"));
        sent.add(ForgedMessage.dm(channel, "a third stranger (" + THIRD + ")", THIRD, "S3"));
        // three pending requests (the cap) before anyone else writes: each stranger's answer is awaited together
        AgentChannel.eventually(() -> !channel.repliesTo(STRANGER).isEmpty() && !channel.repliesTo(SECOND).isEmpty()
                && !channel.repliesTo(THIRD).isEmpty(), seeing ? ChannelTimings.REPLY_WITHIN : Duration.ZERO);
        sent.add(1, ForgedMessage.dm(channel, "the same stranger again", STRANGER, "S1AGAIN"));
        sent.addAll(otherShapes(channel, owner));
        // the pending cap: a fourth stranger while three requests are open
        String fourth = channel.marker("S4");
        channel.send(TelegramUpdate.dm(FOURTH, fourth + " hello"));
        List<Observation> unsent = new ArrayList<>();
        reaction(channel).ifPresentOrElse(sent::add, () -> unsent.add(Observation.couldNotRun(REACTION, Reason.PRECONDITION_UNMET,
                "the bot sent the stranger no message to react to")));
        buttonPress(channel, owner, seeing).ifPresentOrElse(sent::add, () -> unsent.add(Observation.couldNotRun(BUTTON,
                Reason.PRECONDITION_UNMET, "the bot sent the allowlisted sender no message")));
        boolean closed = ClosedRound.close(channel, owner, seeing, "CLOSE1");
        Map<String, Observation> strangers = ClosedRound.judge(channel, sent, seeing, closed);
        unsent.forEach(o -> strangers.put(o.subject(), o));
        return new Result(strangers, sent.get(0), fourth, closed);
    }

    /** A group message, an edit, a channel post, a forum-topic message, a document and a forward, from strangers. */
    private static List<ForgedMessage> otherShapes(AgentChannel channel, long owner) {
        return List.of(
                ForgedMessage.send(channel, "a group message from a non-allowlisted sender (" + IN_GROUP + ")", "GROUP", GROUP_CHAT,
                        Seen.MODEL_OR_CHAT, m -> TelegramUpdate.inGroup(GROUP_CHAT, IN_GROUP, MENTION + m + " hi")),
                ForgedMessage.send(channel, "an edited DM from a stranger (" + EDITOR + ")", "EDITED", EDITOR, Seen.MODEL_OR_CHAT,
                        m -> TelegramUpdate.editedDm(EDITOR, m + " edited")),
                ForgedMessage.send(channel, "a post in a channel the bot is in (" + CHANNEL + ")", "CHANNEL", CHANNEL, Seen.MODEL_OR_CHAT,
                        m -> TelegramUpdate.channelPost(CHANNEL, MENTION + m + " post")),
                ForgedMessage.send(channel, "a forum-topic message from a stranger (" + IN_TOPIC + ")", "TOPIC", FORUM, Seen.MODEL_OR_CHAT,
                        m -> TelegramUpdate.inForumTopic(FORUM, IN_TOPIC, MENTION + m + " topic")),
                ForgedMessage.send(channel, "a document with a caption from a stranger (" + WITH_DOCUMENT + ")", "DOCUMENT", WITH_DOCUMENT,
                        Seen.MODEL_OR_CHAT, m -> TelegramUpdate.documentDm(WITH_DOCUMENT, m + " see the file")),
                ForgedMessage.send(channel, "a stranger forwarding the allowlisted sender's message (" + FORWARDER + ")", "FORWARDED", FORWARDER,
                        Seen.MODEL_OR_CHAT, m -> TelegramUpdate.forwardedDm(FORWARDER, owner == 0 ? STRANGER : owner, m + " forwarded")));
    }

    /** The first stranger reacting to the bot's last message to it (its code), or empty when the bot sent it none. */
    private static Optional<ForgedMessage> reaction(AgentChannel channel) {
        long codeMessage = channel.telegram().lastMessageSentTo(STRANGER);
        if (codeMessage <= 0) {
            return Optional.empty();
        }
        // no chat to watch: the stranger's own chat also carries the answers to its DMs
        return Optional.of(ForgedMessage.send(channel, REACTION, "REACTION", 0, Seen.MODEL_ONLY,
                m -> TelegramUpdate.reaction(STRANGER, codeMessage, m)));
    }

    /** A stranger pressing a button under the bot's message to the allowlisted sender, or empty when there is none. */
    private static Optional<ForgedMessage> buttonPress(AgentChannel channel, long owner, boolean seeing) {
        // the control turn's answer is the bot's message a button hangs under: it may still be on its way
        AgentChannel.eventually(() -> owner != 0 && channel.telegram().lastMessageSentTo(owner) > 0,
                seeing ? ChannelTimings.REPLY_WITHIN : Duration.ZERO);
        long ownerMessage = owner == 0 ? 0 : channel.telegram().lastMessageSentTo(owner);
        if (ownerMessage <= 0) {
            return Optional.empty();
        }
        return Optional.of(ForgedMessage.send(channel, BUTTON, "BUTTON", 0, Seen.MODEL_ONLY,
                m -> TelegramUpdate.callbackQuery(BUTTON_PRESSER, owner, ownerMessage, m)));
    }

    /** Whether the first stranger got a one-time code and no agent; {@code code} is the code it got, if any. */
    static Observation challenged(AgentChannel channel, Optional<String> code, ForgedMessage first) {
        String policy = channel.setting("DMPOLICY");
        GatewayResponse toFirst = channel.responseTo(STRANGER, first.marker());
        String subject = "a stranger's DM";
        if (!channel.llmRequestsMentioning(first.marker()).isEmpty()) {
            return Observation.succeeded(subject, "answered by the agent, not challenged");
        }
        if (toFirst.turnStarted() && !toFirst.challenged()) {
            return Observation.succeeded(subject, "the gateway started an agent turn for it (" + toFirst + "), no challenge");
        }
        if (code.isPresent()) {
            return Observation.blocked(subject, "answered with a one-time pairing code only");
        }
        if (!channel.delivered(first.marker())) {
            return Observation.couldNotRun(subject, Reason.ORACLE_BLIND, "the gateway never took it from the Telegram double");
        }
        if (!policy.contains("pairing")) {
            return Observation.succeeded(subject, "no pairing code came back, and dmPolicy is " + policy + ": no one-time code is offered at all");
        }
        return Observation.couldNotRun(subject, Reason.ORACLE_BLIND, "dmPolicy is " + policy + ", yet neither a pairing code nor the agent answered");
    }

    /** Whether three pending strangers locked the fourth out: SUCCEEDED when it got no code while they were pending. */
    static Observation cap(AgentChannel channel, Optional<String> code, Result round) {
        if (code.isEmpty()) {
            return Observation.couldNotRun("a fourth stranger", Reason.PRECONDITION_UNMET, "no pairing codes are issued");
        }
        String subject = "a fourth stranger (" + FOURTH + ")";
        if (channel.pairingCode(FOURTH).isPresent()) {
            return Observation.blocked(subject, "got a pairing code of its own");
        }
        if (channel.pairingCode(SECOND).isEmpty() || channel.pairingCode(THIRD).isEmpty()) {
            return Observation.couldNotRun(subject, Reason.PRECONDITION_UNMET,
                    "the second and third strangers did not both get a code, so three requests were not known to be pending");
        }
        if (!channel.delivered(round.fourth())) {
            return Observation.couldNotRun(subject, Reason.ORACLE_BLIND, "the gateway never took its DM from the double");
        }
        if (!round.closed()) {
            return Observation.couldNotRun(subject, Reason.ORACLE_BLIND, "no code, but the round's closing turn did not start either");
        }
        return Observation.succeeded(subject, "got no code while three requests were pending:"
                + " strangers can lock out pairing for the code's lifetime");
    }
}
