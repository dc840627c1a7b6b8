package dev.gjallarhorn.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.claims.ClaimKind;
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

    @Test
    void anInconclusivePartCarriesTheReasonOfWhatCouldNotRun() {
        Verdict verdict = judge(Outcome.BLOCKED, "BC");
        assertThat(verdict.reason()).contains(Reason.TIMEOUT);
        assertThat(verdict.label()).isEqualTo("INCONCLUSIVE(timeout)");
        assertThat(judge(Outcome.BLOCKED, "").reason()).contains(Reason.NO_OBSERVATION);
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
        return Judge.judge(CLAIM, new ClaimEvaluation("C-X", List.of(parts), "", List.of(), Instant.now(), Duration.ZERO)).kind();
    }
}
