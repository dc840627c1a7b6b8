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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditTrailJudgingTest {

    static final String TOKEN = "gjh-test1";
    static final Claim WATCHER = Claim.control("C-OVERLAY-WATCHER", ClaimKind.CONTROL_EXISTS, "overlay watcher", "every write is logged", 1);

    static ScriptOutput out(String stdout) {
        return ScriptOutput.of(new CommandResult(Cmd.of("audit-probe.sh"), OptionalInt.of(0), stdout, "", Duration.ZERO, false));
    }

    /** The write step as audit-probe.sh prints it: every kind with its control, the final control, the watch. */
    static String writeStep(String watched) {
        StringBuilder s = new StringBuilder("START 746\n");
        for (AuditTrailScenario.AuditWrite w : AuditTrailScenario.AuditWrite.ALL) {
            s.append("CONTROL ").append(w.kind()).append(' ').append(control(w)).append('\n');
        }
        return s.append("CONTROL end .").append(TOKEN).append("-audit-after-end\n").append("WATCHED ").append(watched).append('\n').toString();
    }

    static String control(AuditTrailScenario.AuditWrite w) {
        String name = AuditTrailScenario.name(TOKEN, w);
        String dir = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
        return dir + "." + TOKEN + "-audit-after-" + w.kind();
    }

    static AuditTrailScenario.AuditWrite write(String kind) {
        return AuditTrailScenario.AuditWrite.ALL.stream().filter(w -> w.kind().equals(kind)).findFirst().orElseThrow();
    }

    /** Every write and control in the log, except the names given. */
    static Set<String> loggedExcept(String... missing) {
        Set<String> seen = new HashSet<>();
        AuditTrailScenario.AuditWrite.ALL.forEach(w -> {
            seen.add(AuditTrailScenario.name(TOKEN, w));
            seen.add(control(w));
        });
        seen.add("." + TOKEN + "-audit-after-end");
        seen.removeAll(Set.of(missing));
        return seen;
    }

    static Observation of(List<Observation> writes, String kind) {
        return writes.stream().filter(o -> o.subject().startsWith(kind + " of ")).findFirst().orElseThrow();
    }

    static Verdict judge(List<Observation> writes) {
        return Judge.judge(WATCHER, new ClaimEvaluation(WATCHER.id(), List.of(PartEvaluation.claim("every write", Outcome.BLOCKED, writes)),
                "", List.of(), Instant.now(), Duration.ZERO));
    }

    @Test
    void aWriteWhoseLaterControlsWereNotLoggedIsATimeoutNotALoss() {
        AuditTrailScenario.AuditWrite hooks = write("hooks");
        Set<String> seen = loggedExcept(AuditTrailScenario.name(TOKEN, hooks), control(hooks), "." + TOKEN + "-audit-after-end");
        ScriptOutput written = out(writeStep("yes 3 12"));
        assertThat(AuditTrailScenario.decided(TOKEN, written, seen)).as("still waiting: it may only be late").isFalse();
        List<Observation> writes = AuditTrailScenario.judgeWrites(TOKEN, written, new AuditTrailScenario.LogReading(seen, ""));
        assertThat(of(writes, "hooks").outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(of(writes, "hooks").reason()).contains(Reason.TIMEOUT);
        Verdict verdict = judge(writes);
        assertThat(verdict.kind()).isEqualTo(VerdictKind.INCONCLUSIVE);
        assertThat(verdict.reason()).contains(Reason.TIMEOUT);
    }

    @Test
    void aWriteMissingWhileItsLaterControlIsLoggedGotThrough() {
        AuditTrailScenario.AuditWrite hooks = write("hooks");
        Set<String> seen = loggedExcept(AuditTrailScenario.name(TOKEN, hooks));
        ScriptOutput written = out(writeStep("yes 3 12"));
        assertThat(AuditTrailScenario.decided(TOKEN, written, seen)).isTrue();
        List<Observation> writes = AuditTrailScenario.judgeWrites(TOKEN, written, new AuditTrailScenario.LogReading(seen, ""));
        assertThat(of(writes, "hooks").outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(of(writes, "create").outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(judge(writes).kind()).isEqualTo(VerdictKind.CONTRADICTED);
    }

    @Test
    void aWriteInAnUnwatchedDirectoryIsLostWhenTheFinalControlIsLogged() {
        AuditTrailScenario.AuditWrite githooks = write("githooks");
        Set<String> seen = loggedExcept(AuditTrailScenario.name(TOKEN, githooks), control(githooks));
        List<Observation> writes = AuditTrailScenario.judgeWrites(TOKEN, out(writeStep("yes 3 12")), new AuditTrailScenario.LogReading(seen, ""));
        assertThat(of(writes, "githooks").outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(of(writes, "githooks").detail()).contains("does not watch there");
    }

    @Test
    void aWatcherWithNoWatchOnTheTreeLosesEveryWriteWithoutWaiting() {
        ScriptOutput written = out("START 746\nBARRIER-LOST hooks\nBARRIER-LOST githooks\nCONTROL end ." + TOKEN + "-audit-after-end\nWATCHED no 0 0\n");
        assertThat(AuditTrailScenario.decided(TOKEN, written, Set.of())).isTrue();
        List<Observation> writes = AuditTrailScenario.judgeWrites(TOKEN, written, new AuditTrailScenario.LogReading(Set.of(), ""));
        assertThat(writes).extracting(Observation::outcome).containsOnly(Outcome.SUCCEEDED);
    }

    @Test
    void aWriteNotMadeBehindTheWatcherIsATimeout() {
        AuditTrailScenario.AuditWrite hooks = write("hooks");
        Set<String> seen = loggedExcept(AuditTrailScenario.name(TOKEN, hooks), control(hooks));
        ScriptOutput written = out("BARRIER-LOST hooks\n" + writeStep("yes 3 12"));
        List<Observation> writes = AuditTrailScenario.judgeWrites(TOKEN, written, new AuditTrailScenario.LogReading(seen, ""));
        assertThat(of(writes, "hooks").reason()).contains(Reason.TIMEOUT);
    }

    @Test
    void aWriteThatFailedIsAProbeErrorNotAnUnauditedWrite() {
        AuditTrailScenario.AuditWrite deep = write("deep");
        Set<String> seen = loggedExcept(AuditTrailScenario.name(TOKEN, deep));
        ScriptOutput written = out("WRITE-FAILED deep exit 1: mkdir: cannot create directory '/workspace/." + TOKEN
                + "-audit-deep/a': No space left on device\n" + writeStep("yes 3 12"));
        List<Observation> writes = AuditTrailScenario.judgeWrites(TOKEN, written, new AuditTrailScenario.LogReading(seen, ""));
        assertThat(of(writes, "deep").outcome()).as("a write that was not made has no event to miss").isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(of(writes, "deep").reason()).contains(Reason.PROBE_ERROR);
        assertThat(of(writes, "deep").detail()).contains("No space left on device");
        assertThat(of(writes, "create").outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(judge(writes).kind()).isEqualTo(VerdictKind.INCONCLUSIVE);
    }

    @Test
    void aLogThatCouldNotBeReadIsAProbeErrorNotALoss() {
        List<Observation> writes = AuditTrailScenario.judgeWrites(TOKEN, out(writeStep("yes 3 12")),
                new AuditTrailScenario.LogReading(Set.of(), "/var/log/openclaw/overlay-watcher.log cannot be read"));
        assertThat(writes).extracting(o -> o.reason().orElseThrow()).containsOnly(Reason.PROBE_ERROR);
    }

    @Test
    void emptyWriteStepOutputIsAProbeError() {
        List<Observation> writes = AuditTrailScenario.judgeWrites(TOKEN, out(""), new AuditTrailScenario.LogReading(Set.of(), ""));
        assertThat(writes).extracting(o -> o.reason().orElseThrow()).containsOnly(Reason.PROBE_ERROR);
    }

    @Test
    void readLogAsksEveryWriteAndControlInOneCallAndStopsOnceTheFinalControlIsLogged() {
        ScriptOutput written = out(writeStep("yes 3 12"));
        List<List<String>> asked = new java.util.ArrayList<>();
        AuditTrailScenario.LogReading reading = AuditTrailScenario.readLog(TOKEN, written, (start, names) -> {
            asked.add(names);
            return out(names.stream().map(n -> "LOGGED " + (n.contains("repo/hooks/post-checkout") ? 0 : 1) + " " + n)
                    .collect(Collectors.joining("\n")));
        }, Duration.ofSeconds(5));
        assertThat(asked).hasSize(1);
        assertThat(asked.get(0)).contains("." + TOKEN + "-audit-after-end", "." + TOKEN + "-audit-repo/hooks/post-checkout");
        assertThat(of(AuditTrailScenario.judgeWrites(TOKEN, written, reading), "hooks").outcome()).isEqualTo(Outcome.SUCCEEDED);
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
                .whenScript("log-shipping.sh").prints("");
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
    void aReplayedRunWithOneWriteMissingBehindItsControlContradictsTheWatcher(@TempDir Path reports) {
        RecordedTarget target = new RecordedTarget("lima");
        try (AttackRun run = ReplayedRun.of(target, reports)) {
            String token = run.token();
            String hooks = "." + token + "-audit-repo/hooks/post-checkout";
            StringBuilder written = new StringBuilder("START 100\n");
            for (AuditTrailScenario.AuditWrite w : AuditTrailScenario.AuditWrite.ALL) {
                written.append("CONTROL ").append(w.kind()).append(" .").append(token).append("-audit-after-").append(w.kind()).append('\n');
            }
            written.append("CONTROL end .").append(token).append("-audit-after-end\nWATCHED yes 3 12\n");
            target.when(cmd -> cmd.argv().contains("logged")).prints(String.join("\n", loggedAnswer(token, hooks)))
                    .whenArgv("write").prints(written.toString())
                    .whenArgv("watcher").prints("WATCHER active 322 root\nOWNER openclaw\n")
                    .whenArgv("kill").prints("KILL refused kill: (322) - Operation not permitted\n")
                    .whenArgv("flood").prints("PAUSE refused kill: (322) - Operation not permitted\nFLOOD 18384 18384 0 control-logged\n")
                    .whenArgv("rename").prints("RENAME refused mv: cannot move: Permission denied\n")
                    .whenArgv("truncate").prints("TRUNCATE refused truncate: Permission denied\n")
                    .whenScript("log-shipping.sh").prints("RETENTION \nMARKER x\nCHECKED\n");
            ClaimEvaluation evaluation = AuditTrailScenario.watcher(run);
            Verdict verdict = Judge.judge(run.claim("C-OVERLAY-WATCHER"), evaluation);
            assertThat(verdict.kind()).isEqualTo(VerdictKind.CONTRADICTED);
            assertThat(verdict.why()).contains("hooks of /workspace/" + hooks);
        }
    }

    @Test
    void aReplayedRunWritesTheScopeOfTheAuditClaimsAllCoveredByTheScenariosOwnParts(@TempDir Path reports) throws Exception {
        RecordedTarget target = new RecordedTarget("lima");
        try (AttackRun run = ReplayedRun.of(target, reports)) {
            String token = run.token();
            StringBuilder written = new StringBuilder("START 100\n");
            for (AuditTrailScenario.AuditWrite w : AuditTrailScenario.AuditWrite.ALL) {
                written.append("CONTROL ").append(w.kind()).append(" .").append(token).append("-audit-after-").append(w.kind()).append('\n');
            }
            written.append("CONTROL end .").append(token).append("-audit-after-end\nWATCHED yes 3 12\n");
            target.when(cmd -> cmd.argv().contains("logged")).prints(String.join("\n", loggedAnswer(token, "")))
                    .whenArgv("write").prints(written.toString())
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
                assertThat(run.verdicts().stream().filter(e -> e.claim().id().equals(id)).findFirst().orElseThrow().verdict().parts())
                        .as(id + ": the scenario's parts cover every dimension of its scope").noneMatch(p -> p.name().startsWith("scope: "));
            }
        }
        assertThat(java.nio.file.Files.readString(reports.resolve("evidence/C-OVERLAY-WATCHER/scope.txt")))
                .contains("4 dimension(s): 4 covered, 0 not covered").contains("[covered] tampering")
                .contains("- the audited identity cannot stop the watcher (AuditTrailAttack.everyWriteIsAudited): HOLDS");
        assertThat(java.nio.file.Files.readString(reports.resolve("evidence/T-008/scope.txt"))).contains("2 dimension(s): 2 covered");
        assertThat(reports.resolve("evidence/T-001/scope.txt")).as("not exercised in this run").doesNotExist();
    }

    /** LOGGED lines for every write and control name the scenario may ask for, all logged except {@code missing}. */
    static List<String> loggedAnswer(String token, String missing) {
        List<String> lines = new java.util.ArrayList<>();
        AuditTrailScenario.AuditWrite.ALL.forEach(w -> {
            String name = AuditTrailScenario.name(token, w);
            lines.add("LOGGED " + (name.equals(missing) ? 0 : 1) + " " + name);
            lines.add("LOGGED 1 ." + token + "-audit-after-" + w.kind());
        });
        lines.add("LOGGED 1 ." + token + "-audit-after-end");
        return lines;
    }
}
