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
        List<String> limits = CreditExhaustionScenario.limitsOfThisBurst(journal, 4242001, markers, false);
        assertThat(limits).isEmpty();
        Observation burst = CreditExhaustionScenario.judge("a burst", BURST, limits, Optional.empty(), Settled.ALL_REACHED,
                Duration.ofSeconds(30), "20 model request(s)");
        assertThat(burst.outcome()).as("all reached the model: the gap holds, not STALE").isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void aRateLimitNamingThisBurstsSenderIsARefusal() {
        List<String> journal = CreditExhaustionScenario.journalLines(
                "[agent] model call for telegram:dm:4242001 failed: 429 rate limit reached | [gateway] AUTH_RATE_LIMITED for 42420010");
        List<String> limits = CreditExhaustionScenario.limitsOfThisBurst(journal, 4242001, List.of("gjh-SPEND-1a2b"), false);
        assertThat(limits).hasSize(1).allMatch(l -> l.contains("telegram:dm:4242001"));
        Observation burst = CreditExhaustionScenario.judge("a burst", 3, limits, Optional.empty(), Settled.REFUSED, Duration.ofSeconds(30),
                "3 model request(s)");
        assertThat(burst.outcome()).isEqualTo(Outcome.BLOCKED);
    }

    /** What OpenClaw 2026.9.6 wrote when a limiter in front of the double (3 requests a minute) refused a burst's turn. */
    static final String LIMITED_BY_A_PROXY = "2026-12-07T15:56:57.430+00:00 [provider-transport-fetch] [model-fetch] response provider=double"
            + " api=openai-completions model=double-model status=429 elapsedMs=37 dispatcher=reused contentType=application/json"
            + " | 2026-12-07T15:56:57.456+00:00 [telegram] embedded run agent end: runId=d36fe27a isError=true model=double-model provider=double"
            + " error=rate limit: 3 requests per minute; Retry-After: 60 seconds rawError=429 rate limit: 3 requests per minute"
            + " | 2026-12-07T15:56:57.526+00:00 [agent/embedded] transient same-model retry 1/9 for double/double-model reason=rate_limit: delayMs=60000";

    @Test
    void aModelCallToTheDoubleThatCameBackRateLimitedIsThisBurstsRefusalThoughNoSenderIsNamed() {
        List<String> limits = CreditExhaustionScenario.limitsOfThisBurst(CreditExhaustionScenario.journalLines(LIMITED_BY_A_PROXY), 555000111,
                List.of("GJH-20ED-SPEND-2"), false);
        assertThat(limits).hasSize(3);
        Observation burst = CreditExhaustionScenario.judge("a burst", 3, limits, Optional.empty(), Settled.REFUSED, Duration.ofSeconds(20),
                "3 model request(s)");
        assertThat(burst.outcome()).isEqualTo(Outcome.BLOCKED);
    }

    @Test
    void aRateLimitTheDoubleAnsweredItselfIsNoLimiterInFrontOfTheModel() {
        assertThat(CreditExhaustionScenario.limitsOfThisBurst(CreditExhaustionScenario.journalLines(LIMITED_BY_A_PROXY), 555000111,
                List.of("GJH-20ED-SPEND-2"), true)).as("the double's own 429 of a failure phase").isEmpty();
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
