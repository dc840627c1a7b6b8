package dev.gjallarhorn.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.attack.AgentChannelAttack;
import dev.gjallarhorn.attack.agent.AgentChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent channel where the gateway or what stands in front of its model fails or is opened: open groups and an
 * elevated exec with the API failure phases, a model that fails every call, a rate limiter. Each run brings the real
 * gateway up once; a class apart from {@link AgentChannelVerdictsIT} so that the two run side by side.
 */
@Order(ItOrder.LONGEST)
class AgentChannelFailuresIT {

    @Test
    void openGroupsElevationADebuggingGatewayAndOpenAdmissionLetTheHijackerOutTheTokenIntoTheJournalAndAnyoneIn(@TempDir Path reports)
            throws Exception {
        AttackRuns.Result r = AttackRuns.run("twin:as-claimed+group-open,elevated-full,gateway-debug-fetch,pairing-store-writable,gateway-open",
                reports, AttackRuns.FailurePhases.QUICK, AgentChannelAttack.class);
        assertThat(r.part("T-001", "control API")).as("seen: %s", r.partSeen("T-001", "control API")).isEqualTo("CONTRADICTED");
        assertThat(r.partSeen("T-001", "control API")).as("the gateway gave nobody the allowlisted sender's conversation")
                .contains("as nobody without a credential").contains("marker came back");
        assertThat(r.part("T-009", "no identity but the gateway's own")).as("seen: %s", r.partSeen("T-009", "no identity but the gateway's own"))
                .isEqualTo("CONTRADICTED");
        assertThat(r.partSeen("T-009", "no identity but the gateway's own")).as("a sender nobody wrote got in without a code")
                .contains("written by nobody into the allowlist in openclaw.json").contains("admitted without any code");
        assertThat(r.label("T-001")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-001", "a group message")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-001", "forum-topic")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-001", "a stranger's DM")).as("DMs are still closed").isEqualTo("HOLDS");
        assertThat(r.part("T-009", "paired DM sender stays out of a group")).isEqualTo("CONTRADICTED");
        assertThat(r.label("C-DOCKER-SANDBOX")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-DOCKER-SANDBOX", "asking for elevation")).as("seen: %s", r.partSeen("C-DOCKER-SANDBOX", "asking for elevation"))
                .isEqualTo("CONTRADICTED");
        assertThat(r.labelOf("C-DOCKER-SANDBOX", "stoppedBy.exec-elevated")).isIn("none", "network");
        assertThat(r.part("C-DOCKER-SANDBOX", "asking for the gateway host")).isEqualTo("HOLDS");
        assertThat(r.label("T-003")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-003", "no secret logged when the Telegram or model API fails")).isEqualTo("CONTRADICTED");
        assertThat(r.partSeen("T-003", "no secret logged when")).as("the leak names the failure that provoked it").contains("TELEGRAM_BOT_TOKEN")
                .contains("logged during");
        assertThat(r.label("T-010")).isEqualTo("CONTRADICTED");
        assertThat(r.partOutcome("T-002", "HTTP 502")).as("a note: the gateway recovered after a 502").isEqualTo("BLOCKED");
        assertThat(r.part("T-003", "session stores")).as("the elevated exec printed the gateway's environment into its transcript: %s",
                r.partSeen("T-003", "session stores")).isEqualTo("CONTRADICTED");
        assertThat(Files.readString(reports.resolve("evidence/T-003/api-failures.txt"))).contains("HTTP 429 with retry_after")
                .contains("a stream cut").contains("connection refused");
    }

    @Test
    void aGatewayWhoseModelCallsAllFailIsDecidedFromWhatItDoesTowardsEachSenderWithinItsWorstCase(@TempDir Path reports) throws Exception {
        AttackRuns.Result r = AttackRuns.run("twin:as-claimed+dm-open,model-calls-fail", reports, AttackRuns.FailurePhases.ALL,
                AgentChannelAttack.class);
        java.time.Duration took = r.took(); // from when the run got its turn among the ITs' runs, not from when it asked
        System.out.println("[gjallarhorn] a gateway that completes no agent turn: the agent channel took " + took.toSeconds() + " s (bound: twin start,"
                + " gateway bring-up up to " + AgentChannel.readyWithin().toSeconds() + " s, then " + AgentChannel.worstCaseAfterBringUp().toSeconds()
                + " s, then the gateway's own audit up to " + AgentChannel.auditWithin().toSeconds() + " s)");
        assertThat(r.label("T-001")).as("strangers' DMs get agent turns (typing, the gateway's error), seen without a model").isEqualTo("CONTRADICTED");
        assertThat(r.part("T-001", "a stranger's DM")).isEqualTo("CONTRADICTED");
        assertThat(r.partSeen("T-001", "a stranger's DM")).contains("started an agent turn");
        assertThat(r.part("T-001", "edited DM")).as("OpenClaw starts no turn for an edit of a message it never saw").isEqualTo("HOLDS");
        assertThat(r.part("T-001", "document with a caption")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-TELEGRAM-PAIRING", "one-time code")).as("dmPolicy open offers no code").isEqualTo("CONTRADICTED");
        assertThat(r.part("T-001", "reaction")).as("only a model turn could show a reaction").isEqualTo("INCONCLUSIVE(oracle-blind)");
        assertThat(r.label("T-002")).isEqualTo("INCONCLUSIVE(oracle-blind)");
        assertThat(r.observed("T-002")).contains("no agent turn can complete").contains("401");
        assertThat(r.partOutcome("T-002", "an agent turn completes")).as("the finding, with the gateway's own error").isEqualTo("SUCCEEDED");
        assertThat(r.label("T-005")).startsWith("INCONCLUSIVE");
        assertThat(r.observed("T-005")).contains("no agent turn can complete");
        assertThat(took).as("decided within the printed worst case").isLessThan(AgentChannel.readyWithin().plus(AgentChannel.worstCaseAfterBringUp())
                .plus(AgentChannel.auditWithin()).plusMinutes(2));
    }

    @Test
    void aRateLimiterInFrontOfTheModelMakesTheGapStale(@TempDir Path reports) throws Exception {
        AttackRuns.Result r = AttackRuns.runMethods("twin:as-claimed+model-rate-limit", reports, AgentChannelAttack.class,
                "aBurstIsNotThrottled", "nothingLimitsTheModel");
        assertThat(r.label("T-002")).isEqualTo("STALE");
        assertThat(r.label("N-RATE-LIMITING")).isEqualTo("STALE");
    }
}
