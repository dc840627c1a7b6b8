package dev.gjallarhorn.attack.failures;

import dev.gjallarhorn.Sleep;
import dev.gjallarhorn.attack.agent.AgentChannel;
import dev.gjallarhorn.attack.agent.GatewayResponse;
import dev.gjallarhorn.attack.failures.ApiFailureScenario.Phase;
import dev.gjallarhorn.doubles.LlmDouble;
import dev.gjallarhorn.doubles.LlmFailure;
import dev.gjallarhorn.doubles.LlmRequest;
import dev.gjallarhorn.doubles.TelegramDouble;
import dev.gjallarhorn.doubles.TelegramUpdate;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One failure phase at a time: the failure is switched on, the allowlisted sender writes so the failure meets a real
 * turn, the failure is switched off, and a normal turn proves the gateway recovered (else it is restarted, and that is
 * noted). Each gives a {@link Phase}: how the gateway behaved, and whether (and how fast) it recovered.
 */
final class FailurePhases {

    static final Duration TELEGRAM_PHASE = Duration.ofSeconds(6);
    /** OpenClaw gives a getUpdates call 45 s (its TELEGRAM_GET_UPDATES_REQUEST_TIMEOUT_MS): a slow phase outlasts that. */
    static final Duration SLOW_PHASE = Duration.ofSeconds(60);
    static final Duration LLM_PHASE = Duration.ofSeconds(20);
    static final Duration HUNG_FOR = Duration.ofSeconds(8);
    static final Duration RECOVERY_WITHIN = Duration.ofSeconds(90);
    /** A polling gateway calls getUpdates again within a second or two of an answer: this long without a call, it stopped. */
    static final Duration STOPPED_FOR = Duration.ofSeconds(15);

    private FailurePhases() {
    }

    /**
     * A phase of a Telegram failure: it lasts until the gateway made {@code calls} failed calls (it retried: for a slow
     * answer, it gave up on the first and called again) or {@code bound}.
     */
    static Phase telegramPhase(AgentChannel channel, long sender, String failure, Runnable on, Runnable off, Duration bound, int calls,
                               boolean slow) {
        TelegramDouble telegram = channel.telegram();
        String restartsBefore = channel.unitState();
        Instant from = Instant.now();
        on.run();
        // the sender writes during the phase: polled, it waits in the double; posted to a webhook, its turn's replies fail
        String during = channel.marker("DURING");
        channel.send(TelegramUpdate.dm(sender, during + " are you there?"));
        // a slow answer is given up on when the gateway polls again: only then does a second getUpdates come
        boolean countPollsOnly = slow && telegram.webhook().isEmpty();
        AgentChannel.eventually(() -> telegram.failedCalls().stream().filter(c -> !c.at().isBefore(from))
                .filter(c -> !countPollsOnly || c.method().equals("getUpdates")).count() >= calls, bound);
        Instant to = Instant.now();
        off.run();
        List<TelegramDouble.FailedCall> failed = telegram.failedCalls().stream().filter(c -> !c.at().isBefore(from) && !c.at().isAfter(to)).toList();
        String behaviour = failed.isEmpty() ? "no Bot API call reached the double during the phase"
                : failed.size() + " Bot API call(s) failed (" + String.join(", ", failed.stream().map(TelegramDouble.FailedCall::method).distinct().toList())
                + ")" + spacing(failed.stream().map(TelegramDouble.FailedCall::at).toList());
        return recover(channel, sender, failure, from, to, behaviour, restartsBefore, !failed.isEmpty(), true);
    }

    static Phase llmPhase(AgentChannel channel, long sender, LlmFailure failure) {
        String restartsBefore = channel.unitState();
        Instant from = Instant.now();
        channel.llm().fail(failure);
        String during = channel.marker("DURING");
        channel.send(TelegramUpdate.dm(sender, during + " are you there?"));
        // the phase lasts until the turn met the failure and the gateway either told the sender (its own words) or
        // retried twice; a hung stream is held for HUNG_FOR after the gateway opened it
        Supplier<List<LlmRequest>> failedCalls = () -> channel.llm().requests().stream()
                .filter(r -> r.failure().isPresent() && !r.at().isBefore(from)).toList();
        AgentChannel.eventually(() -> !failedCalls.get().isEmpty(), LLM_PHASE);
        // what the gateway tells the sender after its model call failed (earlier words may be about an earlier failure)
        Instant failedAt = failedCalls.get().stream().map(LlmRequest::at).findFirst().orElse(from);
        Supplier<GatewayResponse> told = () -> GatewayResponse.towards(channel.telegram(), sender, failedAt);
        if (failure == LlmFailure.HUNG_STREAM) {
            Sleep.quietly(HUNG_FOR);
        } else {
            AgentChannel.eventually(() -> failedCalls.get().size() >= 3 || !told.get().ownWords().isEmpty(), LLM_PHASE);
        }
        Instant to = Instant.now();
        channel.llm().recover();
        long calls = failedCalls.get().size();
        GatewayResponse answer = told.get();
        List<String> words = answer.ownWords();
        String behaviour = calls + " model call(s) failed" + spacing(failedCalls.get().stream().map(LlmRequest::at).toList())
                + "; the sender got " + (words.isEmpty() ? "no word of it" : "'" + AgentChannel.oneLine(words.get(0)) + "'") + " within "
                + Duration.between(from, to).toSeconds() + " s";
        return recover(channel, sender, failure.description(), from, to, behaviour, restartsBefore, calls > 0, false);
    }

