package dev.gjallarhorn.report;

import dev.gjallarhorn.evidence.Redactor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gjallarhorn.claims.ThreatModel;
import dev.gjallarhorn.claims.ThreatModelParser;
import dev.gjallarhorn.verdict.VerdictBook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gjallarhorn.sarif carries what GitHub code scanning requires of an uploaded SARIF file (version 2.1.0, runs,
 * tool.driver.name, rules with an id, results with ruleId, message.text and a physical location with an artifact
 * URI and a start line) and locates every CONTRADICTED or STALE claim at its own line of the threat model.
 */
class SarifReportTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyContradictedOrStaleClaimIsAResultAtItsLineOfTheThreatModel(@TempDir Path repo) throws Exception {
        Files.createDirectories(repo.resolve(".git"));
        Path doc = Files.createDirectories(repo.resolve("docs/security")).resolve("threat-model.md");
        Files.copy(Path.of("scenarios/bilrost-threat-model.md"), doc);
        ThreatModel model = ThreatModelParser.parse(doc);
        List<VerdictBook.Entry> entries = ReportRowsTest.asProvisioned(model);
        Path file = SarifReport.write(repo.resolve("reports"), doc, entries, Map.of("id", "gjh-1", "target", "twin"), new Redactor());
        JsonNode sarif = JSON.readTree(file.toFile());

        assertThat(file.getFileName().toString()).isEqualTo("gjallarhorn.sarif");
        assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.path("$schema").asText()).isEqualTo(SarifReport.SCHEMA);
        assertThat(sarif.path("runs")).hasSize(1);
        JsonNode run = sarif.path("runs").get(0);
        assertThat(run.path("tool").path("driver").path("name").asText()).isEqualTo("gjallarhorn");
        JsonNode rules = run.path("tool").path("driver").path("rules");
        JsonNode results = run.path("results");

        List<String> reported = new ArrayList<>();
        List<String> lines = Files.readAllLines(doc);
        for (JsonNode result : results) {
            String id = result.path("ruleId").asText();
            reported.add(id);
            assertThat(result.path("message").path("text").asText()).as(id).startsWith(id.equals("N-CONTAINER-NETWORK-ISOLATION") ? "STALE: " + id : "CONTRADICTED: " + id);
            assertThat(result.path("level").asText()).as(id).isEqualTo(id.equals("N-CONTAINER-NETWORK-ISOLATION") ? "warning" : "error");
            assertThat(rules.get(result.path("ruleIndex").asInt()).path("id").asText()).as("ruleIndex points at its rule").isEqualTo(id);
            assertThat(result.path("locations")).as(id + ": one location").hasSize(1);
            JsonNode physical = result.path("locations").get(0).path("physicalLocation");
            assertThat(physical.path("artifactLocation").path("uri").asText()).as("relative to the repository root").isEqualTo("docs/security/threat-model.md");
            assertThat(physical.path("artifactLocation").path("uriBaseId").asText()).isEqualTo("%SRCROOT%");
            int line = physical.path("region").path("startLine").asInt();
            assertThat(line).as(id).isEqualTo(model.require(id).line());
            assertThat(lines.get(line - 1)).as(id + " is at that line").contains(id.startsWith("T-") ? id : model.require(id).title());
            assertThat(result.path("partialFingerprints").path("gjallarhornClaimVerdict/v1").asText()).startsWith(id + ":");
        }
        assertThat(reported).containsExactlyInAnyOrder("C-FIREWALL", "T-006", "T-007", "N-CONTAINER-NETWORK-ISOLATION");
        for (JsonNode rule : rules) {
            assertThat(rule.path("shortDescription").path("text").asText()).isNotBlank();
            assertThat(rule.path("properties").path("tags")).extracting(JsonNode::asText).contains("security");
        }
        assertThat(rules.get(reported.indexOf("T-006")).path("properties").path("security-severity").asText()).isEqualTo("9.5");
        assertThat(rules.get(reported.indexOf("C-FIREWALL")).path("properties").path("security-severity").asText()).isEqualTo("8.0");
        assertThat(rules.get(reported.indexOf("N-CONTAINER-NETWORK-ISOLATION")).path("properties").has("security-severity"))
                .as("a stale claim is no security alert").isFalse();
    }

    @Test
    void aRunWithNothingToReportHasAnEmptyResultListThatClosesOldAlerts(@TempDir Path dir) throws Exception {
        ThreatModel model = ThreatModelParser.parse(Path.of("scenarios/bilrost-threat-model.md"));
        Path file = SarifReport.write(dir, model.source(), new VerdictBook(model).entries(), Map.of("id", "gjh-2", "target", "twin"), new Redactor());
        JsonNode run = JSON.readTree(file.toFile()).path("runs").get(0);
        assertThat(run.has("results")).as("results is present").isTrue();
        assertThat(run.path("results")).isEmpty();
    }

    @Test
    void aDocumentOutsideAnyWorkTreeIsLocatedByItsFileUri(@TempDir Path dir) throws Exception {
        Path doc = Files.copy(Path.of("scenarios/bilrost-threat-model.md"), dir.resolve("tm.md"));
        assertThat(SarifReport.artifact(doc).getUri()).isEqualTo(doc.toUri().toString());
        assertThat(SarifReport.artifact(doc).getUriBaseId()).isNull();
    }
}
