package dev.gjallarhorn.verdict;

import dev.gjallarhorn.probe.Outcome;
import java.util.Objects;
import java.util.Optional;

/**
 * What a claim's document predicts for one part of it ({@link Prediction#forPart}): an outcome, or, where its words
 * say nothing of the part any more, why not.
 *
 * @param outcome {@code BLOCKED} or {@code SUCCEEDED}; empty where the document predicts nothing for the part
 * @param unsaid  why there is no outcome, e.g. {@code 'Partial (…)' no longer names 'read-only'} (empty where there is one)
 */
public record PartPrediction(Optional<Outcome> outcome, String unsaid) {

    public PartPrediction {
        Objects.requireNonNull(outcome, "outcome");
        unsaid = unsaid == null ? "" : unsaid;
        if (outcome.isPresent() == !unsaid.isEmpty()) {
            throw new IllegalArgumentException("a part prediction has an outcome or says why it has none, not both or neither");
        }
        if (outcome.filter(o -> o == Outcome.COULD_NOT_RUN).isPresent()) {
            throw new IllegalArgumentException("a claim predicts BLOCKED or SUCCEEDED, not COULD_NOT_RUN");
        }
    }

    public static PartPrediction of(Outcome outcome) {
        return new PartPrediction(Optional.of(outcome), "");
    }

    public static PartPrediction unsaid(String why) {
        return new PartPrediction(Optional.empty(), why);
    }
}
