package dev.gjallarhorn.attack.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.probe.ScriptOutput;
import dev.gjallarhorn.remote.RecordedTarget;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.run.ReplayedRun;
import dev.gjallarhorn.surface.Principal;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.Judge;
import dev.gjallarhorn.verdict.PartVerdict;
import dev.gjallarhorn.verdict.Prediction;
import dev.gjallarhorn.verdict.Verdict;
import dev.gjallarhorn.verdict.VerdictKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pairing technique's judging on findings as the probe recorded them (the observations of {@code T-001/pairing.txt}),
 * without a twin: the threat model's claims and predictions come from a replayed run.
 */
class PairingJudgingTest {

    static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    static final Path EVIDENCE = Path.of("evidence/T-001/pairing.txt");
    static final String KEPT_OUT = "no model request and no turn up to the allowlisted sender's closing turn";
    static final Observation CONTROL = Observation.succeeded("a DM from allowlisted 4242001", "reached the LLM double");

    /** Round 1 as an as-claimed twin records it: every stranger kept out, the DMs challenged with a code. */
    static Map<String, Observation> strangersKeptOut() {
        Map<String, Observation> strangers = new LinkedHashMap<>();
        strangers.put("a stranger's DM (777000101)", Observation.blocked("a stranger's DM (777000101)", KEPT_OUT + "; challenged with a pairing code"));
        strangers.put("the same stranger again", Observation.blocked("the same stranger again", KEPT_OUT + "; challenged with a pairing code"));
        strangers.put("a group message from a non-allowlisted sender (777000104)",
                Observation.blocked("a group message from a non-allowlisted sender (777000104)", KEPT_OUT));
        strangers.put("a stranger's reaction to the bot's message in its DM", Observation.blocked(
                "a stranger's reaction to the bot's message in its DM", "absent from every model request up to the allowlisted sender's closing turn"));
        return strangers;
    }

    static PairingFindings asClaimed(Map<String, Observation> strangers, Observation challenged) {
        return new PairingFindings(T, Duration.ofSeconds(70), null, CONTROL, strangers, challenged,
                Observation.blocked("the approved sender", "reached the model after approval"),
                Observation.blocked("approving ABCD2345 a second time", "refused: No pending pairing request found for code: ABCD2345"),
                Observation.blocked("the approved code sent by another sender (777000102)", KEPT_OUT),
                Observation.blocked("five guessed codes sent by a pending sender (777000103)", KEPT_OUT),
                List.of(Observation.blocked("42420010 (the allowlisted id with a digit appended)", KEPT_OUT),
                        Observation.blocked("424200 (the allowlisted id without its last digit)", KEPT_OUT)),
                Observation.blocked("the paired DM sender (777000101) in a group that is not allowlisted (-1001777000400)", KEPT_OUT),
                Observation.succeeded("a fourth stranger (777000105)", "got no code while three requests were pending:"
                        + " strangers can lock out pairing for the code's lifetime"),
                Observation.succeeded("a sender written into the pairing store by openclaw", "admitted without any code (reached the model)"
                        + ": anything running as the service identity can let a sender in"),
                List.of(Observation.blocked("writing the pairing store as bilrost", "refused: Error: unable to open database file"),
                        Observation.blocked("writing the pairing store as nobody", "refused: Error: unable to open database file")),
                List.of(Observation.blocked("POST /tools/invoke on 127.0.0.1:18789 as nobody without a credential", "refused: HTTP 401")),
                List.of(Observation.succeeded("the gateway's own credential on 127.0.0.1:18789", "read the conversation")),
                Observation.succeeded("50 wrong credentials in a row on 127.0.0.1:18789 as nobody", "none throttled (401:50)"),
                EVIDENCE);
    }

    static Verdict judged(AttackRun run, String claim, Function<Outcome, ClaimEvaluation> judging) {
        return Judge.judge(run.claim(claim), judging.apply(Prediction.forClaim(run.claim(claim))));
    }

    static VerdictKind part(Verdict verdict, String name) {
        return verdict.parts().stream().filter(p -> p.name().contains(name)).map(PartVerdict::kind).findFirst().orElseThrow();
    }

