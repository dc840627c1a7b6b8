package dev.gjallarhorn.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gjallarhorn.claims.ThreatModel;
import dev.gjallarhorn.claims.ThreatModelParser;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.VerdictBook;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The gateway's own audit beside the verdicts, on what {@code openclaw security audit --json} (2026.9.6) printed on the
 * as-claimed twin: corroborated, coverage gaps and blind spots each decided by the verdicts, never by the audit alone.
 */
class VendorAuditComparisonTest {

    private final ThreatModel model = ThreatModelParser.parse(Path.of("scenarios/bilrost-threat-model.md"));

    private static String recorded() throws IOException {
        try (InputStream in = VendorAuditComparisonTest.class.getResourceAsStream("security-audit-as-claimed.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static VendorAudit audit() throws IOException {
        return new VendorAudit(Optional.empty(), VendorAudit.parse(recorded()), Duration.ofSeconds(26),
                Optional.of(Path.of("evidence/vendor-audit/openclaw-security-audit.json")), List.of());
    }

    private static ClaimEvaluation seen(String claim, Outcome predicted, Observation observation) {
        return new ClaimEvaluation(claim, List.of(PartEvaluation.claim("p", predicted, List.of(observation))), "seen", List.of(),
                Instant.now(), Duration.ofMillis(5));
    }

    @Test
    void theRecordedAuditParsesToItsFindingsInOrder() throws IOException {
        List<VendorAudit.Finding> findings = VendorAudit.parse(recorded());
        assertThat(findings).extracting(VendorAudit.Finding::checkId).containsExactly("summary.attack_surface", "gateway.trusted_proxies_missing",
                "gateway.loopback_no_auth", "config.insecure_or_dangerous_flags", "config.insecure_or_dangerous_flags", "gateway.http.no_auth",
                "fs.state_dir.perms_readable", "fs.config.perms_group_readable");
        assertThat(findings.get(2).severity()).isEqualTo("critical");
        assertThat(findings.get(0).flagsSomething()).as("info only describes").isFalse();
    }

    @Test
    void outputThatIsNotTheAuditsJsonIsNoEmptyListOfFindings() {
        assertThatThrownBy(() -> VendorAudit.parse("Security audit\nno findings")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VendorAudit.parse("{\"summary\":{}}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyFindingOfTheTwinIsMappedByItsCheckIdAndForTheFlagsByWhatItNames() throws IOException {
        VendorAuditClaims rules = VendorAuditClaims.pinned();
        List<VendorAudit.Finding> f = VendorAudit.parse(recorded());
        assertThat(rules.of(f.get(2)).claims()).containsExactly("T-001");
        assertThat(rules.of(f.get(3)).claims()).as("a sandbox flag").containsExactly("C-DOCKER-SANDBOX");
        assertThat(rules.of(f.get(6)).claims()).containsExactly("C-SECRETS-MANAGEMENT");
        assertThat(rules.of(f.get(0)).claims()).isEmpty();
        assertThat(rules.of(new VendorAudit.Finding("fs.credentials_dir.perms_writable", "critical", "t", "d")).claims()).contains("T-009");
        assertThat(rules.of(new VendorAudit.Finding("fs.config.perms_writable", "critical", "t", "d")).claims())
                .as("a writable config admits senders through allowFrom").contains("T-009", "C-DOCKER-SANDBOX");
        assertThat(rules.of(new VendorAudit.Finding("channels.telegram.dm.open", "critical", "t", "d")).claims()).contains("T-001");
        assertThat(rules.of(new VendorAudit.Finding("something.new_in_a_later_release", "warn", "t", "d")).claims())
                .as("an unknown id assumes no claim").isEmpty();
    }

    @Test
    void aFindingWhoseClaimThisRunContradictedIsCorroboratedTheOthersAreGapsAndASilentContradictionIsABlindSpot() throws IOException {
        VerdictBook book = new VerdictBook(model);
        book.record(seen("C-DOCKER-SANDBOX", Outcome.BLOCKED, Observation.succeeded("a hijacked exec", "ran on the VM")));
        book.record(seen("T-001", Outcome.BLOCKED, Observation.blocked("a stranger's DM", "no turn")));
        book.record(seen("C-FIREWALL", Outcome.BLOCKED, Observation.succeeded("tcp/80 as lima", "the canary saw it")));
        VendorAuditComparison c = VendorAuditComparison.of(audit(), book.entries(), VendorAuditClaims.pinned());
        assertThat(c.corroborated()).extracting(r -> r.finding().checkId()).containsExactly("config.insecure_or_dangerous_flags",
                "config.insecure_or_dangerous_flags");
        assertThat(c.coverageGaps()).extracting(r -> r.finding().checkId()).containsExactly("gateway.trusted_proxies_missing", "gateway.loopback_no_auth",
                "gateway.http.no_auth", "fs.state_dir.perms_readable", "fs.config.perms_group_readable");
        assertThat(c.coverageGaps().get(1).ours()).contains("T-001 HOLDS").contains("no attack of this run showed it");
        assertThat(c.coverageGaps().get(3).ours()).as("C-SECRETS-MANAGEMENT was not attacked in this run").contains("not attacked in this run");
        assertThat(c.blindSpots()).extracting(r -> r.claims().get(0)).containsExactly("C-FIREWALL");
        assertThat(c.described()).extracting(VendorAudit.Finding::checkId).containsExactly("summary.attack_surface");
        String md = VendorAuditSection.of(c);
        assertThat(md).contains("8 finding(s): 1 critical, 6 warn, 1 info").contains("### Corroborated").contains("### Coverage gaps")
                .contains("- **C-FIREWALL**");
    }

    @Test
    void allureAttachesToEachClaimWhatTheAuditSaidOfItAndTheEnvironmentCountsTheLists(@org.junit.jupiter.api.io.TempDir Path results)
            throws IOException {
        VerdictBook book = new VerdictBook(model);
        book.record(seen("C-DOCKER-SANDBOX", Outcome.BLOCKED, Observation.succeeded("a hijacked exec", "ran on the VM")));
        book.record(seen("T-001", Outcome.BLOCKED, Observation.blocked("a stranger's DM", "no turn")));
        book.record(seen("C-FIREWALL", Outcome.BLOCKED, Observation.succeeded("tcp/80 as lima", "the canary saw it")));
        book.record(seen("T-004", Outcome.SUCCEEDED, Observation.succeeded("no lockfile", "none")));
        VendorAuditComparison c = VendorAuditComparison.of(audit(), book.entries(), VendorAuditClaims.pinned());
        AllureClaimResults.fold(results, book.entries(), model.source(), new dev.gjallarhorn.evidence.Redactor(),
                dev.gjallarhorn.claims.ClaimScopes.bundled(), Optional.of(c));
        java.util.Map<String, String> attached = new java.util.HashMap<>();
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(results)) {
            for (Path f : files.filter(p -> p.toString().endsWith("-result.json")).toList()) {
                com.fasterxml.jackson.databind.JsonNode r = VerdictsReport.JSON.readTree(f.toFile());
                for (com.fasterxml.jackson.databind.JsonNode a : r.path("attachments")) {
                    if (a.path("name").asText().equals(AllureVendorAudit.ATTACHMENT)) {
                        attached.put(r.path("historyId").asText().replace("gjallarhorn-claim-", ""),
                                java.nio.file.Files.readString(results.resolve(a.path("source").asText())));
                    }
                }
            }
        }
        assertThat(attached.get("C-DOCKER-SANDBOX")).contains("Corroborated").contains("config.insecure_or_dangerous_flags");
        assertThat(attached.get("T-001")).contains("Coverage gap").contains("gateway.loopback_no_auth").doesNotContain("Corroborated");
        assertThat(attached.get("C-FIREWALL")).contains("Audit blind spot");
        assertThat(attached).as("a claim the audit says nothing of gets nothing").doesNotContainKey("T-004");
        assertThat(AllureVendorAudit.environmentLine(c.summary())).contains("8 findings: 2 corroborated, 5 coverage gaps, 1 blind spots"
                + " (evidence/vendor-audit/comparison.md)");
        assertThat(AllureVendorAudit.environmentLine(VendorAuditComparison.of(VendorAudit.notRun("it ran into its bound of 150 s",
                Duration.ofSeconds(150)), book.entries(), VendorAuditClaims.pinned()).summary())).contains("not run: it ran into its bound of 150 s");
        assertThat(AllureVendorAudit.environmentLine(null)).as("a run without the agent channel").isEmpty();
    }

    @Test
    void aKnownGapThatHoldsCorroboratesAFindingOfItsWeakness() {
        VerdictBook book = new VerdictBook(model);
        book.record(seen("T-005", Outcome.SUCCEEDED, Observation.succeeded("5 payloads", "reached the model unchanged")));
        VendorAudit weakModel = new VendorAudit(Optional.empty(), List.of(new VendorAudit.Finding("models.weak_tier", "warn", "weak model", "d")),
                Duration.ofSeconds(1), Optional.empty(), List.of("OPENCLAW_GATEWAY_TOKEN"));
        VendorAuditComparison c = VendorAuditComparison.of(weakModel, book.entries(), VendorAuditClaims.pinned());
        assertThat(c.corroborated()).hasSize(1);
        assertThat(c.corroborated().get(0).ours()).contains("T-005 HOLDS");
        assertThat(VendorAuditSection.of(c)).as("a setting the audit could not see is named").contains("sets OPENCLAW_GATEWAY_TOKEN");
    }

    @Test
    void anAuditThatDidNotRunSaysWhyAndDecidesNothing() {
        VendorAuditComparison c = VendorAuditComparison.of(VendorAudit.notRun("it ran into its bound of 150 s", Duration.ofSeconds(150)),
                new VerdictBook(model).entries(), VendorAuditClaims.pinned());
        assertThat(c.corroborated()).isEmpty();
        assertThat(c.blindSpots()).isEmpty();
        assertThat(VendorAuditSection.of(c)).contains("Not run: it ran into its bound of 150 s");
    }

    @Test
    void aCellIsCutAtABlankNeverInsideAWord() {
        String secretLike = "sk-" + "x".repeat(60);
        String detail = "a".repeat(150) + " " + secretLike + " tail";
        assertThat(VendorAuditSection.cell(detail)).doesNotContain("sk-").endsWith(" …");
        assertThat(VendorAuditSection.cell("short " + secretLike)).contains(secretLike);
    }

    @Test
    void aTableLineWithoutItsFourFieldsIsRefused() {
        assertThatThrownBy(() -> VendorAuditClaims.parse("gateway.*\tT-001\n")).isInstanceOf(IllegalArgumentException.class);
    }
}
