package dev.gjallarhorn.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.claims.ClaimKind;
import dev.gjallarhorn.claims.ClaimedStatus;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JudgeTest {

    static final Claim CLAIM = Claim.control("C-X", ClaimKind.CONTROL_EXISTS, "X", "x works", 1);

    static Observation obs(String subject, String outcome) {
        return switch (outcome) {
            case "S" -> Observation.succeeded(subject, "got through");
            case "B" -> Observation.blocked(subject, "stopped");
            case "C" -> Observation.couldNotRun(subject, Reason.TIMEOUT, "timed out");
            default -> throw new IllegalArgumentException(outcome);
        };
    }

    static List<Observation> observations(String pattern) {
        return pattern.isEmpty() ? List.of() : java.util.stream.IntStream.range(0, pattern.length())
                .mapToObj(i -> obs("s" + i, String.valueOf(pattern.charAt(i)))).toList();
    }

    static Verdict judge(Outcome predicted, String pattern) {
        return Judge.judge(CLAIM, new ClaimEvaluation("C-X", List.of(PartEvaluation.claim("p", predicted, observations(pattern))),
                "", List.of(), Instant.now(), Duration.ZERO));
    }

    /** Every cell: what the claim predicts x what was seen (S got through, B stopped, C could not run). */
    @ParameterizedTest(name = "predicted {0}, observed [{1}] -> {2}")
    @CsvSource({
            // the claim says attacks are stopped (Fixed, Mitigated, a control that exists)
            "BLOCKED, B, HOLDS",
            "BLOCKED, BB, HOLDS",
            "BLOCKED, S, CONTRADICTED",
            "BLOCKED, BS, CONTRADICTED",
            "BLOCKED, SC, CONTRADICTED",
            "BLOCKED, C, INCONCLUSIVE",
            "BLOCKED, BC, INCONCLUSIVE",
            "BLOCKED, '', INCONCLUSIVE",
            // the claim says the attack works (Gap, a control that does not exist)
            "SUCCEEDED, S, HOLDS",
            "SUCCEEDED, SB, HOLDS",
            "SUCCEEDED, SC, HOLDS",
            "SUCCEEDED, B, STALE",
            "SUCCEEDED, BB, STALE",
            "SUCCEEDED, BC, INCONCLUSIVE",
            "SUCCEEDED, C, INCONCLUSIVE",
            "SUCCEEDED, '', INCONCLUSIVE"})
    void everyCell(Outcome predicted, String pattern, VerdictKind expected) {
        assertThat(judge(predicted, pattern == null ? "" : pattern).kind()).isEqualTo(expected);
    }

    /** Every claimed status against every kind of observation, through the prediction the status makes. */
    @ParameterizedTest(name = "claimed {0}, observed [{1}] -> {2}")
    @CsvSource({
            "FIXED, B, HOLDS", "FIXED, S, CONTRADICTED", "FIXED, C, INCONCLUSIVE", "FIXED, BS, CONTRADICTED", "FIXED, BC, INCONCLUSIVE",
            "MITIGATED, B, HOLDS", "MITIGATED, S, CONTRADICTED", "MITIGATED, C, INCONCLUSIVE", "MITIGATED, BS, CONTRADICTED", "MITIGATED, BC, INCONCLUSIVE",
            "EXISTS, B, HOLDS", "EXISTS, S, CONTRADICTED", "EXISTS, C, INCONCLUSIVE", "EXISTS, BS, CONTRADICTED", "EXISTS, BC, INCONCLUSIVE",
            "GAP, S, HOLDS", "GAP, B, STALE", "GAP, C, INCONCLUSIVE", "GAP, BS, HOLDS", "GAP, BC, INCONCLUSIVE",
            "ABSENT, S, HOLDS", "ABSENT, B, STALE", "ABSENT, C, INCONCLUSIVE", "ABSENT, BS, HOLDS", "ABSENT, BC, INCONCLUSIVE"})
    void everyClaimedStatusCell(ClaimedStatus status, String pattern, VerdictKind expected) {
        Claim claim = new Claim("X-1", status == ClaimedStatus.EXISTS ? ClaimKind.CONTROL_EXISTS
                : status == ClaimedStatus.ABSENT ? ClaimKind.CONTROL_ABSENT : ClaimKind.RISK,
                "x", status, status.word(), List.of(), 1, 1, java.util.OptionalInt.empty(), 1);
        Verdict verdict = Judge.judge(claim, new ClaimEvaluation("X-1",
                List.of(PartEvaluation.claim("p", Prediction.forClaim(claim), observations(pattern))), "", List.of(), Instant.now(), Duration.ZERO));
        assertThat(verdict.kind()).isEqualTo(expected);
    }

    @Test
    void aPartialClaimIsJudgedPartByPart() {
        Claim partial = new Claim("T-007", ClaimKind.RISK, "vault", ClaimedStatus.PARTIAL, "Partial (read-only mount, but agent has read access)",
                List.of(), 3, 3, java.util.OptionalInt.of(9), 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Prediction.forClaim(partial)).isInstanceOf(IllegalArgumentException.class);
        PartEvaluation readOnly = PartEvaluation.claim("the vault share is read-only", Outcome.BLOCKED, observations("B"));
        PartEvaluation readable = PartEvaluation.claim("the agent can read the vault", Outcome.SUCCEEDED, observations("S"));
        assertThat(kind(partial, readOnly, readable)).isEqualTo(VerdictKind.HOLDS);
        assertThat(kind(partial, PartEvaluation.claim("the vault share is read-only", Outcome.BLOCKED, observations("S")), readable))
                .isEqualTo(VerdictKind.CONTRADICTED);
        assertThat(kind(partial, readOnly, PartEvaluation.claim("the agent can read the vault", Outcome.SUCCEEDED, observations("B"))))
                .isEqualTo(VerdictKind.STALE);
        Verdict mixed = Judge.judge(partial, new ClaimEvaluation("T-007", List.of(readOnly, readable), "", List.of(), Instant.now(), Duration.ZERO));
        assertThat(mixed.parts()).extracting(PartVerdict::name).containsExactly("the vault share is read-only", "the agent can read the vault");
    }

    @Test
    void anInconclusivePartCarriesTheReasonOfWhatCouldNotRun() {
        Verdict verdict = judge(Outcome.BLOCKED, "BC");
        assertThat(verdict.reason()).contains(Reason.TIMEOUT);
        assertThat(verdict.label()).isEqualTo("INCONCLUSIVE(timeout)");
        assertThat(judge(Outcome.BLOCKED, "").reason()).contains(Reason.NO_OBSERVATION);
    }

    /** T-006 on a container: the hypervisor part is not applicable, but a probe error elsewhere must not hide behind it. */
    @Test
    void aNotApplicablePartNeverHidesAProbeErrorInAnotherPart() {
        PartEvaluation hypervisor = PartEvaluation.claim("the hypervisor keeps the guest out", Outcome.BLOCKED,
                List.of(Observation.couldNotRun("the hypervisor", Reason.NOT_APPLICABLE_ON_TARGET, "this target is a container")));
        PartEvaluation kernel = PartEvaluation.claim("the kernel boundary", Outcome.BLOCKED,
                List.of(Observation.couldNotRun("a module load", Reason.PROBE_ERROR, "no RESULT line")));
        PartEvaluation holds = PartEvaluation.claim("the sandbox", Outcome.BLOCKED, observations("B"));
        Verdict verdict = Judge.judge(CLAIM, new ClaimEvaluation("C-X", List.of(hypervisor, holds, kernel), "", List.of(), Instant.now(), Duration.ZERO));
        assertThat(verdict.label()).isEqualTo("INCONCLUSIVE(probe-error)");
        assertThat(verdict.why()).contains("the hypervisor keeps the guest out (not-applicable-on-target)")
                .contains("the kernel boundary (probe-error)").doesNotContain("the sandbox");

        Verdict onlyNotApplicable = Judge.judge(CLAIM, new ClaimEvaluation("C-X", List.of(hypervisor, holds), "", List.of(), Instant.now(), Duration.ZERO));
        assertThat(onlyNotApplicable.label()).as("every undecided part is ruled out by the target's kind")
                .isEqualTo("INCONCLUSIVE(not-applicable-on-target)");
    }

    @Test
    void withinAPartANotApplicableObservationNeverHidesATimeout() {
        PartEvaluation part = PartEvaluation.claim("p", Outcome.BLOCKED, List.of(
                Observation.couldNotRun("a remount", Reason.NOT_APPLICABLE_ON_TARGET, "a container cannot remount the share"),
                Observation.blocked("a write", "EROFS"),
                Observation.couldNotRun("a write as root", Reason.TIMEOUT, "timed out")));
        Verdict verdict = Judge.judge(CLAIM, new ClaimEvaluation("C-X", List.of(part), "", List.of(), Instant.now(), Duration.ZERO));
        assertThat(verdict.label()).isEqualTo("INCONCLUSIVE(timeout)");
        assertThat(verdict.parts().get(0).why()).contains("a remount (not-applicable-on-target)", "a write as root (timeout)");
        assertThat(Judge.undecided(List.of(Reason.NOT_APPLICABLE_ON_TARGET, Reason.NOT_APPLICABLE_ON_TARGET)))
                .isEqualTo(Reason.NOT_APPLICABLE_ON_TARGET);
        assertThat(Judge.undecided(List.of(Reason.ORACLE_BLIND, Reason.NOT_APPLICABLE_ON_TARGET, Reason.TIMEOUT))).isEqualTo(Reason.ORACLE_BLIND);
    }

    @Test
    void oneSubjectSeenBothWaysIsConflictingEvidence() {
        List<Observation> conflicting = List.of(Observation.succeeded("tcp/80", "canary saw it"), Observation.blocked("tcp/80", "client timed out"));
        Verdict verdict = Judge.judge(CLAIM, new ClaimEvaluation("C-X", List.of(PartEvaluation.claim("p", Outcome.BLOCKED, conflicting)),
                "", List.of(), Instant.now(), Duration.ZERO));
        assertThat(verdict.label()).isEqualTo("INCONCLUSIVE(conflicting-evidence)");
    }

    @Test
    void partsCombineWorstFirst() {
        PartEvaluation holds = PartEvaluation.claim("a", Outcome.BLOCKED, observations("B"));
        PartEvaluation stale = PartEvaluation.claim("b", Outcome.SUCCEEDED, observations("B"));
        PartEvaluation unknown = PartEvaluation.claim("c", Outcome.BLOCKED, observations("C"));
        PartEvaluation contradicted = PartEvaluation.claim("d", Outcome.BLOCKED, observations("S"));
        assertThat(kind(holds, stale)).isEqualTo(VerdictKind.STALE);
        assertThat(kind(holds, stale, unknown)).isEqualTo(VerdictKind.INCONCLUSIVE);
        assertThat(kind(holds, stale, unknown, contradicted)).isEqualTo(VerdictKind.CONTRADICTED);
        assertThat(kind(holds)).isEqualTo(VerdictKind.HOLDS);
    }

    @Test
    void controlPartsAreShownButNeverCounted() {
        PartEvaluation control = PartEvaluation.control("positive control", observations("B"));
        PartEvaluation claim = PartEvaluation.claim("a", Outcome.BLOCKED, observations("B"));
        Verdict verdict = Judge.judge(CLAIM, new ClaimEvaluation("C-X", List.of(claim, control), "", List.of(), Instant.now(), Duration.ZERO));
        assertThat(verdict.kind()).isEqualTo(VerdictKind.HOLDS);
        assertThat(verdict.parts()).extracting(PartVerdict::role).containsExactly(PartRole.CLAIM, PartRole.CONTROL);
        Verdict controlsOnly = Judge.judge(CLAIM, new ClaimEvaluation("C-X", List.of(control), "", List.of(), Instant.now(), Duration.ZERO));
        assertThat(controlsOnly.label()).isEqualTo("INCONCLUSIVE(no-observation)");
    }

    @Test
    void noEvaluationIsNotExercised() {
        assertThat(Judge.judge(CLAIM, null)).isEqualTo(Verdict.notExercised("C-X"));
        assertThat(Verdict.notExercised("C-X").reason()).isEqualTo(Optional.empty());
    }

    private static VerdictKind kind(PartEvaluation... parts) {
        return kind(CLAIM, parts);
    }

    private static VerdictKind kind(Claim claim, PartEvaluation... parts) {
        return Judge.judge(claim, new ClaimEvaluation(claim.id(), List.of(parts), "", List.of(), Instant.now(), Duration.ZERO)).kind();
    }
}
