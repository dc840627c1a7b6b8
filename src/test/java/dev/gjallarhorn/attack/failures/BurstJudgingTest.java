package dev.gjallarhorn.attack.failures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.attack.failures.CreditExhaustionScenario.Settled;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How one sender's burst is judged: a limiter needs a refusal or a gateway that holds messages back, never mere slowness. */
class BurstJudgingTest {

    private static final int BURST = CreditExhaustionScenario.BURST;

    @Test
    void anUnrelatedRateLimitLineInTheJournalIsNotThisBurstsRefusal() {
        List<String> markers = List.of("gjh-SPEND-1a2b", "gjh-SPEND-3c4d");
        List<String> journal = CreditExhaustionScenario.journalLines(
                "[gateway] auth: AUTH_RATE_LIMITED 429 for 127.0.0.1 | [telegram] sendMessage failed: 429 Too Many Requests (chat 5550001)");
        List<String> limits = CreditExhaustionScenario.limitsOfThisBurst(journal, 4242001, markers);
        assertThat(limits).isEmpty();
        Observation burst = CreditExhaustionScenario.judge("a burst", BURST, limits, Optional.empty(), Settled.ALL_REACHED,
                Duration.ofSeconds(30), "20 model request(s)");
        assertThat(burst.outcome()).as("all reached the model: the gap holds, not STALE").isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void aRateLimitNamingThisBurstsSenderIsARefusal() {
        List<String> journal = CreditExhaustionScenario.journalLines(
                "[agent] model call for telegram:dm:4242001 failed: 429 rate limit reached | [gateway] AUTH_RATE_LIMITED for 42420010");
        List<String> limits = CreditExhaustionScenario.limitsOfThisBurst(journal, 4242001, List.of("gjh-SPEND-1a2b"));
        assertThat(limits).hasSize(1).allMatch(l -> l.contains("telegram:dm:4242001"));
        Observation burst = CreditExhaustionScenario.judge("a burst", 3, limits, Optional.empty(), Settled.REFUSED, Duration.ofSeconds(30),
                "3 model request(s)");
        assertThat(burst.outcome()).isEqualTo(Outcome.BLOCKED);
    }

    @Test
    void aGatewayStillWorkingThroughTheBurstWhenTheBoundRanOutIsSlowNotLimited() {
        // seen on a loaded CI machine: 14 of 20 had reached the model after the bound, requests still arriving
        Observation burst = CreditExhaustionScenario.judge("a burst", 14, List.of(), Optional.empty(), Settled.STILL_GOING,
                Duration.ofSeconds(480), "14 model request(s)");
        assertThat(burst.outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(burst.reason()).contains(Reason.TIMEOUT);
        assertThat(burst.detail()).contains("6 of 20").contains("still sending");
    }

    @Test
    void aGatewayThatWentQuietWithMessagesOutstandingHeldThemBack() {
        Observation burst = CreditExhaustionScenario.judge("a burst", 5, List.of(), Optional.empty(), Settled.WENT_QUIET,
                Duration.ofSeconds(120), "5 model request(s)");
        assertThat(burst.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(burst.detail()).contains("15 of 20").contains("nothing for 90 s");
    }

    @Test
    void aRefusalDecidesEvenWhileTheGatewayIsStillWorking() {
        Observation burst = CreditExhaustionScenario.judge("a burst", 12, List.of("the gateway's journal: 429 for telegram:dm:4242001"),
                Optional.empty(), Settled.STILL_GOING, Duration.ofSeconds(480), "12 model request(s)");
        assertThat(burst.outcome()).isEqualTo(Outcome.BLOCKED);
    }

    @Test
    void messagesTheGatewayNeverTookAfterItWentQuietAreAFailureNotALimiter() {
        Observation burst = CreditExhaustionScenario.judge("a burst", 4, List.of(), Optional.of("16 were never taken from the Telegram double"),
                Settled.WENT_QUIET, Duration.ofSeconds(120), "4 model request(s)");
        assertThat(burst.outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(burst.reason()).contains(Reason.ORACLE_BLIND);
    }
}
