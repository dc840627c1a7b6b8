package dev.gjallarhorn.attack;

import dev.gjallarhorn.claims.Stride;
import dev.gjallarhorn.junit.AttackSuite;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.parallel.ResourceLock;
import dev.gjallarhorn.junit.ClaimCheck;
import dev.gjallarhorn.junit.ClaimUnderTest;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.scenario.CreditExhaustionScenario;
import dev.gjallarhorn.scenario.PairingScenario;
import dev.gjallarhorn.scenario.PromptInjectionScenario;
import io.qameta.allure.Feature;
import io.qameta.allure.Story;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The agent channel: the real gateway on the target, driven through gjallarhorn's Telegram and LLM doubles. */
@AttackSuite
@Order(1)
@ResourceLock(AttackLocks.GATEWAY)
@Feature("Telegram channel")
public class AgentChannelAttack {

    @Test
    @Tag(Stride.TAG_SPOOFING)
    @Tag(Stride.TAG_DENIAL_OF_SERVICE)
    @ClaimUnderTest("T-001")
    @Story("T-001")
    @DisplayName("T-001: strangers' DMs and group messages reach no model")
    void strangersReachNoModel(AttackRun run) {
        ClaimCheck.of(run, "T-001").judge(() -> PairingScenario.openAccess(run));
    }

    @Test
    @Tag(Stride.TAG_SPOOFING)
    @ClaimUnderTest("C-TELEGRAM-PAIRING")
    @Story("C-TELEGRAM-PAIRING")
    @DisplayName("C-TELEGRAM-PAIRING: a stranger is challenged with a one-time code")
    void strangersAreChallenged(AttackRun run) {
        ClaimCheck.of(run, "C-TELEGRAM-PAIRING").judge(() -> PairingScenario.pairingControl(run));
    }

    @Test
    @Tag(Stride.TAG_SPOOFING)
    @ClaimUnderTest("T-009")
    @Story("T-009")
    @DisplayName("T-009: approved codes cannot be reused, shared or guessed; look-alike ids stay out")
    void thePairingFlowHasNoWayAround(AttackRun run) {
        ClaimCheck.of(run, "T-009").judge(() -> PairingScenario.pairingBypass(run));
    }

    @Test
    @Tag(Stride.TAG_DENIAL_OF_SERVICE)
    @ClaimUnderTest("T-002")
    @Story("T-002")
    @DisplayName("T-002: a paired sender's burst all reaches the model, unthrottled")
    void aBurstIsNotThrottled(AttackRun run) {
        ClaimCheck.of(run, "T-002").judge(() -> CreditExhaustionScenario.creditExhaustion(run));
    }

    @Test
    @Tag(Stride.TAG_DENIAL_OF_SERVICE)
    @ClaimUnderTest("N-RATE-LIMITING")
    @Story("N-RATE-LIMITING")
    @DisplayName("N-RATE-LIMITING: nothing limits the rate, concurrency or cost of model calls")
    void nothingLimitsTheModel(AttackRun run) {
        ClaimCheck.of(run, "N-RATE-LIMITING").judge(() -> CreditExhaustionScenario.rateLimiting(run));
    }

    @Test
    @Tag(Stride.TAG_TAMPERING)
    @Tag(Stride.TAG_SPOOFING) // the payloads come in as forged updates from the allowlisted sender
    @Tag(Stride.TAG_ELEVATION_OF_PRIVILEGE)
    @ClaimUnderTest("T-005")
    @Story("T-005")
    @DisplayName("T-005: injection payloads reach the model unfiltered; where a hijacked exec runs and what it reaches")
    void injectionsReachTheModel(AttackRun run) {
        ClaimCheck.of(run, "T-005").judge(() -> PromptInjectionScenario.injection(run));
    }

    @Test
    @Tag(Stride.TAG_TAMPERING)
    @Tag(Stride.TAG_SPOOFING) // the payloads come in as forged updates from the allowlisted sender
    @ClaimUnderTest("N-PROMPT-INJECTION-DEFENSE")
    @Story("N-PROMPT-INJECTION-DEFENSE")
    @DisplayName("N-PROMPT-INJECTION-DEFENSE: nothing filters injection payloads")
    void nothingFiltersInjections(AttackRun run) {
        ClaimCheck.of(run, "N-PROMPT-INJECTION-DEFENSE").judge(() -> PromptInjectionScenario.defense(run));
    }
}
