package dev.gjallarhorn.report;

import dev.gjallarhorn.evidence.Redactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.claims.ThreatModel;
import dev.gjallarhorn.claims.ThreatModelError;
import dev.gjallarhorn.claims.ThreatModelParser;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.verdict.VerdictBook;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.VerdictKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's table, one test per row: the row's input (what a maintainer saw) in, the outcome a maintainer expects
 * asserted. The Allure side is checked on the results files the report is generated from, with Allure's own rule
 * for categories (the whole message, DOTALL, status in matchedStatuses).
 */
class ReportRowsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path BILROST = Path.of("scenarios/bilrost-threat-model.md");

    /** As-provisioned's shape: confirmed gaps, holding controls, contradicted controls and T-006, a stale absent control. */
    static List<VerdictBook.Entry> asProvisioned(ThreatModel model) {
        VerdictBook book = new VerdictBook(model);
        got(book, "T-002", Outcome.SUCCEEDED, Observation.succeeded("burst of 20 messages", "all reached the model"));
        got(book, "T-005", Outcome.SUCCEEDED, Observation.succeeded("injection payloads", "unfiltered"));
        got(book, "N-RATE-LIMITING", Outcome.SUCCEEDED, Observation.succeeded("burst", "no limit"));
        got(book, "T-004", Outcome.SUCCEEDED, Observation.succeeded("install", "not frozen"));
        got(book, "T-009", Outcome.BLOCKED, Observation.blocked("reused code", "refused"));
        got(book, "T-001", Outcome.BLOCKED, Observation.blocked("stranger DM", "no model request"));
        got(book, "T-003", Outcome.BLOCKED, Observation.blocked("journald", "no canary found"));
        got(book, "C-FIREWALL", Outcome.BLOCKED, Observation.succeeded("tcp/80 as lima", "canary got the token"));
        got(book, "T-006", Outcome.BLOCKED, Observation.succeeded("secrets share", "holds .ssh"));
        got(book, "T-007", Outcome.BLOCKED, Observation.succeeded("vault", "writable"));
        got(book, "N-CONTAINER-NETWORK-ISOLATION", Outcome.SUCCEEDED, Observation.blocked("bridge container", "no canary hit"));
        return book.entries();
    }

    static void got(VerdictBook book, String id, Outcome predicted, Observation seen) {
        book.record(new ClaimEvaluation(id, List.of(PartEvaluation.claim("p", predicted, List.of(seen))), "seen: " + seen.subject(),
                List.of(), Instant.now(), Duration.ZERO));
    }

    /** Folds the given test results (none: the session wrote none) into claim results; returns them by claim id. */
    static Map<String, JsonNode> fold(Path results, ThreatModel model, List<VerdictBook.Entry> entries) throws Exception {
        AllureCategories.write(results);
        AllureClaimResults.fold(results, entries, model.source(), new Redactor());
        Map<String, JsonNode> byClaim = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(results)) {
            for (Path file : files.filter(f -> f.toString().endsWith("-result.json")).toList()) {
                JsonNode result = JSON.readTree(file.toFile());
                JsonNode previous = byClaim.put(label(result, "claim").get(0), result);
                assertThat(previous).as("one result per claim").isNull();
            }
        }
        return byClaim;
    }

    static List<String> label(JsonNode result, String name) {
        List<String> values = new ArrayList<>();
        result.path("labels").forEach(l -> {
            if (l.path("name").asText().equals(name)) {
                values.add(l.path("value").asText());
            }
        });
        return values;
    }

    /** The categories a result lands in, by Allure 2's CategoriesPlugin rule. */
    static List<String> categories(Path results, JsonNode result) throws Exception {
        List<String> matched = new ArrayList<>();
        String message = result.path("statusDetails").path("message").asText("");
        for (JsonNode category : JSON.readTree(results.resolve("categories.json").toFile())) {
            boolean status = false;
            for (JsonNode s : category.path("matchedStatuses")) {
                status |= s.asText().equals(result.path("status").asText());
            }
            if (status && Pattern.compile(category.path("messageRegex").asText(), Pattern.DOTALL).matcher(message).matches()) {
                matched.add(category.path("name").asText());
            }
        }
        return matched;
    }

    @Test
    @DisplayName("row 1: a confirmed gap passes like a holding control, but in its own category and with its own label, in Allure and in verdicts.md")
    void confirmedGapsAreKnownGaps(@TempDir Path dir) throws Exception {
        ThreatModel model = ThreatModelParser.parse(BILROST);
        List<VerdictBook.Entry> entries = asProvisioned(model);
        Path results = dir.resolve("allure-results");
        Map<String, JsonNode> byClaim = fold(results, model, entries);

        for (String gap : List.of("T-002", "T-004", "T-005", "N-RATE-LIMITING")) {
            JsonNode result = byClaim.get(gap);
            assertThat(result.path("status").asText()).as(gap + ": same pass/fail semantics as a claim that holds").isEqualTo("passed");
            assertThat(categories(results, result)).as(gap).containsExactly(AllureCategories.KNOWN_GAP);
            assertThat(label(result, "tag")).as(gap).contains(KnownGap.TAG);
            assertThat(label(result, "verdict")).as(gap).containsExactly("HOLDS");
        }
        JsonNode control = byClaim.get("T-003");
        assertThat(control.path("status").asText()).isEqualTo("passed");
        assertThat(categories(results, control)).as("a control that works is no known gap").isEmpty();
        assertThat(label(control, "tag")).doesNotContain(KnownGap.TAG);

        Map<String, Object> run = Map.of("id", "gjh-1", "target", "twin", "finishedAt", "now", "threatModel", BILROST.toString());
        String md = Files.readString(VerdictsMarkdown.write(dir, run, entries, new Redactor()));
        assertThat(md).containsPattern("\\| T-002 \\|.*\\| \\*\\*HOLDS\\*\\* \\(known gap\\) \\|")
                .containsPattern("\\| N-RATE-LIMITING \\|.*\\| \\*\\*HOLDS\\*\\* \\(known gap\\) \\|")
                .containsPattern("\\| T-003 \\|.*\\| \\*\\*HOLDS\\*\\* \\|")
                .contains("4 of them known gaps");
        JsonNode json = JSON.readTree(VerdictsReport.write(dir, run, entries, new Redactor()).toFile());
        json.path("claims").forEach(c -> assertThat(c.path("knownGap").asBoolean()).as(c.path("id").asText())
                .isEqualTo(List.of("T-002", "T-004", "T-005", "N-RATE-LIMITING").contains(c.path("id").asText())));
    }

    @Test
    @DisplayName("row 2: a contradiction's severity comes from the claim's stakes (a contradicted control at least critical); a holding claim never alarms")
    void severityFollowsTheVerdict(@TempDir Path dir) throws Exception {
        ThreatModel model = ThreatModelParser.parse(BILROST);
        Map<String, JsonNode> byClaim = fold(dir, model, asProvisioned(model));
        assertThat(label(byClaim.get("C-FIREWALL"), "severity")).as("a contradicted control").containsExactly("critical");
        assertThat(label(byClaim.get("T-006"), "severity")).as("contradicted T-006: impact 5, a VM escape").containsExactly("blocker");
        assertThat(label(byClaim.get("T-007"), "severity")).as("contradicted T-007: risk 9").containsExactly("critical");
        for (String holding : List.of("T-001", "T-002", "T-003", "T-004", "T-005", "T-009", "N-RATE-LIMITING")) {
            assertThat(label(byClaim.get(holding), "severity")).as(holding + " holds (T-001 risk 20, T-009 16, T-004 15)")
                    .doesNotContain("blocker", "critical", "normal");
        }
        for (JsonNode result : byClaim.values()) {
            boolean alarming = label(result, "severity").stream().anyMatch(s -> s.equals("blocker") || s.equals("critical"));
            assertThat(alarming).as(label(result, "claim") + " alarms exactly when contradicted").isEqualTo(result.path("status").asText().equals("failed"));
        }
    }

    @Test
    @DisplayName("row 3: a claim with two tests (C-FIREWALL) is one result; Allure's failed count is the gate's contradicted count")
    void oneCountOfClaims(@TempDir Path dir) throws Exception {
        ThreatModel model = ThreatModelParser.parse(BILROST);
        List<VerdictBook.Entry> entries = asProvisioned(model);
        Path results = dir.resolve("allure-results");
        Files.createDirectories(results);
        testResult(results, "C-FIREWALL", "FirewallEgressAttack", "C-FIREWALL: nothing but HTTPS, DNS and Tailscale leaves the VM", "failed",
                "CONTRADICTED: C-FIREWALL (claimed Exists): tcp/80");
        testResult(results, "C-FIREWALL", "ContainmentAttack", "C-FIREWALL (containers): a bridge container tries the ports", "failed",
                "CONTRADICTED: C-FIREWALL (claimed Exists): bridge");
        testResult(results, "T-006", "ContainmentAttack", "T-006: the VM-escape surface", "failed", "CONTRADICTED: T-006 (claimed Mitigated): share");
        testResult(results, "C-NOT-IN-THIS-DOCUMENT", "SomeAttack", "an orphan", "skipped", "NOT_EXERCISED: not a claim of the document");
        testResult(results, "C-VM-ISOLATION", "ContainmentAttack", "C-VM-ISOLATION: a VM", "skipped", "NOT_EXERCISED: C-VM-ISOLATION is not among -Dgjallarhorn.claims");

        Map<String, JsonNode> byClaim = fold(results, model, entries);
        long contradicted = entries.stream().filter(e -> e.verdict().kind() == VerdictKind.CONTRADICTED).count();
        long failed = byClaim.values().stream().filter(r -> r.path("status").asText().equals("failed")).count();
        assertThat(failed).as("Allure's failed results = the gate's CONTRADICTED claims").isEqualTo(contradicted).isEqualTo(3);
        assertThat(byClaim.keySet()).as("exactly the document's claims").containsExactlyInAnyOrderElementsOf(model.claims().stream().map(Claim::id).toList());
        JsonNode firewall = byClaim.get("C-FIREWALL");
        assertThat(firewall.path("steps")).extracting(s -> s.path("name").asText())
                .containsExactlyInAnyOrder("C-FIREWALL: nothing but HTTPS, DNS and Tailscale leaves the VM", "C-FIREWALL (containers): a bridge container tries the ports");
        assertThat(firewall.path("historyId").asText()).isEqualTo("gjallarhorn-claim-C-FIREWALL");
        assertThat(categories(results, firewall)).containsExactly(AllureCategories.CONTRADICTED);
        assertThat(byClaim.get("C-VM-ISOLATION").path("statusDetails").path("message").asText())
                .as("a claim left out on purpose says so").isEqualTo("NOT_EXERCISED: C-VM-ISOLATION is not among -Dgjallarhorn.claims");
    }

    static void testResult(Path results, String claim, String testClass, String name, String status, String message) throws Exception {
        String uuid = java.util.UUID.randomUUID().toString();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("uuid", uuid);
        result.put("name", name);
        result.put("fullName", "dev.gjallarhorn.attack." + testClass + "." + name.hashCode());
        result.put("status", status);
        result.put("statusDetails", Map.of("message", message));
        result.put("labels", List.of(Map.of("name", "claim", "value", claim), Map.of("name", "suite", "value", testClass),
                Map.of("name", "epic", "value", "Information disclosure"), Map.of("name", "tag", "value", "information-disclosure")));
        result.put("steps", List.of(Map.of("name", "attack " + claim, "status", status)));
        Files.writeString(results.resolve(uuid + "-result.json"), JSON.writeValueAsString(result));
    }

    @Test
    @DisplayName("row 4: the epic is the claim's own STRIDE category from the register, the first letter where it has several, the others as labels")
    void epicsAreTheRegistersStrideLetters(@TempDir Path dir) throws Exception {
        ThreatModel model = ThreatModelParser.parse(BILROST);
        Path results = dir.resolve("allure-results");
        Files.createDirectories(results);
        testResult(results, "T-002", "AgentChannelAttack", "T-002: a burst", "passed", "HOLDS: T-002");
        Map<String, JsonNode> byClaim = fold(results, model, asProvisioned(model));
        assertThat(label(byClaim.get("T-002"), "epic")).as("T-002 is D in the register, whatever its attack class says").containsExactly("Denial of service");
        assertThat(label(byClaim.get("T-001"), "epic")).containsExactly("Spoofing");
        assertThat(label(byClaim.get("T-001"), "stride")).containsExactly("Spoofing", "Denial of service");
        assertThat(label(byClaim.get("T-001"), "tag")).contains("also: Denial of service");
        assertThat(label(byClaim.get("T-004"), "epic")).containsExactly("Tampering");
        assertThat(label(byClaim.get("C-FIREWALL"), "epic")).containsExactly(StrideEpic.CONTROLS_THAT_EXIST);
        assertThat(label(byClaim.get("N-RATE-LIMITING"), "epic")).containsExactly(StrideEpic.CONTROLS_THAT_DO_NOT_EXIST);
        assertThat(byClaim.values().stream().map(r -> label(r, "epic").get(0)).distinct())
                .as("every STRIDE category of the register is an epic").contains("Spoofing", "Tampering", "Repudiation",
                        "Information disclosure", "Denial of service", "Elevation of privilege");
    }

    @Test
    @DisplayName("row 5: environment.properties and executor.json carry the target, the run id, the gateway version and the threat model; the trend uses them")
    void theOverviewNamesTheRun(@TempDir Path dir) throws Exception {
        Path reports = dir.resolve("reports");
        Path results = reports.resolve("allure-results");
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", "gjh-20261130-120000-abcd");
        run.put("target", "twin:as-claimed");
        run.put("kind", "twin:as-claimed");
        run.put("endpoint", "ssh://lima@127.0.0.1:32772");
        run.put("threatModel", "/work/scenarios/bilrost-threat-model.md");
        run.put("identity", Map.of("os", "Debian GNU/Linux 12", "gateway", "openclaw 2026.9.6"));
        AllureEnvironment.Trend first = AllureEnvironment.write(results, reports, run, List.of());

        Properties environment = new Properties();
        environment.load(Files.newBufferedReader(results.resolve("environment.properties"), StandardCharsets.ISO_8859_1));
        assertThat(environment.getProperty("Target")).isEqualTo("twin:as-claimed");
        assertThat(environment.getProperty("Run id")).isEqualTo("gjh-20261130-120000-abcd");
        assertThat(environment.getProperty("Gateway")).isEqualTo("openclaw 2026.9.6");
        assertThat(environment.getProperty("Threat model")).isEqualTo("/work/scenarios/bilrost-threat-model.md");
        JsonNode executor = JSON.readTree(results.resolve("executor.json").toFile());
        assertThat(executor.path("buildName").asText()).isEqualTo("gjh-20261130-120000-abcd");
        assertThat(executor.path("reportName").asText()).isEqualTo("gjallarhorn: twin:as-claimed, bilrost-threat-model.md");
        assertThat(first.buildOrder()).isEqualTo(1);

        // the previous report's trend (as Allure writes it: reportName and buildOrder from executor.json)
        Path history = reports.resolve("previous/allure-report/history");
        Files.createDirectories(history);
        Files.writeString(history.resolve("history-trend.json"), "[{\"buildOrder\":4,\"reportName\":\"gjallarhorn: twin:as-claimed, bilrost-threat-model.md\","
                + "\"data\":{\"failed\":0,\"passed\":24}},{\"buildOrder\":3,\"reportName\":\"gjallarhorn: twin:as-claimed, bilrost-threat-model.md\",\"data\":{}}]");
        AllureEnvironment.Trend same = AllureEnvironment.write(dir.resolve("r2"), reports, run, List.of());
        assertThat(same.carried()).as("same target and threat model: the trend continues").isTrue();
        assertThat(same.buildOrder()).isEqualTo(5);
        assertThat(dir.resolve("r2/history/history-trend.json")).exists();

        run.put("target", "twin:as-provisioned");
        AllureEnvironment.Trend other = AllureEnvironment.write(dir.resolve("r3"), reports, run, List.of());
        assertThat(other.carried()).as("another target starts its own trend").isFalse();
        assertThat(dir.resolve("r3/history")).doesNotExist();
        Properties third = new Properties();
        third.load(Files.newBufferedReader(dir.resolve("r3/environment.properties"), StandardCharsets.ISO_8859_1));
        assertThat(third.getProperty("Trend")).contains("gjallarhorn: twin:as-claimed");

        run.remove("identity");
        AllureEnvironment.write(dir.resolve("r4"), reports, run, List.of());
        Properties unknown = new Properties();
        unknown.load(Files.newBufferedReader(dir.resolve("r4/environment.properties"), StandardCharsets.ISO_8859_1));
        assertThat(unknown.getProperty("Gateway")).as("no version is made up").isEqualTo("not reported by the target");
    }

    @Test
    @DisplayName("row 6: with -Dgjallarhorn.reports elsewhere, every step of -Pattack uses that folder (no hard-coded ../reports); end to end: ReportsFolderIT")
    void theReportFollowsTheReportsFolder() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        assertThat(pom).doesNotContain("../reports");
        String attack = pom.substring(pom.indexOf("<id>attack</id>"));
        assertThat(attack).contains("<resultsDirectory>${gjallarhorn.reports.dir}/allure-results</resultsDirectory>")
                .contains("<reportDirectory>${gjallarhorn.reports.dir}/allure-report</reportDirectory>")
                .contains("<allure.results.directory>${gjallarhorn.reports.dir}/allure-results</allure.results.directory>");
        assertThat(attack.split("<argument>\\$\\{gjallarhorn.reports.dir}</argument>", -1)).as("the preflight and the gate").hasSize(3);
    }

    @Test
    @DisplayName("row 7: no register.patch when there is nothing to edit (an empty one makes git apply exit 128), and the README says so")
    void noPatchWhenNothingToEdit(@TempDir Path dir) throws Exception {
        ThreatModel model = ThreatModelParser.parse(BILROST);
        VerdictBook book = new VerdictBook(model);
        got(book, "T-003", Outcome.BLOCKED, Observation.blocked("journald", "no canary found"));
        assertThat(RegisterPatch.write(dir, model, book.entries(), "gjh-1", new Redactor())).isEmpty();
        assertThat(dir.resolve(RegisterPatch.FILE)).doesNotExist();
        assertThat(RegisterPatch.write(dir, model, asProvisioned(model), "gjh-2", new Redactor())).contains(dir.resolve(RegisterPatch.FILE));
        assertThat(Files.readString(Path.of("README.md"))).contains("no `register.patch` is written");
    }

    @Test
    @DisplayName("row 8a: a public register with nine tables is read (the register sits in a subsection); without one, the error says what was looked for and found")
    void nineTables() {
        ThreatModel model = ThreatModelParser.parse(Path.of("src/test/resources/threat-models/nine-tables.md"));
        assertThat(model.claims()).extracting(Claim::id).startsWith("T-001", "T-002").contains("T-010", "C-FIREWALL", "N-RATE-LIMITING");
        assertThat(model.require("T-001").line()).isEqualTo(61);

        Path none = Path.of("src/test/resources/threat-models/nine-tables-no-register.md");
        assertThatThrownBy(() -> ThreatModelParser.parse(none)).isInstanceOf(ThreatModelError.class)
                .hasMessageContaining("no risk register table: looked in the document")
                .hasMessageContaining("ID | Threat | STRIDE | L | I | Risk | Status")
                .hasMessageContaining("found 8 table(s), none with those columns: line 7 (Part | Category | Topic); line 16 (Asset | Owner | Why it matters)");
    }

    @Test
    @DisplayName("row 8b: a UTF-16 file is read through its byte-order mark; bytes that are not text name the encoding and the line")
    void utf16(@TempDir Path dir) throws Exception {
        String text = Files.readString(BILROST);
        Path le = dir.resolve("utf16le.md");
        byte[] body = text.getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = new byte[body.length + 2];
        withBom[0] = (byte) 0xFF;
        withBom[1] = (byte) 0xFE;
        System.arraycopy(body, 0, withBom, 2, body.length);
        Files.write(le, withBom);
        ThreatModel utf16 = ThreatModelParser.parse(le);
        ThreatModel utf8 = ThreatModelParser.parse(BILROST);
        assertThat(utf16.claims()).isEqualTo(utf8.claims().stream().toList());
        assertThat(utf16.encoding()).isEqualTo(StandardCharsets.UTF_16LE);
        assertThat(RegisterPatch.render(utf16, asProvisioned(utf16), "gjh-1", java.time.LocalDate.of(2026, 11, 30)))
                .as("git cannot patch UTF-16: the patch says how to convert first").startsWith("The threat model utf16le.md is UTF-16LE")
                .contains("iconv -f UTF-16 -t UTF-8");

        Path noBom = Files.write(dir.resolve("nobom.md"), body);
        assertThatThrownBy(() -> ThreatModelParser.parse(noBom)).isInstanceOf(ThreatModelError.class)
                .hasMessageContaining("looks like UTF-16 without a byte-order mark");
        Path latin1 = Files.write(dir.resolve("latin1.md"), ("# R\n\n## Risk Register\n\ncaf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> ThreatModelParser.parse(latin1)).isInstanceOf(ThreatModelError.class)
                .hasMessageContaining("is not UTF-8 text").hasMessageContaining("(line 5)").hasMessageContaining("0xE9")
                .hasMessageNotContaining("MalformedInputException");
    }
}