    /**
     * A normal turn after the phase: its message reaches the model and the model's answer comes back through Telegram.
     * A gateway that stopped polling the Bot API is restarted (its poller does not come back by itself); one whose
     * model calls do not come back is left alone: OpenClaw keeps a provider's cooldown (30 s, 1 min, then 5 min after
     * repeated rate-limit or auth failures) in its store, so a restart would not end it.
     */
    private static Phase recover(AgentChannel channel, long sender, String failure, Instant from, Instant to, String behaviour, String unitBefore,
                                 boolean reached, boolean telegram) {
        String m = channel.marker("RECOVERED");
        Instant asked = Instant.now();
        channel.send(TelegramUpdate.dm(sender, m + " hello again"));
        // back when a normal turn completed; given up on when a polling gateway made no Bot API call for STOPPED_FOR
        boolean polling = channel.telegram().webhook().isEmpty();
        AgentChannel.eventually(() -> recovered(channel, sender, m) || polling && Duration.between(asked, Instant.now()).compareTo(STOPPED_FOR) > 0
                && channel.telegram().calls(c -> c.at().isAfter(asked)).isEmpty(), RECOVERY_WITHIN);
        boolean back = recovered(channel, sender, m);
        String journal = channel.journalSince(from);
        behaviour = behaviour + (journal.isBlank() ? "" : "; its journal: " + journal);
        String unitAfter = channel.unitState();
        String unit = unitAfter.equals(unitBefore) ? "" : "; the unit went from " + unitBefore + " to " + unitAfter;
        Observation recovery;
        if (back) {
            recovery = Observation.blocked("recovery after " + failure, "a normal turn completed " + Duration.between(asked, Instant.now()).toSeconds()
                    + " s after the failure ended");
        } else if (behaviour.contains("model call(s)")) {
            recovery = Observation.succeeded("recovery after " + failure, "no normal turn completed within " + RECOVERY_WITHIN.toSeconds()
                    + " s after the failure ended (the provider's cooldown outlasts it; its journal says why)");
        } else {
            recovery = restarted(channel, failure, asked);
        }
        channel.note("failure phase: " + failure + ": " + behaviour + unit + "; " + recovery.detail());
        return new Phase(failure, from, to, behaviour + unit, recovery, reached, telegram);
    }

    /** Restarts a gateway that did not come back from a Bot API failure by itself; says whether it had stopped polling. */
    private static Observation restarted(AgentChannel channel, String failure, Instant asked) {
        Instant restart = Instant.now();
        channel.act("restart");
        boolean listening = AgentChannel.eventually(() -> channel.telegram().listeningSince(restart), AgentChannel.READY_WITHIN);
        boolean stopped = channel.telegram().calls(c -> c.at().isAfter(asked) && c.at().isBefore(restart)).isEmpty();
        return Observation.succeeded("recovery after " + failure, (stopped ? "the gateway stopped calling the Bot API (no call for "
                + Duration.between(asked, restart).toSeconds() + " s after the failure ended)" : "no normal turn completed within "
                + Duration.between(asked, restart).toSeconds() + " s after the failure ended") + "; gjallarhorn restarted the gateway ("
                + (listening ? "it came back" : "it did not come back") + ")");
    }

    static boolean isLlm(Phase phase) {
        return phase.behaviour().contains("model call(s)");
    }

    /** A phase whose failure was not provoked, and why (its recovery could not be judged). */
    static Phase notRun(String failure, String why) {
        Instant now = Instant.now();
        return new Phase(failure, now, now, "not provoked", Observation.couldNotRun("recovery after " + failure, Reason.PRECONDITION_UNMET, why),
                false, false);
    }

    private static boolean recovered(AgentChannel channel, long sender, String marker) {
        return !channel.llmRequestsMentioning(marker).isEmpty()
                && channel.responseTo(sender, marker).replies().stream().anyMatch(r -> r.contains(LlmDouble.REPLY));
    }

    /** The gaps between failed calls, for a behaviour line: ", retried after 1200 ms, 2400 ms", or empty for one call. */
    private static String spacing(List<Instant> at) {
        if (at.size() < 2) {
            return "";
        }
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < at.size(); i++) {
            gaps.add(Duration.between(at.get(i - 1), at.get(i)).toMillis());
        }
        return ", retried after " + String.join(", ", gaps.stream().limit(6).map(g -> g + " ms").toList()) + (gaps.size() > 6 ? ", …" : "");
    }
}