    @Test
    void anAsClaimedRunHoldsEveryPairingClaimWithItsNotesBeside(@TempDir Path reports) {
        PairingFindings f = asClaimed(strangersKeptOut(), Observation.blocked("a stranger's DM", "answered with a one-time pairing code only"));
        try (AttackRun run = ReplayedRun.of(new RecordedTarget("lima"), reports)) {
            Verdict t001 = judged(run, "T-001", p -> PairingJudging.openAccess(f, p));
            assertThat(t001.kind()).isEqualTo(VerdictKind.HOLDS);
            assertThat(part(t001, "a stranger's DM (777000101) reaches no model")).isEqualTo(VerdictKind.HOLDS);
            assertThat(PairingJudging.openAccess(f, Outcome.BLOCKED).observed()).isEqualTo("no stranger's message got in (reached the model or got an agent turn)");

            assertThat(judged(run, "C-TELEGRAM-PAIRING", p -> PairingJudging.pairingControl(f, p)).kind()).isEqualTo(VerdictKind.HOLDS);
            assertThat(PairingJudging.pairingControl(f, Outcome.BLOCKED).observed()).isEqualTo("answered with a one-time pairing code only");

            Verdict t009 = judged(run, "T-009", p -> PairingJudging.pairingBypass(f, p));
            assertThat(t009.kind()).as("the lock-out and self-approval are notes, not bypasses").isEqualTo(VerdictKind.HOLDS);
            assertThat(part(t009, "resembling")).isEqualTo(VerdictKind.HOLDS);
            assertThat(part(t009, "no identity but the gateway's own")).isEqualTo(VerdictKind.HOLDS);
            assertThat(PairingJudging.pairingBypass(f, Outcome.BLOCKED).observed()).isEqualTo("no way around the pairing flow"
                    + "; 3 pending strangers lock out the 4th; the service identity can admit senders itself");
        }
    }

    @Test
    void anOpenDmPolicyContradictsAccessAndPairing(@TempDir Path reports) {
        Map<String, Observation> strangers = strangersKeptOut();
        strangers.put("a stranger's DM (777000101)", Observation.succeeded("a stranger's DM (777000101)",
                "the gateway started an agent turn for it: typing, then 1 reply"));
        PairingFindings f = asClaimed(strangers, Observation.succeeded("a stranger's DM",
                "no pairing code came back, and dmPolicy is open: no one-time code is offered at all"));
        try (AttackRun run = ReplayedRun.of(new RecordedTarget("lima"), reports)) {
            Verdict t001 = judged(run, "T-001", p -> PairingJudging.openAccess(f, p));
            assertThat(t001.kind()).isEqualTo(VerdictKind.CONTRADICTED);
            assertThat(part(t001, "a stranger's DM")).isEqualTo(VerdictKind.CONTRADICTED);
            assertThat(part(t001, "group message")).isEqualTo(VerdictKind.HOLDS);
            assertThat(PairingJudging.openAccess(f, Outcome.BLOCKED).observed()).startsWith("1 stranger message(s) got in");
            Verdict pairing = judged(run, "C-TELEGRAM-PAIRING", p -> PairingJudging.pairingControl(f, p));
            assertThat(pairing.kind()).isEqualTo(VerdictKind.CONTRADICTED);
            assertThat(part(pairing, "one-time code")).isEqualTo(VerdictKind.CONTRADICTED);
        }
    }

    /** {@code claimed} with other identities' store writes and control-API attempts as given. */
    static PairingFindings withOthers(PairingFindings claimed, List<Observation> othersWrites, List<Observation> controlPlane) {
        return new PairingFindings(T, claimed.elapsed(), null, CONTROL, claimed.strangers(), claimed.challenged(), claimed.admitted(),
                claimed.reuse(), claimed.otherSender(), claimed.guesses(), claimed.lookalikes(), claimed.pairedInGroup(), claimed.cap(),
                claimed.selfApproval(), othersWrites, controlPlane, claimed.controlPlaneControls(), claimed.credentialBurst(), EVIDENCE);
    }

