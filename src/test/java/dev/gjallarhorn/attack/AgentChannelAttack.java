package dev.gjallarhorn.attack;

import dev.gjallarhorn.claims.Stride;
import dev.gjallarhorn.junit.AttackSuite;
import dev.gjallarhorn.junit.DrivesGateway;
import dev.gjallarhorn.junit.ClaimCheck;
import dev.gjallarhorn.junit.ClaimUnderTest;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.attack.failures.ApiFailureScenario;
import dev.gjallarhorn.attack.failures.CreditExhaustionScenario;
import dev.gjallarhorn.attack.containment.EscapeScenario;
import dev.gjallarhorn.attack.pairing.PairingScenario;
import dev.gjallarhorn.attack.injection.PromptInjectionScenario;
import io.qameta.allure.Feature;
import io.qameta.allure.Story;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.Prediction;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The agent channel: the real gateway on the target, driven through gjallarhorn's Telegram and LLM doubles. The
 * order matters: strangers first (their silences need a quiet channel), the burst, the injections and the hijacked
 * agent's ways out (whose turns print the secrets the session-store search then looks for), and the API failure
 * phases last: a model that failed leaves the gateway's provider in a cooldown of up to minutes, which no other attack
 * should meet.
 */
@AttackSuite
@DrivesGateway
@Order(1)
@ResourceLock(AttackLocks.GATEWAY)
@Feature("Telegram channel")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class AgentChannelAttack {

    @Test
    @Order(1)
    @Tag(Stride.TAG_SPOOFING)
    @Tag(Stride.TAG_DENIAL_OF_SERVICE)
    @ClaimUnderTest("T-001")
    @Story("T-001")
    @DisplayName("T-001: strangers' DMs and group messages reach no model")
    void strangersReachNoModel(AttackRun run) {
        ClaimCheck.of(run, "T-001").judge(() -> PairingScenario.openAccess(run));
    }

    @Test
    @Order(2)
    @Tag(Stride.TAG_SPOOFING)
    @ClaimUnderTest("C-TELEGRAM-PAIRING")
    @Story("C-TELEGRAM-PAIRING")
    @DisplayName("C-TELEGRAM-PAIRING: a stranger is challenged with a one-time code")
    void strangersAreChallenged(AttackRun run) {
        ClaimCheck.of(run, "C-TELEGRAM-PAIRING").judge(() -> PairingScenario.pairingControl(run));
    }

    @Test
    @Order(3)
    @Tag(Stride.TAG_SPOOFING)
    @ClaimUnderTest("T-009")
    @Story("T-009")
    @DisplayName("T-009: approved codes cannot be reused, shared or guessed; look-alike ids stay out")
    void thePairingFlowHasNoWayAround(AttackRun run) {
        ClaimCheck.of(run, "T-009").judge(() -> PairingScenario.pairingBypass(run));
    }

    @Test
    @Order(4)
    @Tag(Stride.TAG_DENIAL_OF_SERVICE)
    @ClaimUnderTest("T-002")
    @Story("T-002")
    @DisplayName("T-002: a paired sender's burst all reaches the model, unthrottled")
    void aBurstIsNotThrottled(AttackRun run) {
        ClaimCheck.of(run, "T-002").judge(() -> CreditExhaustionScenario.creditExhaustion(run));
    }

    @Test
    @Order(5)
    @Tag(Stride.TAG_DENIAL_OF_SERVICE)
    @ClaimUnderTest("N-RATE-LIMITING")
    @Story("N-RATE-LIMITING")
    @DisplayName("N-RATE-LIMITING: nothing limits the rate, concurrency or cost of model calls")
    void nothingLimitsTheModel(AttackRun run) {
        ClaimCheck.of(run, "N-RATE-LIMITING").judge(() -> CreditExhaustionScenario.rateLimiting(run));
    }

    @Test
    @Order(6)
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
    @Order(7)
    @Tag(Stride.TAG_TAMPERING)
    @Tag(Stride.TAG_SPOOFING) // the payloads come in as forged updates from the allowlisted sender
    @ClaimUnderTest("N-PROMPT-INJECTION-DEFENSE")
    @Story("N-PROMPT-INJECTION-DEFENSE")
    @DisplayName("N-PROMPT-INJECTION-DEFENSE: nothing filters injection payloads")
    void nothingFiltersInjections(AttackRun run) {
        ClaimCheck.of(run, "N-PROMPT-INJECTION-DEFENSE").judge(() -> PromptInjectionScenario.defense(run));
    }

    @Test
    @Order(8)
    @Tag(Stride.TAG_ELEVATION_OF_PRIVILEGE)
    @ClaimUnderTest("C-DOCKER-SANDBOX")
    @Story("C-DOCKER-SANDBOX")
    @DisplayName("C-DOCKER-SANDBOX: a hijacked agent's ways out (elevation, the gateway host, /elevated, background, writes, fetch) stay in the sandbox")
    void aHijackedAgentStaysInItsSandbox(AttackRun run) {
        ClaimCheck.of(run, "C-DOCKER-SANDBOX").judge(() -> EscapeScenario.sandboxEscapes(run));
    }

    @Test
    @Order(9)
    @Tag(Stride.TAG_INFORMATION_DISCLOSURE)
    @ClaimUnderTest("T-003")
    @Story("T-003")
    @DisplayName("T-003: no secret in the gateway's transcripts after hijacked turns, nor in its logs after its APIs failed")
    void secretsStayOutOfTranscriptsAndFailureLogs(AttackRun run) {
        ClaimCheck.of(run, "T-003").judge(() -> {
            Outcome predicted = Prediction.forClaim(run.claim("T-003"));
            EscapeScenario.EscapeFindings escapes = EscapeScenario.findings(run);
            ApiFailureScenario.ApiFailureFindings failures = ApiFailureScenario.findings(run);
            List<PartEvaluation> parts = List.of(EscapeScenario.transcriptsPart(run, predicted), ApiFailureScenario.logsPart(run, predicted));
            return new ClaimEvaluation("T-003", parts, ApiFailureScenario.summaryOf(run), List.of(escapes.evidence(), failures.evidence()),
                    escapes.startedAt(), escapes.elapsed().plus(failures.elapsed()));
        });
    }

    @Test
    @Order(10)
    @Tag(Stride.TAG_SPOOFING)
    @Tag(Stride.TAG_INFORMATION_DISCLOSURE)
    @ClaimUnderTest("T-010")
    @Story("T-010")
    @DisplayName("T-010: the bot token stays out of the logs when the Bot API fails")
    void theBotTokenStaysOutOfLogsUnderFailure(AttackRun run) {
        ClaimCheck.of(run, "T-010").judge(() -> ApiFailureScenario.botTokenUnderFailure(run));
    }

    @Test
    @Order(11)
    @Tag(Stride.TAG_DENIAL_OF_SERVICE)
    @ClaimUnderTest("T-002")
    @Story("T-002")
    @DisplayName("T-002: how the gateway holds up and recovers when its Telegram or model API fails")
    void theGatewayUnderApiFailures(AttackRun run) {
        ClaimCheck.of(run, "T-002").judge(() -> ApiFailureScenario.withAvailability(run, CreditExhaustionScenario.creditExhaustion(run)));
    }
}
