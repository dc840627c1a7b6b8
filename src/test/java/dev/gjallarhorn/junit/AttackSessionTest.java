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
    }

    EngineExecutionResults attack(Path threatModel) {
        System.setProperty("gjallarhorn.threatModel", threatModel.toString());
        System.setProperty("gjallarhorn.reports", dir.resolve("reports").toString());
        System.setProperty("gjallarhorn.target", "ssh://nobody@127.0.0.1:1"); // never reached: neither case opens the target
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(FirewallEgressAttack.class)).execute();
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
        assertThat(ExitPolicy.apply(dir.resolve("reports"), false, new PrintWriter(new StringWriter())).exit()).isEqualTo(ExitCode.OK);
    }
}