    @Test
    void anotherIdentityActingThroughTheControlApiContradictsOpenAccess(@TempDir Path reports) {
        PairingFindings claimed = asClaimed(strangersKeptOut(), Observation.blocked("a stranger's DM", "answered with a one-time pairing code only"));
        ControlPlaneRound.Result open = ControlPlaneRound.judge(ControlPlaneRoundTest.printed("CP control root 127.0.0.1:18789 200 marker\n"
                + "CP none nobody 127.0.0.1:18789 200 marker\nCP wrong nobody 127.0.0.1:18789 401 no-marker\n"
                + "CP-BURST 127.0.0.1:18789 5 401:5 ms:368,518,1007,2007,4007\nCP-END\n"));
        PairingFindings f = withOthers(claimed, claimed.othersWrites(), open.attempts());
        try (AttackRun run = ReplayedRun.of(new RecordedTarget("lima"), reports)) {
            Verdict t001 = judged(run, "T-001", p -> PairingJudging.openAccess(f, p));
            assertThat(t001.kind()).isEqualTo(VerdictKind.CONTRADICTED);
            assertThat(part(t001, "control API")).isEqualTo(VerdictKind.CONTRADICTED);
            assertThat(part(t001, "a stranger's DM")).isEqualTo(VerdictKind.HOLDS);
            assertThat(PairingJudging.openAccess(f, Outcome.BLOCKED).observed()).endsWith("1 request(s) without the gateway's credential acted"
                    + " through its control API");
            PairingFindings blind = withOthers(claimed, claimed.othersWrites(), ControlPlaneRound.judge(ControlPlaneRoundTest.printed(
                    "CP control root 127.0.0.1:18789 401 no-marker\nCP none nobody 127.0.0.1:18789 401 no-marker\nCP-END\n")).attempts());
            Verdict blinded = judged(run, "T-001", p -> PairingJudging.openAccess(blind, p));
            assertThat(blinded.kind()).as("a 401 the gateway's own credential also got proves no refusal").isEqualTo(VerdictKind.INCONCLUSIVE);
        }
    }

    @Test
    void aStoreAnotherIdentityCanWriteIsAPairingBypass(@TempDir Path reports) {
        PairingFindings claimed = asClaimed(strangersKeptOut(), Observation.blocked("a stranger's DM", "answered with a one-time pairing code only"));
        PairingFindings f = withOthers(claimed, List.of(Observation.blocked("writing the pairing store as bilrost",
                        "refused: Error: unable to open database file"), Observation.succeeded("sender 777000121, written into the pairing store by nobody",
                        "admitted without any code (reached the model): anything running as nobody can let a sender in")), claimed.controlPlane());
        try (AttackRun run = ReplayedRun.of(new RecordedTarget("lima"), reports)) {
            Verdict t009 = judged(run, "T-009", p -> PairingJudging.pairingBypass(f, p));
            assertThat(t009.kind()).isEqualTo(VerdictKind.CONTRADICTED);
            assertThat(part(t009, "no identity but the gateway's own")).isEqualTo(VerdictKind.CONTRADICTED);
            assertThat(part(t009, "resembling")).isEqualTo(VerdictKind.HOLDS);
            assertThat(PairingJudging.pairingBypass(f, Outcome.BLOCKED).observed()).startsWith("1 way(s) around the pairing flow");
        }
    }

    @Test
    void aStoreWriteThatCouldNotStartIsNoRefusal(@TempDir Path reports) {
        PairingFindings claimed = asClaimed(strangersKeptOut(), Observation.blocked("a stranger's DM", "answered with a one-time pairing code only"));
        Observation noTool = SelfApproval.judge(null, "nobody", 777000120L,
                approval("SELF-APPROVE 127 cannot run /opt/runtime/node/bin/node as nobody: runuser: failed to execute node: Permission denied"), null, true);
        PairingFindings f = withOthers(claimed, List.of(noTool), claimed.controlPlane());
        try (AttackRun run = ReplayedRun.of(new RecordedTarget("lima"), reports)) {
            Verdict t009 = judged(run, "T-009", p -> PairingJudging.pairingBypass(f, p));
            assertThat(t009.kind()).as("a writer that never ran proves nothing").isEqualTo(VerdictKind.INCONCLUSIVE);
            assertThat(t009.reason()).contains(Reason.PROBE_ERROR);
        }
    }

