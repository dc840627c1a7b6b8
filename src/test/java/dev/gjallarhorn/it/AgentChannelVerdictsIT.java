package dev.gjallarhorn.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.attack.AgentChannelAttack;
import dev.gjallarhorn.attack.ContainmentAttack;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent channel end to end: the real OpenClaw gateway in the twin, driven through the Telegram and LLM doubles,
 * on both profiles and with every agent-channel fault. Each run brings the gateway up once (20-45 s) and talks to
 * it for a few minutes more, so faults that target different claims share a twin, a fault that would slow every turn
 * (the rate limiter) runs only the attacks it targets, and the API failure phases (minutes) run only where they are
 * asserted on: as provisioned, and with a gateway that logs its failed requests.
 */
@Order(ItOrder.LONGEST_AT_THE_END)
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
        assertThat(r.part("T-001", "control API")).as("the gateway takes its password from secrets.env; seen: %s",
                r.partSeen("T-001", "control API")).isEqualTo("HOLDS");
        assertThat(r.part("T-009", "no identity but the gateway's own")).as("nobody cannot open the store; seen: %s",
                r.partSeen("T-009", "no identity but the gateway's own")).isEqualTo("HOLDS");
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
        assertVendorAuditBesideTheVerdicts(r, reports);
    }

    /**
     * The gateway's own audit ran (read-only, as its user) and is set beside the verdicts: its JSON in the evidence, the
     * three lists in verdicts.md. It ran with the gateway's own environment, so it sees the password the gateway takes
     * from secrets.env and does not report the control plane as unauthenticated.
     */
    static void assertVendorAuditBesideTheVerdicts(AttackRuns.Result r, Path reports) throws java.io.IOException {
        assertThat(r.run().path("vendorAudit").path("notRun").isMissingNode()).as("the audit ran: %s", r.run().path("vendorAudit")).isTrue();
        assertThat(r.run().path("vendorAudit").path("findings").asInt()).isPositive();
        assertThat(reports.resolve("evidence/vendor-audit/openclaw-security-audit.json")).isNotEmptyFile();
        assertThat(r.run().path("vendorAudit").path("unseen").isMissingNode()).as("the audit ran with the gateway's environment: %s",
                r.run().path("vendorAudit")).isTrue();
        assertThat(Files.readString(reports.resolve("verdicts.md"))).contains("## The gateway's own audit").contains("### Coverage gaps")
                .contains("### Audit blind spots").doesNotContain("`gateway.loopback_no_auth`").doesNotContain("`gateway.http.no_auth`");
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
        assertThat(r.partSeen("T-009", "no identity but the gateway's own")).as("the login user and nobody are each refused by the store")
                .contains("admission stores as nobody").containsPattern("admission stores as (?!nobody)").contains("openclaw.json: refused");
        assertThat(r.part("C-DOCKER-SANDBOX", "the agent's own exec")).isEqualTo("HOLDS");
        assertThat(r.label("C-DOCKER-SANDBOX")).as("no hijacked way out left the sandbox").isEqualTo("HOLDS");
        assertThat(r.labelOf("C-DOCKER-SANDBOX", "stoppedBy.write-outside-absolute")).isEqualTo("tool-policy");
        assertThat(r.labelOf("C-DOCKER-SANDBOX", "stoppedBy.web-fetch-canary")).as("web_fetch is off").isEqualTo("tool-policy");
        assertThat(r.part("N-CONTAINER-NETWORK-ISOLATION", "the agent's own sandbox calls out"))
                .as("the as-claimed sandbox is on the bridge and HTTPS may leave").isEqualTo("HOLDS");
        assertVendorAuditBesideTheVerdicts(r, reports);
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
}
