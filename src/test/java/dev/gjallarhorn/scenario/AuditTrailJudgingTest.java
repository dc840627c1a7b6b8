package dev.gjallarhorn.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.claims.ClaimKind;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.run.ReplayedRun;
import dev.gjallarhorn.target.Cmd;
import dev.gjallarhorn.target.CommandResult;
import dev.gjallarhorn.target.RecordedTarget;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.Judge;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.Verdict;
import dev.gjallarhorn.verdict.VerdictKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditTrailJudgingTest {

    static final String TOKEN = "gjh-test1";
    static final Claim WATCHER = Claim.control("C-OVERLAY-WATCHER", ClaimKind.CONTROL_EXISTS, "overlay watcher", "every write is logged", 1);

    static ScriptOutput out(String stdout) {
        return ScriptOutput.of(new CommandResult(Cmd.of("audit-probe.sh"), OptionalInt.of(0), stdout, "", Duration.ZERO, false));
    }

    @Test
    void tamperingIsRefusedOnlyWhereTheRefusalWasSeen() {
        String owner = "openclaw";
        assertThat(AuditTrailScenario.judgeKill(out("KILL refused kill: (322) - Operation not permitted"), "", owner).outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(AuditTrailScenario.judgeKill(out("KILL failed 1 runuser: user openclaw does not exist"), "", owner).reason()).contains(Reason.PROBE_ERROR);
        assertThat(AuditTrailScenario.judgeKill(out("KILL not-running"), "", owner).reason()).contains(Reason.PRECONDITION_UNMET);
        assertThat(AuditTrailScenario.judgeKill(out("KILL delivered"), "back", owner).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(AuditTrailScenario.judgeKill(out("KILL delivered"), "", owner).reason()).as("no change seen within the bound").contains(Reason.TIMEOUT);
        assertThat(AuditTrailScenario.judgeRename(out("RENAME refused mv: cannot move: Permission denied"), owner).outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(AuditTrailScenario.judgeRename(out("RENAME failed 1 mv: cannot stat: No such file or directory"), owner).reason()).contains(Reason.PROBE_ERROR);
        assertThat(AuditTrailScenario.judgeRename(out("RENAME moved"), owner).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(AuditTrailScenario.judgeTruncate(out("TRUNCATE emptied 0 intact"), owner).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(AuditTrailScenario.judgeTruncate(out("TRUNCATE refused truncate: Permission denied"), owner).outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(AuditTrailScenario.judgeTruncate(out("TRUNCATE no-log"), owner).reason()).contains(Reason.PRECONDITION_UNMET);
    }

    @Test
    void aKillIsDecidedBySystemdsStateNotByTheBound() {
        assertThat(AuditTrailScenario.systemdAfterKill("active 400 root", "322")).isEqualTo("back");
        assertThat(AuditTrailScenario.systemdAfterKill("inactive 0 openclaw", "322")).isEqualTo("down");
        assertThat(AuditTrailScenario.systemdAfterKill("active 322 openclaw", "322")).isEmpty();
        assertThat(AuditTrailScenario.systemdAfterKill("", "322")).isEmpty();
    }

    @Test
    void aFloodIsLostOnlyBehindALoggedControlOrAnOverflowLine() {
        String owner = "openclaw";
        assertThat(AuditTrailScenario.judgeFlood(out("PAUSE refused kill: Operation not permitted\nFLOOD 18384 18384 0 control-logged"), owner)
                .outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(AuditTrailScenario.judgeFlood(out("PAUSE refused kill: Operation not permitted\nFLOOD 18384 9000 0 control-not-logged"), owner)
                .reason()).as("only late").contains(Reason.TIMEOUT);
        assertThat(AuditTrailScenario.judgeFlood(out("PAUSE paused\nFLOOD 18384 16000 0 control-logged"), owner).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(AuditTrailScenario.judgeFlood(out("PAUSE paused\nFLOOD 18384 16000 3 control-not-logged"), owner).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(AuditTrailScenario.judgeFlood(out("PAUSE failed 1 runuser: oops\nFLOOD 18384 18384 0 control-logged"), owner).reason())
                .contains(Reason.PROBE_ERROR);
        assertThat(AuditTrailScenario.judgeFlood(out("FLOOD-NOT-RUN precondition-unmet the watcher is not running"), owner).reason())
                .contains(Reason.PRECONDITION_UNMET);
        assertThat(AuditTrailScenario.judgeFlood(out(""), owner).reason()).contains(Reason.PROBE_ERROR);
    }

    @Test
    void logShippingIsNothingFoundOnlyWhenTheCheckRanToItsEnd() {
        assertThat(AuditTrailScenario.judgeShipping(out("RETENTION \nMARKER x\nCHECKED")).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(AuditTrailScenario.judgeShipping(out("RETENTION \n")).reason()).contains(Reason.PROBE_ERROR);
        assertThat(AuditTrailScenario.judgeShipping(out("NOCHECK units systemctl gets no answer from systemd\nCHECKED")).reason())
                .contains(Reason.PROBE_ERROR);
        assertThat(AuditTrailScenario.judgeShipping(out("FORWARDER rsyslog *.* @10.0.0.1\nCHECKED")).outcome()).isEqualTo(Outcome.BLOCKED);
    }

    @Test
    void emptyProbeOutputIsAProbeErrorForEveryPart(@TempDir Path reports) {
        RecordedTarget target = new RecordedTarget("lima")
                .whenScript("audit-probe.sh").prints("")
                .whenScript("log-shipping.sh").prints("")
                .whenScript("firewall.sh").prints("")
                .whenScript("identities.sh").prints("")
                .when(cmd -> true).prints("");
        try (AttackRun run = ReplayedRun.of(target, reports)) {
            ClaimEvaluation evaluation = AuditTrailScenario.watcher(run);
            Verdict verdict = Judge.judge(run.claim("C-OVERLAY-WATCHER"), evaluation);
            assertThat(verdict.kind()).isEqualTo(VerdictKind.INCONCLUSIVE);
            assertThat(evaluation.parts()).flatExtracting(PartEvaluation::observations).extracting(Observation::reason)
                    .containsOnly(Optional.of(Reason.PROBE_ERROR));
            assertThat(AuditTrailScenario.shipping(AuditTrailScenario.findings(run)).reason()).contains(Reason.PROBE_ERROR);
        }
    }

    @Test
    void aReplayedRunWithADirectWriteToTheUpperLayerMissingContradictsTheWatcher(@TempDir Path reports) throws Exception {
        RecordedTarget target = WriteAuditJudgingTest.twin(new RecordedTarget("lima"));
        try (AttackRun run = ReplayedRun.of(target, reports)) {
            String token = run.token();
            List<AuditWriters.Planned> plan = AuditWriters.plan(AuditWriters.parse(out(WriteAuditJudgingTest.writers(token, false))));
            // a watcher on /workspace: what was written directly in the upper layer is not in its log, nor the
            // controls in directories made there; everything written through /workspace is
            Set<String> logged = WriteAuditJudgingTest.seenByAMergedViewWatcher(token, plan);
            target.when(cmd -> cmd.argv().contains("logged")).prints(WriteAuditJudgingTest.loggedAnswer(token, plan, logged))
                    .when(WriteAuditJudgingTest.probe("writers")).prints(WriteAuditJudgingTest.writers(token, false))
                    .when(WriteAuditJudgingTest.probe("write")).prints(WriteAuditJudgingTest.writeStep(token, plan, "yes 3 12", ""))
                    .when(WriteAuditJudgingTest.probe("cleanup")).prints("CLEANED\n")
                    .whenArgv("watcher").prints("WATCHER active 322 root\nOWNER openclaw\n")
                    .whenArgv("kill").prints("KILL refused kill: (322) - Operation not permitted\n")
                    .whenArgv("flood").prints("PAUSE refused kill: (322) - Operation not permitted\nFLOOD 18384 18384 0 control-logged\n")
                    .whenArgv("rename").prints("RENAME refused mv: cannot move: Permission denied\n")
                    .whenArgv("truncate").prints("TRUNCATE refused truncate: Permission denied\n")
                    .whenScript("log-shipping.sh").prints("RETENTION \nMARKER x\nCHECKED\n");
            ClaimEvaluation evaluation = AuditTrailScenario.watcher(run);
            Verdict verdict = Judge.judge(run.claim("C-OVERLAY-WATCHER"), evaluation);
            assertThat(verdict.kind()).isEqualTo(VerdictKind.CONTRADICTED);
            assertThat(verdict.why()).contains("create of /var/lib/openclaw/overlay/openclaw/upper/." + token + "-audit-w2-upper-root-create (a new file)")
                    .doesNotContain("/workspace/." + token + "-audit-w1-merged-root-create");
            assertThat(evaluation.observed()).startsWith("30 write(s) not logged (60 writes by 4 writer(s)");
            ClaimEvaluation t008 = AuditTrailScenario.auditTrail(run);
            assertThat(Judge.judge(run.claim("T-008"), t008).parts().get(0).kind()).as("the owner's ordinary writes through /workspace are logged")
                    .isEqualTo(VerdictKind.HOLDS);
            String evidence = java.nio.file.Files.readString(reports.resolve("evidence/C-OVERLAY-WATCHER/audit-trail.txt"));
            assertThat(evidence).contains("directly in the upper layer as nobody: refused", "directly in the upper layer: written (every kind) as root, openclaw;"
                    + " refused to lima, nobody", "directly in the lower layer: refused to lima, root, openclaw, nobody", "kinds, for each identity");
            assertThat(target.ran()).as("what was written is removed").anyMatch(c -> c.argv().contains("cleanup"));
        }
    }
    @Test
    void aReplayedRunWritesTheScopeOfTheAuditClaimsAllCoveredByTheScenariosOwnParts(@TempDir Path reports) throws Exception {
        RecordedTarget target = WriteAuditJudgingTest.twin(new RecordedTarget("lima"));
        try (AttackRun run = ReplayedRun.of(target, reports)) {
            String token = run.token();
            List<AuditWriters.Planned> plan = AuditWriters.plan(AuditWriters.parse(out(WriteAuditJudgingTest.writers(token, false))));
            target.when(cmd -> cmd.argv().contains("logged"))
                    .prints(WriteAuditJudgingTest.loggedAnswer(token, plan, WriteAuditJudgingTest.everything(token, plan)))
                    .when(WriteAuditJudgingTest.probe("writers")).prints(WriteAuditJudgingTest.writers(token, false))
                    .when(WriteAuditJudgingTest.probe("write")).prints(WriteAuditJudgingTest.writeStep(token, plan, "yes 3 12", ""))
                    .when(WriteAuditJudgingTest.probe("cleanup")).prints("CLEANED\n")
                    .whenArgv("watcher").prints("WATCHER active 322 root\nOWNER openclaw\n")
                    .whenArgv("kill").prints("KILL refused kill: (322) - Operation not permitted\n")
                    .whenArgv("flood").prints("PAUSE refused kill: (322) - Operation not permitted\nFLOOD 18384 18384 0 control-logged\n")
                    .whenArgv("rename").prints("RENAME refused mv: cannot move: Permission denied\n")
                    .whenArgv("truncate").prints("TRUNCATE refused truncate: Permission denied\n")
                    .whenScript("log-shipping.sh").prints("RETENTION \nMARKER x\nCHECKED\n");
            run.record(AuditTrailScenario.watcher(run));
            run.record(AuditTrailScenario.auditTrail(run));
            run.record(AuditTrailScenario.centralizedLogging(run));
            for (String id : List.of("C-OVERLAY-WATCHER", "T-008", "N-CENTRALIZED-LOGGING")) {
                assertThat(run.verdicts().stream().filter(v -> v.claim().id().equals(id)).findFirst().orElseThrow().verdict().parts())
                        .as(id + ": the scenario's parts cover every dimension of its scope").noneMatch(p -> p.name().startsWith("scope: "));
            }
        }
        assertThat(java.nio.file.Files.readString(reports.resolve("evidence/C-OVERLAY-WATCHER/scope.txt")))
                .contains("dimension(s):").contains("0 not covered").contains("[covered] tampering")
                .contains("- the audited identity cannot stop the watcher (AuditTrailAttack.everyWriteIsAudited): HOLDS");
        assertThat(java.nio.file.Files.readString(reports.resolve("evidence/T-008/scope.txt"))).contains("2 dimension(s): 2 covered");
        assertThat(reports.resolve("evidence/T-001/scope.txt")).as("not exercised in this run").doesNotExist();
    }
}
