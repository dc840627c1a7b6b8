package dev.gjallarhorn.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.attack.AgentChannelAttack;
import dev.gjallarhorn.attack.ContainmentAttack;
import dev.gjallarhorn.attack.agent.AgentChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent channel end to end: the real OpenClaw gateway in the twin, driven through the Telegram and LLM doubles,
 * on both profiles and with every agent-channel fault. Each run brings the gateway up once (20-45 s) and talks to
 * it for a few minutes more, so faults that target different claims share a twin, a fault that would slow every turn
 * (the rate limiter) runs only the attacks it targets, and the API failure phases (minutes) run only where they are
 * asserted on: as provisioned, and with a gateway that logs its failed requests.
 */
class AgentChannelVerdictsIT {

    static final String[] AGENT_CLAIMS = {"T-001", "C-TELEGRAM-PAIRING", "T-009", "T-002", "N-RATE-LIMITING", "T-005",
            "N-PROMPT-INJECTION-DEFENSE"};

    @Test
    void asProvisionedTheGatewayKeepsStrangersOutAndNothingLimitsOrFiltersTheModel(@TempDir Path reports) throws Exception {
        AttackRuns.Result r = AttackRuns.run("twin:as-provisioned", reports, AttackRuns.FailurePhases.OFF, AgentChannelAttack.class,
                ContainmentAttack.class);
        for (String id : AGENT_CLAIMS) {
            assertThat(r.label(id)).as(id).isEqualTo("HOLDS");
        }
        assertThat(r.part("T-001", "stranger's DM")).isEqualTo("HOLDS");
        assertThat(r.part("T-001", "group")).isEqualTo("HOLDS");
        assertThat(r.part("T-009", "approved code cannot be approved again")).isEqualTo("HOLDS");
        assertThat(r.part("T-009", "resembling")).isEqualTo("HOLDS");
        assertThat(r.partOutcome("T-009", "lock out")).as("a note (availability, not a bypass): three pending strangers lock out a fourth")
                .isEqualTo("SUCCEEDED");
        assertThat(r.partOutcome("T-009", "service identity can admit"))
                .as("a note: the service identity can write its own pairing store; seen: %s", r.partSeen("T-009", "service identity can admit"))
                .isEqualTo("SUCCEEDED");
        assertThat(r.partOutcome("T-005", "where a hijacked turn's exec runs")).as("a note: in a sandbox container").isEqualTo("BLOCKED");
        assertThat(r.partOutcome("T-005", "what it sees")).as("a note: GH_TOKEN is passed into the sandbox").isEqualTo("SUCCEEDED");
        assertThat(r.part("C-DOCKER-SANDBOX", "the agent's own exec")).as("the exec ran in a sandbox container").isEqualTo("HOLDS");
        assertThat(r.part("N-CONTAINER-NETWORK-ISOLATION", "the agent's own sandbox calls out"))
                .as("the sandbox runs with network none: the claimed gap is closed there").isEqualTo("STALE");
        assertThat(r.claims().get("T-005").path("observed").asText()).contains("5 of 5 payloads reached the model unchanged");
        assertThat(r.part("T-001", "pressing a button")).isEqualTo("HOLDS");
        assertThat(r.part("T-009", "paired DM sender stays out of a group")).isEqualTo("HOLDS");
        assertThat(r.labelOf("C-DOCKER-SANDBOX", "stoppedBy.exec-elevated")).as("elevation is not configured").isEqualTo("tool-policy");
        assertThat(r.labelOf("C-DOCKER-SANDBOX", "stoppedBy.exec-background")).isEqualTo("sandbox");
        assertThat(r.part("C-DOCKER-SANDBOX", "/elevated full")).isEqualTo("HOLDS");
        assertThat(Files.readString(reports.resolve("evidence/T-001/pairing.txt"))).contains("sendMessage");
        assertThat(reports.resolve("evidence/T-002/burst.txt")).isNotEmptyFile();
    }