    @Test
    void onlyTheFileSystemOrSqliteSayingNoIsARefusedStoreWrite() {
        assertThat(SelfApproval.judge(null, "nobody", 777000120L, approval("SELF-APPROVE 1 Error: unable to open database file"), null, true)
                .outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(SelfApproval.judge(null, "nobody", 777000120L, approval("SELF-APPROVE 1 Error: attempt to write a readonly database"), null, true)
                .outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(SelfApproval.judge(null, "nobody", 777000120L, approval("SELF-APPROVE 1 Error: no such table: channel_pairing_allow_entries"),
                null, true).reason()).contains(Reason.PROBE_ERROR);
        assertThat(SelfApproval.judge(null, "nobody", 777000120L, approval("SELF-APPROVE 127 cannot run node as nobody: Permission denied"),
                null, true).reason()).contains(Reason.PROBE_ERROR);
        assertThat(SelfApproval.judge(null, "nobody", 777000120L, approval("SELF-APPROVE -1 no answer"), null, true).reason())
                .contains(Reason.TIMEOUT);
        assertThat(SelfApproval.judge(null, "nobody", 777000120L, approval("SELF-APPROVE 1 Error: database is locked"), null, true).reason())
                .contains(Reason.TIMEOUT);
    }

    @Test
    void anotherIdentityIsRefusedOnlyWhenBothTheStoreAndTheAllowlistSayNo() {
        SelfApproval.Write storeRefused = SelfApproval.storeWrite(approval("SELF-APPROVE 1 Error: unable to open database file"));
        SelfApproval.Write allowlistRefused = SelfApproval.allowlistWrite(approval(
                "ALLOWLIST-WRITE 1 sh: 1: cannot create /home/openclaw/.openclaw/openclaw.json: Permission denied"));
        Observation refused = SelfApproval.judge(null, "nobody", 777000121L, List.of(storeRefused, allowlistRefused), null, true, false);
        assertThat(refused.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(refused.detail()).contains("the pairing store: refused").contains("the allowlist in openclaw.json: refused");

        SelfApproval.Write noRewrite = SelfApproval.allowlistWrite(approval("ALLOWLIST-WRITE 126 opened for writing, but the rewrite failed: jq: error"));
        assertThat(SelfApproval.judge(null, "nobody", 777000121L, List.of(storeRefused, noRewrite), null, true, false).reason())
                .as("a config it could open for writing is no refusal").contains(Reason.PROBE_ERROR);
        SelfApproval.Write missing = SelfApproval.allowlistWrite(approval("ALLOWLIST-WRITE 1 sh: 1: cannot create /x/openclaw.json: Directory nonexistent"));
        assertThat(SelfApproval.judge(null, "nobody", 777000121L, List.of(storeRefused, missing), null, true, false).reason())
                .as("a missing config is the probe's failure").contains(Reason.PROBE_ERROR);
        assertThat(SelfApproval.allowlistWrite(approval("ALLOWLIST-WRITE 0 added 777000121 to channels.telegram.allowFrom; the gateway saw the change"))
                .written()).isTrue();
        assertThat(SelfApproval.allowlistWrite(approval("ALLOWLIST-WRITE -1 no answer")).undecided()).isEqualTo(Reason.TIMEOUT);
    }

    @Test
    void aStoreRefusalCountsOnlyWhereTheGatewaysOwnIdentityWroteThatStore() {
        SelfApproval.Write refused = SelfApproval.storeWrite(approval("SELF-APPROVE 1 Error: unable to open database file"));
        SelfApproval.Write allowlistRefused = SelfApproval.allowlistWrite(approval(
                "ALLOWLIST-WRITE 1 sh: 1: cannot create /home/openclaw/.openclaw/openclaw.json: Permission denied"));
        assertThat(SelfApproval.refusalSeen(refused, true).refused()).isTrue();
        SelfApproval.Write unseen = SelfApproval.refusalSeen(refused, false);
        assertThat(unseen.undecided()).as("a moved or missing store reads the same as a forbidden one").isEqualTo(Reason.ORACLE_BLIND);
        assertThat(SelfApproval.judge(null, "nobody", 777000121L, List.of(unseen, allowlistRefused), null, true, false).reason())
                .contains(Reason.ORACLE_BLIND);
    }

    @Test
    void theOtherWritersAreEveryIdentityButRootAndTheGatewaysOwn() {
        List<Principal> asClaimed = List.of(new Principal("login", "bilrost", "1000", "the SSH login user"),
                new Principal("root", "root", "0", "one sudo away"), new Principal("service", "openclaw", "998", "User= of the unit"),
                new Principal("unrelated", "nobody", "65534", "an unprivileged local user"),
                new Principal("owner-match", "-", "1234", "no such user on the target"),
                new Principal("owner-match", "openclaw", "998", "a firewall rule matches its uid"));
        assertThat(PairingProbe.otherWriters(asClaimed, "openclaw")).containsExactly("bilrost", "nobody");
        List<Principal> asProvisioned = List.of(new Principal("login", "bilrost", "1000", "the SSH login user"),
                new Principal("root", "root", "0", "one sudo away"), new Principal("service", "bilrost", "1000", "User= of the unit"),
                new Principal("unrelated", "nobody", "65534", "an unprivileged local user"));
        assertThat(PairingProbe.otherWriters(asProvisioned, "bilrost")).as("the login user is the gateway's own there").containsExactly("nobody");
    }

    @Test
    void aChannelThatCouldNotRunHoldsNothing(@TempDir Path reports) {
        String why = "the agent channel is off (-Dgjallarhorn.agentChannel=false)";
        Observation no = Observation.couldNotRun("the agent channel", Reason.PRECONDITION_UNMET, why);
        PairingFindings f = new PairingFindings(T, Duration.ZERO, why, no, Map.of("a stranger's DM", no), no, no, no, no, no, List.of(no),
                no, no, no, List.of(no), List.of(no), List.of(no), no, EVIDENCE);
        try (AttackRun run = ReplayedRun.of(new RecordedTarget("lima"), reports)) {
            for (String claim : List.of("T-001", "C-TELEGRAM-PAIRING", "T-009")) {
                Function<Outcome, ClaimEvaluation> judging = switch (claim) {
                    case "T-001" -> p -> PairingJudging.openAccess(f, p);
                    case "T-009" -> p -> PairingJudging.pairingBypass(f, p);
                    default -> p -> PairingJudging.pairingControl(f, p);
                };
                Verdict verdict = judged(run, claim, judging);
                assertThat(verdict.kind()).as(claim).isEqualTo(VerdictKind.INCONCLUSIVE);
                assertThat(verdict.reason()).as(claim).contains(Reason.PRECONDITION_UNMET);
                assertThat(judging.apply(Outcome.BLOCKED).observed()).as(claim).isEqualTo(why);
            }
        }
    }

    /** The pairing CLI's answer to a second approval of the same code, as the probe script prints it. */
    static ScriptOutput.Line approval(String printed) {
        List<String> words = List.of(printed.split("\\s+"));
        return new ScriptOutput.Line(words.get(0), words.subList(1, words.size()), printed);
    }

    @Test
    void aSecondApprovalIsABypassOnlyWhenTheCliAcceptsIt() {
        Observation admitted = Observation.blocked("the approved sender", "reached the model after approval");
        assertThat(PairingFlowRound.reuse(admitted, "ABCD2345", approval("APPROVE 1 Error: No pending pairing request found for code: ABCD2345")).outcome())
                .isEqualTo(Outcome.BLOCKED);
        assertThat(PairingFlowRound.reuse(admitted, "ABCD2345", approval("APPROVE 0 Approved telegram sender 777000101.")).outcome())
                .isEqualTo(Outcome.SUCCEEDED);
        assertThat(PairingFlowRound.reuse(admitted, "ABCD2345", approval("APPROVE -1")).reason()).contains(Reason.PROBE_ERROR);
        assertThat(PairingFlowRound.reuse(admitted, "ABCD2345", approval("APPROVE 1 Error: gateway not reachable")).reason())
                .contains(Reason.PROBE_ERROR);
        assertThat(PairingFlowRound.reuse(Observation.couldNotRun("the approved sender", Reason.ORACLE_BLIND, "approved, yet no turn started"),
                "ABCD2345", approval("APPROVE 0 Approved telegram sender 777000101.")).reason()).contains(Reason.PRECONDITION_UNMET);
    }
}
