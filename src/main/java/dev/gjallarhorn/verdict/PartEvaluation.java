package dev.gjallarhorn.verdict;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import java.util.List;
import java.util.Objects;

/**
 * One named part of a claim, what the claim predicts for its attacks and what was observed.
 *
 * @param predicted {@link Outcome#BLOCKED} where the claim says the attack is stopped (Fixed, Mitigated,
 *                  a control that exists), {@link Outcome#SUCCEEDED} where it says the attack works (Gap,
 *                  a control that does not exist)
 */
public record PartEvaluation(String name, PartRole role, Outcome predicted, List<Observation> observations) {

    public PartEvaluation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if (predicted == Outcome.COULD_NOT_RUN) {
            throw new IllegalArgumentException("a claim predicts BLOCKED or SUCCEEDED, not COULD_NOT_RUN");
        }
        observations = List.copyOf(observations);
    }

    public static PartEvaluation claim(String name, Outcome predicted, List<Observation> observations) {
        return new PartEvaluation(name, PartRole.CLAIM, predicted, observations);
    }

    /**
     * A claim part predicted by the claim's own words ({@link Prediction#forPart}). Where they predict nothing, the
     * part cannot be judged: its one observation is could-not-run (precondition-unmet) with why, what was seen
     * kept in its detail; its {@code predicted} (BLOCKED) is only a stand-in that nothing is judged against.
     */
    public static PartEvaluation claim(String name, PartPrediction prediction, List<Observation> observations) {
        if (prediction.outcome().isPresent()) {
            return claim(name, prediction.outcome().get(), observations);
        }
        String seen = observations.isEmpty() ? "nothing" : observations.stream().map(Observation::toString)
                .collect(java.util.stream.Collectors.joining("; "));
        return claim(name, Outcome.BLOCKED, List.of(Observation.couldNotRun("the register's status: " + prediction.unsaid(),
                dev.gjallarhorn.probe.Reason.PRECONDITION_UNMET, "the register's words predict nothing for this part; seen: " + seen)));
    }

    public static PartEvaluation control(String name, List<Observation> observations) {
        return new PartEvaluation(name, PartRole.CONTROL, Outcome.SUCCEEDED, observations);
    }

    /** A finding shown with the claim but not judged against it; {@code worse} is the outcome that would be bad news. */
    public static PartEvaluation note(String name, Outcome worse, List<Observation> observations) {
        return new PartEvaluation(name, PartRole.NOTE, worse == Outcome.SUCCEEDED ? Outcome.BLOCKED : Outcome.SUCCEEDED, observations);
    }
}