    @Test
    void asClaimedOverAWebhookEveryAgentClaimHolds(@TempDir Path reports) throws Exception {
        AttackRuns.Result r = AttackRuns.run("twin:as-claimed+telegram-webhook", reports, AttackRuns.FailurePhases.OFF,
                AgentChannelAttack.class, ContainmentAttack.class);
        for (String id : AGENT_CLAIMS) {
            assertThat(r.label(id)).as(id).isEqualTo("HOLDS");
        }
        assertThat(Files.readString(reports.resolve("evidence/T-001/pairing.txt"))).as("updates went through the gateway's webhook")
                .contains("webhook");
        assertThat(r.part("C-DOCKER-SANDBOX", "the agent's own exec")).isEqualTo("HOLDS");
        assertThat(r.label("C-DOCKER-SANDBOX")).as("no hijacked way out left the sandbox").isEqualTo("HOLDS");
        assertThat(r.labelOf("C-DOCKER-SANDBOX", "stoppedBy.write-outside-absolute")).isEqualTo("tool-policy");
        assertThat(r.labelOf("C-DOCKER-SANDBOX", "stoppedBy.web-fetch-canary")).as("web_fetch is off").isEqualTo("tool-policy");
        assertThat(r.part("N-CONTAINER-NETWORK-ISOLATION", "the agent's own sandbox calls out"))
                .as("the as-claimed sandbox is on the bridge and HTTPS may leave").isEqualTo("HOLDS");
    }

    @Test
    void faultsOpenTheDoorFilterPayloadsAndTurnTheSandboxOff(@TempDir Path reports) throws Exception {
        AttackRuns.Result r = AttackRuns.run("twin:as-claimed+allowfrom-star,injection-filter,sandbox-off", reports,
                AttackRuns.FailurePhases.OFF, AgentChannelAttack.class, ContainmentAttack.class);
        assertThat(r.label("T-001")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-001", "stranger's DM")).isEqualTo("CONTRADICTED");
        assertThat(r.label("C-TELEGRAM-PAIRING")).isEqualTo("CONTRADICTED");
        assertThat(r.label("T-009")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-009", "resembling")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-001", "forwarding")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-001", "reaction")).as("the reaction reaches the model as a system event").isEqualTo("CONTRADICTED");
        assertThat(r.part("T-001", "pressing a button")).isEqualTo("CONTRADICTED");
        assertThat(r.part("T-001", "group message")).as("groups stay closed: allowFrom is not a group allowlist").isEqualTo("HOLDS");
        assertThat(r.part("C-DOCKER-SANDBOX", "../ path")).as("without a sandbox the file tool writes on the VM").isEqualTo("CONTRADICTED");
        assertThat(r.label("N-PROMPT-INJECTION-DEFENSE")).isEqualTo("STALE");
        assertThat(r.label("T-005")).isEqualTo("STALE");
        assertThat(r.label("C-DOCKER-SANDBOX")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-DOCKER-SANDBOX", "the agent's own exec")).isEqualTo("CONTRADICTED");
        assertThat(r.part("C-DOCKER-SANDBOX", "background process")).as("without a sandbox it runs on the VM").isEqualTo("CONTRADICTED");
        assertThat(r.labelOf("C-DOCKER-SANDBOX", "stoppedBy.exec-background")).isEqualTo("none");
        assertThat(r.part("C-DOCKER-SANDBOX", "not run as root")).as("the replica container is untouched").isEqualTo("HOLDS");
        assertThat(r.label("T-002")).as("nothing limits the model here").isEqualTo("HOLDS");
        assertThat(r.label("N-RATE-LIMITING")).isEqualTo("HOLDS");
    }

    @Test
    void openGroupsElevationAndADebuggingGatewayLetTheHijackerOutAndTheTokenIntoTheJournal(@TempDir Path reports) throws Exception {
        AttackRuns.Result r = AttackRuns.run("twin:as-claimed+group-open,elevated-full,gateway-debug-fetch", reports, AttackRuns.FailurePhases.QUICK,
                AgentChannelAttack.class);
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
        long started = System.nanoTime();
        AttackRuns.Result r = AttackRuns.run("twin:as-claimed+dm-open,model-calls-fail", reports, AttackRuns.FailurePhases.ALL,
                AgentChannelAttack.class);
        java.time.Duration took = java.time.Duration.ofNanos(System.nanoTime() - started);
        System.out.println("[gjallarhorn] a gateway that completes no agent turn: the agent channel took " + took.toSeconds() + " s (bound: twin start,"
                + " gateway bring-up up to " + AgentChannel.readyWithin().toSeconds() + " s, then " + AgentChannel.worstCaseAfterBringUp().toSeconds() + " s)");
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
                .plusMinutes(2));
    }

    @Test
    void aRateLimiterInFrontOfTheModelMakesTheGapStale(@TempDir Path reports) throws Exception {
        AttackRuns.Result r = AttackRuns.runMethods("twin:as-claimed+model-rate-limit", reports, AgentChannelAttack.class,
                "aBurstIsNotThrottled", "nothingLimitsTheModel");
        assertThat(r.label("T-002")).isEqualTo("STALE");
        assertThat(r.label("N-RATE-LIMITING")).isEqualTo("STALE");
    }
}
