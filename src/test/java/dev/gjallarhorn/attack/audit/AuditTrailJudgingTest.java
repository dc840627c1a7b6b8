package dev.gjallarhorn.attack.audit;

import dev.gjallarhorn.probe.ScriptOutput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.claims.ClaimKind;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.run.ReplayedRun;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.RecordedTarget;
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

    static final String NO_CONSUMER = "ALERT-LOG /var/log/openclaw/overlay-watcher.log\nALERT-WRITE .t-alert-1/.git/hooks/t-1 /.git/hooks/\n"
            + "ALERT-WRITE .t-alert-3/.env .env\nALERT-LOGGED 2 2 0\nALERT-CHECKED 20\n";

    /** What the durability step prints: before the stop (control, write lines, control lines), right after it, after. */
    static String durable(String token, String before, String afterStop, String after) {
        return "DURABLE-WRITES ." + token + "-durable-write ." + token + "-durable-before ." + token + "-durable-after\n"
                + "DURABLE-BEFORE " + before + " yes\nDURABLE-RESTART 0 322 400 active \nDURABLE-AFTER-STOP " + afterStop
                + "\nDURABLE-AFTER " + after + "\n";
    }

    @Test
    void aWriteMadeBeforeARestartIsLostOnlyWhenAControlAfterTheRestartIsLogged() {
        // recorded on as-claimed+rt-watcher-buffered: nothing logged before the stop, nothing after it, the control
        // after the restart pushed through by 150 more files
        ScriptOutput lost = out(durable("t", "not-logged 0 0", "0 0 intact", "logged 150 0 0"));
        Observation o = WatcherRestart.judge(lost);
        assertThat(o.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(o.detail()).contains("lost at the restart: a create and removal of /workspace/.t-durable-write",
                "while a control written after the restart (/workspace/.t-durable-after) is", "after 150 more files");
        assertThat(WatcherRestart.buffering(lost)).as("the stop flushed nothing: no evidence of buffering beyond the loss").isEmpty();
        assertThat(WatcherRestart.judge(out(durable("t", "logged 1 1", "1 1 intact", "logged 0 1 1"))).outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(WatcherRestart.judge(out(durable("t", "logged 1 1", "1 1 CHANGED", "logged 0 1 1"))).detail())
                .contains("the log's earlier lines");
        assertThat(WatcherRestart.judge(out(durable("t", "not-logged 0 0", "0 0 intact", "not-logged 2000 0 0"))).reason())
                .as("nothing after the restart logged: it may only be late").contains(Reason.TIMEOUT);
        assertThat(WatcherRestart.judge(out("DURABLE-WRITES a b c\nDURABLE-BEFORE logged 1 1 yes\nDURABLE-RESTART 1 322 0 failed Job failed\n"))
                .reason()).contains(Reason.PROBE_ERROR);
        assertThat(WatcherRestart.judge(out("DURABLE-NOT-RUN precondition-unmet the watcher is inactive")).reason()).contains(Reason.PRECONDITION_UNMET);
        assertThat(WatcherRestart.judge(out("")).reason()).contains(Reason.PROBE_ERROR);
        assertThat(WatcherRestart.notAllowed().reason()).contains(Reason.PRECONDITION_UNMET);
    }

    @Test
    void aControlThatAppearsOnlyWhenTheWatcherStopsIsBuffering() {
        ScriptOutput flushed = out(durable("t", "not-logged 0 0", "1 1 intact", "logged 0 1 1"));
        assertThat(WatcherRestart.judge(flushed).outcome()).as("nothing lost").isEqualTo(Outcome.BLOCKED);
        assertThat(WatcherRestart.buffering(flushed)).hasValueSatisfying(o -> {
            assertThat(o.outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(o.detail()).contains("buffers its output");
        });
        assertThat(WatcherRestart.buffering(out(durable("t", "not-logged 0 0", "1 1 intact", "logged 0 1 1").replace(" yes\n", " no\n"))))
                .as("not watched: not buffering, another question").isEmpty();
    }

    @Test
    void alertingIsSeenAsItsConsequenceAndNothingAlertsOnlyWhenTheWritesReachedTheLog() {
        // recorded on as-claimed+rt-log-alerting
        String consumer = "ALERT-LOG /var/log/openclaw/overlay-watcher.log\nCONSUMER file /etc/systemd/system/overlay-audit-alert.path\n"
                + "CONSUMER file /usr/local/sbin/overlay-audit-alert\nCONSUMER unit overlay-audit-alert.service\n"
                + "CONSUMER script /usr/local/sbin/overlay-audit-alert\nALERT-WRITE .t-alert-1/.git/hooks/t-1 /.git/hooks/\nALERT-LOGGED 1 1 0\n";
        Observation alerted = LogAlerting.judge(out(consumer + "ALERTED mail /var/mail/root\nALERT-CHECKED 1\n"));
        assertThat(alerted.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(alerted.detail()).contains("alerting exists", "mail /var/mail/root", "overlay-audit-alert.path");
        assertThat(LogAlerting.judge(out(consumer + "ALERT-CHECKED 20\n")).reason()).as("a consumer that did nothing seen yet")
                .contains(Reason.TIMEOUT);
        assertThat(LogAlerting.judge(out(NO_CONSUMER)).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(LogAlerting.judge(out(NO_CONSUMER.replace("ALERT-LOGGED 2 2", "ALERT-LOGGED 1 2"))).outcome())
                .as("no consumer at all: nothing could alert, whatever the watcher logged").isEqualTo(Outcome.SUCCEEDED);
        assertThat(LogAlerting.judge(out(consumer.replace("ALERT-LOGGED 1 1", "ALERT-LOGGED 0 1") + "ALERT-CHECKED 20\n")).reason())
                .as("a consumer, and writes it never saw").contains(Reason.ORACLE_BLIND);
        assertThat(LogAlerting.judge(out("ALERT-LOG /x\nALERT-WRITE a b\n")).reason()).contains(Reason.PROBE_ERROR);
    }

    @Test
    void tamperingIsRefusedOnlyWhereTheRefusalWasSeen() {
        String owner = "openclaw";
        assertThat(TamperingJudging.judgeKill(out("KILL refused kill: (322) - Operation not permitted"), "", owner).outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(TamperingJudging.judgeKill(out("KILL failed 1 runuser: user openclaw does not exist"), "", owner).reason()).contains(Reason.PROBE_ERROR);
        assertThat(TamperingJudging.judgeKill(out("KILL not-running"), "", owner).reason()).contains(Reason.PRECONDITION_UNMET);
        assertThat(TamperingJudging.judgeKill(out("KILL delivered"), "back", owner).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(TamperingJudging.judgeKill(out("KILL delivered"), "", owner).reason()).as("no change seen within the bound").contains(Reason.TIMEOUT);
        assertThat(TamperingJudging.judgeRename(out("RENAME refused mv: cannot move: Permission denied"), owner).outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(TamperingJudging.judgeRename(out("RENAME failed 1 mv: cannot stat: No such file or directory"), owner).reason()).contains(Reason.PROBE_ERROR);
        assertThat(TamperingJudging.judgeRename(out("RENAME moved"), owner).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(TamperingJudging.judgeTruncate(out("TRUNCATE emptied 0 intact"), owner).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(TamperingJudging.judgeTruncate(out("TRUNCATE refused truncate: Permission denied"), owner).outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(TamperingJudging.judgeTruncate(out("TRUNCATE no-log"), owner).reason()).contains(Reason.PRECONDITION_UNMET);
    }

    @Test
    void aKillIsDecidedBySystemdsStateNotByTheBound() {
        assertThat(TamperingJudging.systemdAfterKill("active 400 root", "322")).isEqualTo("back");
        assertThat(TamperingJudging.systemdAfterKill("inactive 0 openclaw", "322")).isEqualTo("down");
        assertThat(TamperingJudging.systemdAfterKill("active 322 openclaw", "322")).isEmpty();
        assertThat(TamperingJudging.systemdAfterKill("", "322")).isEmpty();
    }

    @Test
    void aFloodIsLostOnlyBehindALoggedControlOrAnOverflowLine() {
        String owner = "openclaw";
        assertThat(TamperingJudging.judgeFlood(out("PAUSE refused kill: Operation not permitted\nFLOOD 18384 18384 0 control-logged"), owner)
                .outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(TamperingJudging.judgeFlood(out("PAUSE refused kill: Operation not permitted\nFLOOD 18384 9000 0 control-not-logged"), owner)
                .reason()).as("only late").contains(Reason.TIMEOUT);
        assertThat(TamperingJudging.judgeFlood(out("PAUSE paused\nFLOOD 18384 16000 0 control-logged"), owner).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(TamperingJudging.judgeFlood(out("PAUSE paused\nFLOOD 18384 16000 3 control-not-logged"), owner).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(TamperingJudging.judgeFlood(out("PAUSE failed 1 runuser: oops\nFLOOD 18384 18384 0 control-logged"), owner).reason())
                .contains(Reason.PROBE_ERROR);
        assertThat(TamperingJudging.judgeFlood(out("FLOOD-NOT-RUN precondition-unmet the watcher is not running"), owner).reason())
                .contains(Reason.PRECONDITION_UNMET);
        assertThat(TamperingJudging.judgeFlood(out(""), owner).reason()).contains(Reason.PROBE_ERROR);
    }

    @Test
    void logShippingIsNothingFoundOnlyWhenTheCheckRanToItsEnd() {
        assertThat(LogShipping.judge(out("RETENTION \nMARKER x\nCHECKED")).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(LogShipping.judge(out("RETENTION \n")).reason()).contains(Reason.PROBE_ERROR);
        assertThat(LogShipping.judge(out("NOCHECK units systemctl gets no answer from systemd\nCHECKED")).reason())
                .contains(Reason.PROBE_ERROR);
        assertThat(LogShipping.judge(out("FORWARDER rsyslog *.* @10.0.0.1\nCHECKED")).outcome()).isEqualTo(Outcome.BLOCKED);
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
                    .when(WriteAuditJudgingTest.probe("durability")).prints(durable(token, "logged 1 1", "1 1 intact", "logged 0 1 1"))
                    .whenArgv("alerting").prints(NO_CONSUMER)
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
                    .when(WriteAuditJudgingTest.probe("durability")).prints(durable(token, "logged 1 1", "1 1 intact", "logged 0 1 1"))
                    .whenArgv("alerting").prints(NO_CONSUMER)
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
