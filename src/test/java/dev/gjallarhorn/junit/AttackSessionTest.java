package dev.gjallarhorn.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.attack.FirewallEgressAttack;
import dev.gjallarhorn.claims.ThreatModelError;
import dev.gjallarhorn.report.ExitPolicy;
import dev.gjallarhorn.report.VerdictsReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * An attack session that never reaches a target: a threat model that cannot be read stops it before any
 * attack, and a document without the attacked claim skips the attack. Neither starts a twin.
 */
class AttackSessionTest {

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        System.clearProperty("gjallarhorn.threatModel");
        System.clearProperty("gjallarhorn.reports");
        System.clearProperty("gjallarhorn.target");
        System.clearProperty("gjallarhorn.timeout.connect");
    }

    EngineExecutionResults attack(Path threatModel) {
        return attack(threatModel, FirewallEgressAttack.class);
    }

    EngineExecutionResults attack(Path threatModel, Class<?> attack) {
        System.setProperty("gjallarhorn.threatModel", threatModel.toString());
        System.setProperty("gjallarhorn.reports", dir.resolve("reports").toString());
        System.setProperty("gjallarhorn.target", "ssh://nobody@127.0.0.1:1"); // never reached: no case here opens the target
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(attack)).execute();
    }

    ExitPolicy.Outcome gate() {
        return ExitPolicy.apply(dir.resolve("reports"), false, new PrintWriter(new StringWriter()));
    }

    @Test
    void aThreatModelThatCannotBeReadStopsTheRunWithItsLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.md"), """
                ## Risk Register
                | ID | Threat | STRIDE | L | I | Risk | Status |
                |---|---|---|---|---|---|---|
                | T-001 | A | S | 1 | 1 | 1 | Done |
                """);
        EngineExecutionResults results = attack(bad);
        assertThat(results.testEvents().failed().stream()
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow()))
                .singleElement().satisfies(t -> assertThat(t).hasRootCauseInstanceOf(ThreatModelError.class));
        ExitPolicy.Outcome outcome = ExitPolicy.apply(dir.resolve("reports"), false, new PrintWriter(new StringWriter()));
        assertThat(outcome.exit()).isEqualTo(ExitCode.BAD_THREAT_MODEL);
        assertThat(outcome.line()).isEqualTo("threat model " + bad + ":4: unknown status word 'Done' in row T-001 (expected Fixed, Mitigated, Partial or Gap)");
    }

    @Test
    void aDocumentWithoutTheClaimSkipsItsAttackAndListsItsOwnClaims() throws Exception {
        Path doc = Files.writeString(dir.resolve("mine.md"), """
                # My sandbox
                ## Risk Register
                | ID | Threat | STRIDE | L | I | Risk | Status |
                |---|---|---|---|---|---|---|
                | R-1 | Open bot | S | 3 | 3 | 9 | Mitigated (allowlist) |
                """);
        EngineExecutionResults results = attack(doc);
        assertThat(results.testEvents().skipped().count()).isEqualTo(1);
        assertThat(results.testEvents().started().count()).isZero();
        assertThat(VerdictsReport.read(dir.resolve("reports/verdicts.json")))
                .singleElement().satisfies(line -> {
                    assertThat(line.id()).isEqualTo("R-1");
                    assertThat(line.verdict()).isEqualTo("NOT_EXERCISED");
                });
        ExitPolicy.Outcome outcome = gate();
        assertThat(outcome.exit()).as("a run that attacked nothing is never green").isEqualTo(ExitCode.COVERAGE_LOST);
        assertThat(outcome.line()).contains("nothing was attacked").contains("C-FIREWALL (FirewallEgressAttack.");
    }

    @Test
    void aMistypedControlThatWouldDropItsAttackStopsTheRunWithItsLine() throws Exception {
        String text = Files.readString(Path.of("scenarios/bilrost-threat-model.md")).replace("- **Firewall**: UFW", "- **Firewal**: UFW");
        Path doc = Files.writeString(dir.resolve("typo.md"), text);
        EngineExecutionResults results = attack(doc);
        assertThat(results.testEvents().started().count()).isOne();
        ExitPolicy.Outcome outcome = gate();
        assertThat(outcome.exit()).isEqualTo(ExitCode.BAD_THREAT_MODEL);
        assertThat(outcome.line()).contains(doc + ":32: 'Firewal' gets the id C-FIREWAL, which is nearly C-FIREWALL");
    }

    @Test
    void aSettingTheParserRefusesStopsTheRunWithOneLineAndUsage() throws Exception {
        System.setProperty("gjallarhorn.timeout.connect", "-5");
        attack(Path.of("scenarios/bilrost-threat-model.md"));
        ExitPolicy.Outcome outcome = gate();
        assertThat(outcome.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(outcome.line()).startsWith("gjallarhorn.timeout.connect: '-5' is not a positive duration");
    }

    @Test
    void anUnexpectedExceptionInAnAttackIsAHarnessErrorNeverNotExercisedAndNeverGreen() throws Exception {
        EngineExecutionResults results = attack(Path.of("scenarios/bilrost-threat-model.md"), ExplodingAttackFixture.class);
        assertThat(results.testEvents().failed().count()).isOne();
        ExitPolicy.Outcome outcome = gate();
        assertThat(outcome.exit()).isEqualTo(ExitCode.HARNESS_ERROR);
        assertThat(outcome.line()).contains("explodesBeforeAttacking()").contains("boom: Duration must be positive");
    }

    @Test
    void anExceptionInsideAScenarioMakesTheClaimInconclusiveAndTheRunAHarnessError() throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("gjallarhorn.reports", dir.resolve("reports").toString());
        dev.gjallarhorn.run.RunSettings settings = dev.gjallarhorn.run.RunSettings.from(p);
        dev.gjallarhorn.claims.ThreatModel model = dev.gjallarhorn.claims.ThreatModelParser.parse(Path.of("scenarios/bilrost-threat-model.md"));
        try (dev.gjallarhorn.run.AttackRun run = dev.gjallarhorn.run.AttackRun.unattacked(settings, model)) {
            // this run has no target: asking for it throws, as any defect inside an attack would
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClaimCheck.of(run, "C-FIREWALL").judge(() -> {
                throw new IllegalStateException("never reached");
            })).isInstanceOf(Inconclusive.class).hasMessageStartingWith("INCONCLUSIVE(harness-error): C-FIREWALL: the attack did not finish");
            assertThat(run.harnessErrors()).singleElement().satisfies(e -> assertThat(e.get("where")).isEqualTo("C-FIREWALL"));
        }
        assertThat(gate().exit()).isEqualTo(ExitCode.HARNESS_ERROR);
    }

    @Test
    void theReportsOfAnEarlierRunAreMovedAsideNotMixedIn() throws Exception {
        Path reports = Files.createDirectories(dir.resolve("reports"));
        Files.writeString(reports.resolve("verdicts.json"), "{\"run\":{\"id\":\"gjh-old\"},\"claims\":[]}");
        Files.writeString(reports.resolve("run.json"), "{\"id\":\"gjh-old\",\"state\":\"finished\"}");
        Files.writeString(reports.resolve("history.json"), "{\"schema\":1}");
        System.setProperty("gjallarhorn.timeout.connect", "nope");
        attack(Path.of("scenarios/bilrost-threat-model.md"));
        assertThat(reports.resolve("verdicts.json")).doesNotExist();
        assertThat(reports.resolve("previous/verdicts.json")).exists();
        assertThat(reports.resolve("history.json")).as("the run history stays").exists();
        assertThat(gate().exit()).isEqualTo(ExitCode.USAGE);
    }
}
