package dev.gjallarhorn.report;

import dev.gjallarhorn.evidence.Redactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.claims.ThreatModel;
import dev.gjallarhorn.claims.ThreatModelParser;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.verdict.VerdictBook;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.Judge;
import dev.gjallarhorn.verdict.PartEvaluation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExitPolicyTest {

    static final String RUN = "gjh-20261130-120000-abcd";

    /** A finished run's verdicts.json and run.json (same run id), with extra run.json fields as JSON members. */
    static void finishedRun(Path reports, String runExtra, String... idAndVerdict) throws Exception {
        verdicts(reports, RUN, idAndVerdict);
        // what every finished run writes; a test's own fields come after and win
        Files.writeString(reports.resolve("run.json"), "{\"id\":\"" + RUN + "\",\"invocation\":\"mvn-1\",\"state\":\"finished\","
                + "\"hygiene\":{\"leaks\":[]},\"coverage\":{},\"harnessErrors\":[]" + (runExtra.isEmpty() ? "" : "," + runExtra) + "}");
    }

    static void verdicts(Path reports, String runId, String... idAndVerdict) throws Exception {
        StringBuilder claims = new StringBuilder();
        for (int i = 0; i < idAndVerdict.length; i += 2) {
            if (i > 0) {
                claims.append(',');
            }
            String label = idAndVerdict[i + 1];
            String verdict = label.contains("(") ? label.substring(0, label.indexOf('(')) : label;
            String reason = label.contains("(") ? "\"" + label.substring(label.indexOf('(') + 1, label.length() - 1) + "\"" : "null";
            claims.append("{\"id\":\"").append(idAndVerdict[i]).append("\",\"claimed\":\"Exists\",\"verdict\":\"")
                    .append(verdict).append("\",\"reason\":").append(reason).append(",\"label\":\"").append(label)
                    .append("\",\"observed\":\"x\"}");
        }
        Files.writeString(reports.resolve("verdicts.json"), "{\"schema\":1,\"run\":{\"id\":\"" + runId + "\"},\"claims\":[" + claims + "]}");
    }

    static ExitPolicy.Outcome apply(Path reports, boolean strict, StringWriter out) {
        return ExitPolicy.apply(reports, strict, new PrintWriter(out, true));
    }

    @Test
    void aContradictedClaimFailsTheRunAndEveryClaimGetsALine(@TempDir Path reports) throws Exception {
        finishedRun(reports, "", "C-FIREWALL", "CONTRADICTED", "T-001", "NOT_EXERCISED", "T-002", "HOLDS");
        StringWriter out = new StringWriter();
        ExitPolicy.Outcome outcome = apply(reports, false, out);
        assertThat(outcome.exit()).isEqualTo(ExitCode.CLAIMS_FAILED);
        assertThat(outcome.line()).contains("C-FIREWALL");
        assertThat(outcome.closing()).as("the last line names the code").endsWith("[exit 1 CLAIMS_FAILED]");
        assertThat(out.toString()).contains("C-FIREWALL", "T-001", "T-002").contains("1 contradicted");
    }

    @Test
    void staleAndNotApplicablePassUnlessStrict(@TempDir Path reports) throws Exception {
        finishedRun(reports, "", "T-002", "STALE", "C-VM-ISOLATION", "INCONCLUSIVE(not-applicable-on-target)", "C-FIREWALL", "HOLDS");
        assertThat(apply(reports, false, new StringWriter()).exit()).isEqualTo(ExitCode.OK);
        ExitPolicy.Outcome strict = apply(reports, true, new StringWriter());
        assertThat(strict.exit()).isEqualTo(ExitCode.CLAIMS_FAILED);
        assertThat(strict.line()).contains("T-002", "C-VM-ISOLATION");
    }

    @Test
    void aClaimThatCouldNotBeJudgedIsNeverGreen(@TempDir Path reports) throws Exception {
        finishedRun(reports, "", "T-003", "INCONCLUSIVE(timeout)", "C-FIREWALL", "HOLDS", "C-VM-ISOLATION", "INCONCLUSIVE(not-applicable-on-target)");
        ExitPolicy.Outcome outcome = apply(reports, false, new StringWriter());
        assertThat(outcome.exit()).isEqualTo(ExitCode.CLAIMS_FAILED);
        assertThat(outcome.line()).contains("T-003 (timeout)").doesNotContain("C-VM-ISOLATION");
        assertThat(ExitPolicy.apply(reports, false, FailOn.REGRESSIONS, new PrintWriter(new StringWriter())).exit())
                .as("the nightly tolerates it up to the budget").isEqualTo(ExitCode.OK);
    }

    /** A run's verdicts.json as the writer writes it, for the given claims of the default register judged from these parts. */
    static void judgedRun(Path reports, java.util.Map<String, List<PartEvaluation>> partsByClaim) throws Exception {
        ThreatModel model = ThreatModelParser.parse(Path.of("scenarios/bilrost-threat-model.md"));
        List<VerdictBook.Entry> entries = new java.util.ArrayList<>();
        partsByClaim.forEach((id, parts) -> {
            ClaimEvaluation evaluation = new ClaimEvaluation(id, parts, "seen", List.of(), Instant.now(), Duration.ZERO);
            entries.add(new VerdictBook.Entry(model.require(id), Judge.judge(model.require(id), evaluation), Optional.of(evaluation)));
        });
        VerdictsReport.write(reports, java.util.Map.of("id", RUN), entries, new Redactor());
        Files.writeString(reports.resolve("run.json"), "{\"id\":\"" + RUN + "\",\"invocation\":\"mvn-1\",\"state\":\"finished\","
                + "\"hygiene\":{\"leaks\":[]},\"coverage\":{},\"harnessErrors\":[]}");
    }

    static PartEvaluation undecided(String name, Reason reason) {
        return PartEvaluation.claim(name, dev.gjallarhorn.probe.Outcome.BLOCKED, List.of(Observation.couldNotRun(name, reason, "x")));
    }

    static PartEvaluation stopped(String name) {
        return PartEvaluation.claim(name, dev.gjallarhorn.probe.Outcome.BLOCKED, List.of(Observation.blocked(name, "refused")));
    }

    /** Issue 20 row 1: T-006 lists its hypervisor part first; a probe error in another part must still fail the exit gate. */
    @Test
    void aProbeErrorNextToANotApplicablePartFailsTheGate(@TempDir Path reports) throws Exception {
        judgedRun(reports, java.util.Map.of("T-006", List.of(undecided("the hypervisor keeps the guest out", Reason.NOT_APPLICABLE_ON_TARGET),
                stopped("the sandbox"), undecided("the kernel boundary", Reason.PROBE_ERROR))));
        ExitPolicy.Outcome outcome = apply(reports, false, new StringWriter());
        assertThat(outcome.exit()).isEqualTo(ExitCode.CLAIMS_FAILED);
        assertThat(outcome.line()).contains("T-006 (probe-error)");
    }

    @Test
    void aClaimWhoseOnlyUndecidedPartsAreNotApplicablePasses(@TempDir Path reports) throws Exception {
        judgedRun(reports, java.util.Map.of("T-007", List.of(undecided("a remount as root", Reason.NOT_APPLICABLE_ON_TARGET), stopped("a write"),
                PartEvaluation.control("a positive control", List.of(Observation.couldNotRun("c", Reason.NOT_APPLICABLE_ON_TARGET, "x"))),
                PartEvaluation.note("a note", dev.gjallarhorn.probe.Outcome.SUCCEEDED, List.of(Observation.couldNotRun("n", Reason.PROBE_ERROR, "x"))))));
        assertThat(VerdictsReport.read(reports.resolve("verdicts.json")).get(0).label()).isEqualTo("INCONCLUSIVE(not-applicable-on-target)");
        assertThat(apply(reports, false, new StringWriter()).exit()).isEqualTo(ExitCode.OK);
    }

    /** A verdicts.json whose claim reason came from its first undecided part only (an older writer): its parts are checked. */
    @Test
    void aClaimWrittenAsNotApplicableWithAPartThatIsNotFailsTheGate(@TempDir Path reports) throws Exception {
        String part = "{\"name\":\"%s\",\"role\":\"%s\",\"predicted\":\"BLOCKED\",\"verdict\":\"%s\",\"label\":\"%s\",\"reason\":%s,\"why\":\"x\"}";
        String claim = "{\"id\":\"T-006\",\"claimed\":\"Mitigated\",\"verdict\":\"INCONCLUSIVE\",\"reason\":\"not-applicable-on-target\","
                + "\"label\":\"INCONCLUSIVE(not-applicable-on-target)\",\"observed\":\"x\",\"parts\":["
                + String.format(part, "the hypervisor", "CLAIM", "INCONCLUSIVE", "INCONCLUSIVE(not-applicable-on-target)", "\"not-applicable-on-target\"") + ","
                + String.format(part, "the kernel boundary", "CLAIM", "INCONCLUSIVE", "INCONCLUSIVE(timeout)", "null") + "]}";
        Files.writeString(reports.resolve("verdicts.json"), "{\"schema\":1,\"run\":{\"id\":\"" + RUN + "\"},\"claims\":[" + claim + "]}");
        Files.writeString(reports.resolve("run.json"), "{\"id\":\"" + RUN + "\",\"invocation\":\"mvn-1\",\"state\":\"finished\","
                + "\"hygiene\":{\"leaks\":[]},\"coverage\":{},\"harnessErrors\":[]}");
        ExitPolicy.Outcome outcome = apply(reports, false, new StringWriter());
        assertThat(outcome.exit()).isEqualTo(ExitCode.CLAIMS_FAILED);
        assertThat(outcome.line()).contains("T-006 (part 'the kernel boundary' timeout");

        Files.writeString(reports.resolve("verdicts.json"), "{\"schema\":1,\"run\":{\"id\":\"" + RUN + "\"},\"claims\":["
                + claim.replace("INCONCLUSIVE(timeout)", "INCONCLUSIVE(not-applicable-on-target)") + "]}");
        assertThat(apply(reports, false, new StringWriter()).exit()).as("every undecided part not applicable").isEqualTo(ExitCode.OK);
    }

    @Test
    void aFirstNightWithoutHistoryCountsEveryContradictionAsNew(@TempDir Path reports) throws Exception {
        finishedRun(reports, "", "C-FIREWALL", "CONTRADICTED", "T-001", "HOLDS");
        assertThat(ExitPolicy.apply(reports, false, FailOn.REGRESSIONS, new PrintWriter(new StringWriter())).exit())
                .as("no diff at all").isEqualTo(ExitCode.REGRESSION);
        Files.writeString(reports.resolve("diff.json"), "{\"run\":\"" + RUN + "\",\"comparable\":false,\"baselineTarget\":\"\",\"baselineRun\":\"first run\","
                + "\"changes\":[{\"id\":\"C-FIREWALL\",\"before\":null,\"after\":\"CONTRADICTED\",\"direction\":\"NEW_REGRESSION\"}]}");
        assertThat(ExitPolicy.apply(reports, false, FailOn.REGRESSIONS, new PrintWriter(new StringWriter())).exit())
                .as("a first run's diff").isEqualTo(ExitCode.REGRESSION);
    }

    @Test
    void aDiffOfAnotherRunIsNotJudged(@TempDir Path reports) throws Exception {
        finishedRun(reports, "", "C-FIREWALL", "HOLDS");
        Files.writeString(reports.resolve("diff.json"), "{\"run\":\"gjh-other\",\"comparable\":true,\"changes\":[]}");
        assertThat(apply(reports, false, new StringWriter()).exit()).isEqualTo(ExitCode.HARNESS_ERROR);
    }

    @Test
    void aHarnessErrorEndsTheRunWithItsOwnCodeAndLine(@TempDir Path reports) throws Exception {
        Files.writeString(reports.resolve("run.json"), "{\"id\":\"" + RUN + "\",\"state\":\"finished\","
                + "\"harnessError\":{\"exit\":\"TARGET_UNREACHABLE\",\"code\":3,\"message\":\"cannot reach ssh://u@h:2: Connection refused\"}}");
        ExitPolicy.Outcome outcome = apply(reports, false, new StringWriter());
        assertThat(outcome.exit()).isEqualTo(ExitCode.TARGET_UNREACHABLE);
        assertThat(outcome.line()).isEqualTo("cannot reach ssh://u@h:2: Connection refused");
        verdicts(reports, RUN, "C-FIREWALL", "INCONCLUSIVE(target-unreachable)");
        assertThat(apply(reports, false, new StringWriter()).exit()).as("still the harness error when verdicts exist")
                .isEqualTo(ExitCode.TARGET_UNREACHABLE);
    }

    @Test
    void anUnexpectedErrorDuringTheRunIsAHarnessErrorNeverGreen(@TempDir Path reports) throws Exception {
        finishedRun(reports, "\"harnessErrors\":[{\"where\":\"C-FIREWALL\",\"exit\":\"HARNESS_ERROR\",\"message\":\"Duration must be positive\"}]",
                "C-FIREWALL", "INCONCLUSIVE(harness-error)", "T-002", "HOLDS");
        ExitPolicy.Outcome outcome = ExitPolicy.apply(reports, false, new PrintWriter(new StringWriter()));
        assertThat(outcome.exit()).isEqualTo(ExitCode.HARNESS_ERROR);
        assertThat(outcome.line()).contains("C-FIREWALL: Duration must be positive");
    }

    @Test
    void aNightlyRunFailsOnlyOnWhatIsNewSinceTheLastDecidedVerdict(@TempDir Path reports) throws Exception {
        finishedRun(reports, "", "C-FIREWALL", "CONTRADICTED", "T-001", "CONTRADICTED");
        Files.writeString(reports.resolve("diff.json"), "{\"run\":\"" + RUN + "\",\"comparable\":true,\"baselineTarget\":\"lima:x\",\"baselineRun\":\"r1\",\"changes\":["
                + "{\"id\":\"C-FIREWALL\",\"before\":\"CONTRADICTED\",\"after\":\"CONTRADICTED\",\"direction\":\"STILL_CONTRADICTED\"},"
                + "{\"id\":\"T-001\",\"before\":\"HOLDS\",\"after\":\"CONTRADICTED\",\"direction\":\"NEW_REGRESSION\"}]}");
        ExitPolicy.Outcome nightly = ExitPolicy.apply(reports, false, FailOn.REGRESSIONS, new PrintWriter(new StringWriter()));
        assertThat(nightly.exit()).isEqualTo(ExitCode.REGRESSION);
        assertThat(nightly.line()).contains("T-001").doesNotContain("C-FIREWALL");
        Files.writeString(reports.resolve("diff.json"), "{\"run\":\"" + RUN + "\",\"comparable\":true,\"baselineTarget\":\"lima:x\",\"baselineRun\":\"r1\",\"changes\":["
                + "{\"id\":\"C-FIREWALL\",\"before\":\"CONTRADICTED\",\"after\":\"CONTRADICTED\",\"direction\":\"STILL_CONTRADICTED\"}]}");
        assertThat(ExitPolicy.apply(reports, false, FailOn.REGRESSIONS, new PrintWriter(new StringWriter())).exit())
                .as("still contradicted, nothing new").isEqualTo(ExitCode.OK);
    }

    @Test
    void aClaimInconclusiveBeyondTheBudgetFailsTheGate(@TempDir Path reports) throws Exception {
        finishedRun(reports, "", "T-001", "INCONCLUSIVE(oracle-blind)", "C-FIREWALL", "HOLDS");
        Files.writeString(reports.resolve("diff.json"), "{\"run\":\"" + RUN + "\",\"comparable\":true,\"baselineTarget\":\"lima:x\",\"baselineRun\":\"r1\","
                + "\"inconclusiveBudget\":3,\"overBudget\":[\"T-001\"],\"changes\":[]}");
        ExitPolicy.Outcome outcome = ExitPolicy.apply(reports, false, FailOn.REGRESSIONS, new PrintWriter(new StringWriter()));
        assertThat(outcome.exit()).isEqualTo(ExitCode.CLAIMS_FAILED);
        assertThat(outcome.line()).contains("T-001").contains("3 runs in a row");
    }

    @Test
    void aLeakedSecretFailsTheRunNamingTheFile(@TempDir Path reports) throws Exception {
        finishedRun(reports, "\"hygiene\":{\"leaks\":[\"reports/allure-results/x-attachment.txt holds GH_TOKEN (raw)\"]}", "C-FIREWALL", "HOLDS");
        ExitPolicy.Outcome outcome = apply(reports, false, new StringWriter());
        assertThat(outcome.exit()).isEqualTo(ExitCode.LEAK);
        assertThat(outcome.line()).contains("x-attachment.txt holds GH_TOKEN");
    }

    @Test
    void residueOnTheTargetHasItsOwnCode(@TempDir Path reports) throws Exception {
        finishedRun(reports, "\"residue\":[\"+ mount /mnt/openclaw rw\"]", "C-FIREWALL", "HOLDS");
        assertThat(apply(reports, false, new StringWriter()).exit()).isEqualTo(ExitCode.RESIDUE);
    }

    @Test
    void noReportsAtAllIsAHarnessError(@TempDir Path reports) {
        assertThat(apply(reports, false, new StringWriter()).exit()).isEqualTo(ExitCode.HARNESS_ERROR);
    }

    @Test
    void reportsOfAnotherInvocationAreNeverJudged(@TempDir Path reports) throws Exception {
        finishedRun(reports, "", "C-FIREWALL", "HOLDS");
        StringWriter out = new StringWriter();
        ExitPolicy.Outcome outcome = ExitPolicy.apply(reports, new ExitPolicy.Policy(false, FailOn.CONTRADICTED, Optional.of("mvn-2")),
                new PrintWriter(out, true));
        assertThat(outcome.exit()).isEqualTo(ExitCode.HARNESS_ERROR);
        assertThat(outcome.line()).contains("not from this invocation");
        assertThat(out.toString()).as("the stale verdicts are not printed").doesNotContain("C-FIREWALL");
    }

    @Test
    void aRunThatDidNotFinishIsNotJudged(@TempDir Path reports) throws Exception {
        verdicts(reports, RUN, "C-FIREWALL", "HOLDS");
        Files.writeString(reports.resolve("run.json"), "{\"id\":\"" + RUN + "\",\"state\":\"running\"}");
        assertThat(apply(reports, false, new StringWriter()).line()).contains("did not finish");
    }

    @Test
    void verdictsOfAnotherRunThanRunJsonAreNotJudged(@TempDir Path reports) throws Exception {
        finishedRun(reports, "", "C-FIREWALL", "HOLDS");
        verdicts(reports, "gjh-older", "C-FIREWALL", "HOLDS");
        ExitPolicy.Outcome outcome = apply(reports, false, new StringWriter());
        assertThat(outcome.exit()).isEqualTo(ExitCode.HARNESS_ERROR);
        assertThat(outcome.line()).contains("mixed up");
    }

    @Test
    void aCorruptVerdictFileIsOneLineAndAHarnessError(@TempDir Path reports) throws Exception {
        finishedRun(reports, "", "C-FIREWALL", "HOLDS");
        Files.writeString(reports.resolve("verdicts.json"), "{\"schema\":1,\"claims\":[{\"id\":");
        ExitPolicy.Outcome outcome = apply(reports, false, new StringWriter());
        assertThat(outcome.exit()).isEqualTo(ExitCode.HARNESS_ERROR);
        assertThat(outcome.line()).contains("verdicts.json is not a gjallarhorn verdicts.json").doesNotContain("\n");
    }

    @Test
    void aClaimWithAnAttackThatWasNotExercisedIsLostCoverage(@TempDir Path reports) throws Exception {
        finishedRun(reports, "\"coverage\":{\"plan\":\"known\",\"required\":true,\"expected\":[\"C-FIREWALL\",\"T-001\"],\"narrowedBy\":\"\"}",
                "C-FIREWALL", "HOLDS", "T-001", "NOT_EXERCISED", "T-004", "NOT_EXERCISED");
        ExitPolicy.Outcome outcome = apply(reports, true, new StringWriter());
        assertThat(outcome.exit()).isEqualTo(ExitCode.COVERAGE_LOST);
        assertThat(outcome.line()).contains("T-001").doesNotContain("T-004");
    }

    @Test
    void aRunThatAttackedNothingIsNeverGreen(@TempDir Path reports) throws Exception {
        finishedRun(reports, "\"coverage\":{\"plan\":\"known\",\"expected\":[],\"orphans\":[\"C-FIREWALL (FirewallEgressAttack.x)\"]}",
                "R-1", "NOT_EXERCISED");
        ExitPolicy.Outcome outcome = apply(reports, false, new StringWriter());
        assertThat(outcome.exit()).isEqualTo(ExitCode.COVERAGE_LOST);
        assertThat(outcome.line()).contains("nothing was attacked").contains("C-FIREWALL");
    }

    @Test
    void theAttackSuiteMustKnowItsPlan(@TempDir Path reports) throws Exception {
        finishedRun(reports, "\"coverage\":{\"plan\":\"unknown: x\",\"required\":true,\"expected\":[]}", "C-FIREWALL", "HOLDS");
        assertThat(apply(reports, false, new StringWriter()).exit()).isEqualTo(ExitCode.HARNESS_ERROR);
    }

    @Test
    void aRunJsonWithoutTheChecksEveryRunWritesIsNotJudged(@TempDir Path reports) throws Exception {
        verdicts(reports, RUN, "C-FIREWALL", "HOLDS");
        Files.writeString(reports.resolve("run.json"), "{\"id\":\"" + RUN + "\",\"state\":\"finished\"}");
        ExitPolicy.Outcome outcome = apply(reports, false, new StringWriter());
        assertThat(outcome.exit()).isEqualTo(ExitCode.HARNESS_ERROR);
        assertThat(outcome.line()).contains("lacks hygiene, coverage, harnessErrors");
    }

    @Test
    void aHandWrittenOkExitOfAnErrorIsStillAnError(@TempDir Path reports) throws Exception {
        finishedRun(reports, "\"harnessErrors\":[{\"where\":\"x\",\"exit\":\"OK\",\"message\":\"m\"}]", "C-FIREWALL", "HOLDS");
        assertThat(apply(reports, false, new StringWriter()).exit()).isEqualTo(ExitCode.HARNESS_ERROR);
    }

    @Test
    void verdictsWithoutClaimsOrWithoutAnExpectedClaimAreNeverGreen(@TempDir Path reports) throws Exception {
        finishedRun(reports, "");
        assertThat(apply(reports, false, new StringWriter()).exit()).isEqualTo(ExitCode.HARNESS_ERROR);
        finishedRun(reports, "\"coverage\":{\"plan\":\"known\",\"expected\":[\"C-FIREWALL\",\"T-001\"]}", "C-FIREWALL", "HOLDS");
        ExitPolicy.Outcome outcome = apply(reports, false, new StringWriter());
        assertThat(outcome.exit()).isEqualTo(ExitCode.COVERAGE_LOST);
        assertThat(outcome.line()).contains("T-001");
    }

    @Test
    void noIndexHtmlIsNamedThatWasNotWritten(@TempDir Path reports) throws Exception {
        finishedRun(reports, "", "C-FIREWALL", "HOLDS");
        StringWriter out = new StringWriter();
        apply(reports, false, out);
        assertThat(out.toString()).contains("verdicts.json").doesNotContain("index.html");
    }
}
