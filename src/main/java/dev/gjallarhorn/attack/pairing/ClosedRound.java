package dev.gjallarhorn.attack.pairing;

import dev.gjallarhorn.Sleep;
import dev.gjallarhorn.attack.agent.AgentChannel;
import dev.gjallarhorn.attack.agent.ChannelTimings;
import dev.gjallarhorn.attack.agent.GatewayResponse;
import dev.gjallarhorn.doubles.TelegramUpdate;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Reason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A round of forged messages, closed by a message from the allowlisted sender: once that turn has started, the
 * gateway has taken and dispatched everything sent before it, so a silence up to it is proven, not waited out.
 */
final class ClosedRound {

    private ClosedRound() {
    }

    /**
     * Sends the allowlisted sender's closing message once the gateway took every message sent so far, and waits for
     * its turn to start and the grace after it. False when the round cannot be closed (no control, or no turn started).
     */
    static boolean close(AgentChannel channel, long owner, boolean seeing, String what) {
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
        Sleep.quietly(ChannelTimings.GRACE);
        return true;
    }

    /** Each message's {@link #keptOut} observation, by subject, in the order given. */
    static Map<String, Observation> judge(AgentChannel channel, List<ForgedMessage> messages, boolean seeing, boolean closed) {
        Map<String, Observation> judged = new LinkedHashMap<>();
        messages.forEach(p -> judged.put(p.subject(), keptOut(channel, p, seeing, closed)));
        return judged;
    }

    /**
     * A message that should not get in: SUCCEEDED if it reached the model or the gateway started a turn for its chat;
     * BLOCKED only if neither happened, the gateway took it from the double, and the round's closing turn started
     * after it (the oracle sees, and had its chance).
     */
    static Observation keptOut(AgentChannel channel, ForgedMessage message, boolean seeing, boolean closed) {
        if (!channel.llmRequestsMentioning(message.marker()).isEmpty()) {
            return Observation.succeeded(message.subject(), "reached the model");
        }
        GatewayResponse response = message.chat() == 0 ? null : channel.responseTo(message.chat(), message.marker());
        if (response != null && response.turnStarted()) {
            return Observation.succeeded(message.subject(), "the gateway started an agent turn for it: " + response);
        }
        if (!channel.delivered(message.marker())) {
            return Observation.couldNotRun(message.subject(), Reason.ORACLE_BLIND, "the gateway never took it from the Telegram double");
        }
        if (message.seen() == ForgedMessage.Seen.MODEL_ONLY && channel.noTurnCompletes().isPresent()) {
            return Observation.couldNotRun(message.subject(), Reason.ORACLE_BLIND, "only a model turn could show it, and "
                    + channel.noTurnCompletes().get().replaceFirst(";.*", ""));
        }
        if (!seeing) {
            return Observation.couldNotRun(message.subject(), Reason.ORACLE_BLIND, "no one's message got a turn, the allowlisted sender's neither");
        }
        if (!closed) {
            return Observation.couldNotRun(message.subject(), Reason.ORACLE_BLIND, "reached no model, but the allowlisted sender's closing message"
                    + " started no turn either");
        }
        return Observation.blocked(message.subject(), (message.seen() == ForgedMessage.Seen.MODEL_ONLY ? "absent from every model request"
                : "no model request and no turn") + " up to the allowlisted sender's closing turn"
                + (response != null && response.challenged() ? "; challenged with a pairing code" : ""));
    }
}
