package dev.gjallarhorn.attack.agent;

import static org.awaitility.Awaitility.await;

import dev.gjallarhorn.attack.agent.AgentChannel.Turn;
import dev.gjallarhorn.attack.agent.AgentChannel.TurnOutcome;
import dev.gjallarhorn.host.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.awaitility.core.ConditionTimeoutException;

/**
 * How the agent channel waits for the gateway's turns: polling the doubles' records every 500 ms up to a bound
 * (never a fixed wait), and remembering when the first control turn showed that no agent turn completes at all, after
 * which the routine bound applies. Its methods are called through {@link AgentChannel}, which guards the control turn.
 */
final class TurnWaits {

    /** How long a failed turn's answer stands without a model request before the turn counts as failed. */
    static final Duration FAILED_TURN_CONFIRMED = Duration.ofSeconds(2);

    private final AgentChannel channel;
    private volatile String noTurnCompletes;

    TurnWaits(AgentChannel channel) {
        this.channel = channel;
    }

    /**
     * Waits (at most {@code within}) until the message carrying {@code marker}, sent to {@code chatId}, reached the
     * model, or the gateway answered the chat without the model having seen it (its error for a failed turn; then
     * {@link #FAILED_TURN_CONFIRMED} more, so a late model request still counts). Whichever comes first decides.
     */
    Turn awaitTurn(String marker, long chatId, Duration within) {
        Instant from = channel.sentAt(marker).orElse(Instant.now());
        Instant[] failedAt = {null};
        eventually(() -> {
            if (!channel.llmRequestsMentioning(marker).isEmpty()) {
                return true;
            }
            if (!channel.responseTo(chatId, marker).ownWords().isEmpty()) {
                failedAt[0] = failedAt[0] == null ? Instant.now() : failedAt[0];
                return Duration.between(failedAt[0], Instant.now()).compareTo(FAILED_TURN_CONFIRMED) >= 0;
            }
            return false;
        }, within);
        GatewayResponse response = channel.responseTo(chatId, marker);
        TurnOutcome outcome = !channel.llmRequestsMentioning(marker).isEmpty() ? TurnOutcome.REACHED_MODEL
                : !response.ownWords().isEmpty() ? TurnOutcome.FAILED : TurnOutcome.NOTHING;
        return new Turn(outcome, response, Duration.between(from, Instant.now()));
    }

    /**
     * The allowlisted sender's turn that tells whether agent turns complete at all: the first one of the run is given
     * {@link ChannelTimings#FIRST_TURN_WITHIN}, later ones {@link ChannelTimings#TURN_WITHIN}. The first that does not
     * reach the model sets {@link #noTurnCompletes()}, with the gateway's answer and its journal.
     */
    Turn controlTurn(String marker, long chatId) {
        Instant asked = channel.sentAt(marker).orElse(Instant.now());
        Turn turn = awaitTurn(marker, chatId, noTurnCompletes == null ? ChannelTimings.FIRST_TURN_WITHIN : ChannelTimings.TURN_WITHIN);
        if (turn.outcome() != TurnOutcome.REACHED_MODEL && noTurnCompletes == null) {
            String journal = channel.journalSince(asked);
            noTurnCompletes = "no agent turn can complete: the allowlisted sender's message did not reach the model within "
                    + turn.took().toSeconds() + " s; the gateway " + (turn.response().silent() ? "sent nothing back"
                    : "answered: " + turn.response()) + (journal.isBlank() ? "" : "; its journal: " + journal);
            channel.note(noTurnCompletes);
            Progress.say("agent channel: " + noTurnCompletes.replaceFirst(";.*", "") + " - deciding the rest at once");
        }
        return turn;
    }

    /** Why no agent turn completes on this gateway (the first control turn failed), if that was found. */
    Optional<String> noTurnCompletes() {
        return Optional.ofNullable(noTurnCompletes);
    }

    /**
     * The longest the channel takes after the gateway came up when it completes no agent turn: one control turn at
     * its first-turn bound, the strangers' replies and the closing controls at the routine bound; every other wait is
     * skipped. Printed at bring-up and checked by an integration test against a gateway whose model calls all fail.
     */
    static Duration worstCaseAfterBringUp() {
        // the control turn, the strangers' pairing replies, the first closing turn, the approved sender's turn, the
        // second closing turn; every other attack skips its waits once no turn completes
        return ChannelTimings.FIRST_TURN_WITHIN.plus(ChannelTimings.REPLY_WITHIN).plus(ChannelTimings.TURN_WITHIN.multipliedBy(3))
                .plus(ChannelTimings.GRACE.multipliedBy(2));
    }

    /**
     * Whether {@code condition} holds within {@code within}, polled every 500 ms; a zero bound asks once.
     *
     * @throws IllegalStateException when a zero-bound condition throws
     */
    static boolean eventually(Callable<Boolean> condition, Duration within) {
        if (within.isZero()) {
            try {
                return condition.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            await().pollInterval(Duration.ofMillis(500)).atMost(within).until(condition);
            return true;
        } catch (ConditionTimeoutException notInTime) {
            return false;
        }
    }
}
