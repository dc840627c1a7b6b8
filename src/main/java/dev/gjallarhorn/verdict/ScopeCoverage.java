package dev.gjallarhorn.verdict;

import dev.gjallarhorn.claims.ClaimScope;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which dimensions of a claim's scope one evaluation covered. A dimension is
 * <ul>
 *   <li>{@link Status#COVERED} when one of its parts is in the evaluation, whatever that part's verdict (a part that
 *       could not run, or is not applicable on this target, was still considered);</li>
 *   <li>{@link Status#UNCOVERED} when an attack of it ran (one of that attack's parts, as the scope names them, is in
 *       the evaluation) but none of the dimension's parts is: it becomes an undecided part of the claim,
 *       {@code scope: NAME}, INCONCLUSIVE(no-observation);</li>
 *   <li>{@link Status#NOT_RUN} when none of its attacks ran (a run narrowed to some tests): listed, not judged.</li>
 * </ul>
 * A claim whose evaluation holds no part the scope knows gets nothing added: its scenario's parts are not in the
 * scope (a user's own claim, a test's stand-in part), and the unit test of the scope keeps the scope's part names
 * in step with the scenarios'.
 */
public final class ScopeCoverage {

    /** The name of a dimension's undecided part starts with this. */
    public static final String PREFIX = "scope: ";

    public enum Status { COVERED, UNCOVERED, NOT_RUN }

    /** One dimension and what covered it: the covering parts (COVERED), else the attacks that ran (UNCOVERED) or none. */
    public record Dimension(ClaimScope.Dimension dimension, Status status, List<PartEvaluation> parts, Set<String> ran) {
        public Dimension {
            parts = List.copyOf(parts);
            ran = Set.copyOf(ran);
        }
    }

    private ScopeCoverage() {
    }

    public static List<Dimension> of(ClaimScope scope, List<PartEvaluation> parts) {
        List<PartEvaluation> judged = parts.stream().filter(p -> !p.name().startsWith(PREFIX)).toList();
        Set<String> ran = new LinkedHashSet<>();
        judged.forEach(p -> ran.addAll(scope.attacksOf(p.name())));
        List<Dimension> dimensions = new ArrayList<>();
        for (ClaimScope.Dimension d : scope.dimensions()) {
            List<PartEvaluation> covering = judged.stream().filter(p -> d.coveredBy(p.name())).toList();
            Set<String> itsRan = new LinkedHashSet<>(d.attacks());
            itsRan.retainAll(ran);
            Status status = !covering.isEmpty() ? Status.COVERED : itsRan.isEmpty() ? Status.NOT_RUN : Status.UNCOVERED;
            dimensions.add(new Dimension(d, status, covering, itsRan));
        }
        return dimensions;
    }

    /**
     * The evaluation with one undecided part per {@link Status#UNCOVERED} dimension added; the same evaluation when
     * every dimension is covered or not run. {@code predicted} only stands in: a part that could not run is judged
     * INCONCLUSIVE whatever was predicted.
     */
    public static ClaimEvaluation complete(ClaimScope scope, ClaimEvaluation evaluation, Outcome predicted) {
        List<PartEvaluation> added = of(scope, evaluation.parts()).stream().filter(d -> d.status() == Status.UNCOVERED)
                .map(d -> PartEvaluation.claim(PREFIX + d.dimension().name(), predicted, List.of(Observation.couldNotRun(d.dimension().name(),
                        Reason.NO_OBSERVATION, "an attack of it ran (" + String.join(", ", d.ran()) + ") but no part that covers it is in"
                                + " this run's evaluation (" + String.join("; ", d.dimension().coveredBy().stream()
                                .flatMap(c -> c.parts().stream()).distinct().toList()) + ")"))))
                .toList();
        if (added.isEmpty()) {
            return evaluation;
        }
        List<PartEvaluation> parts = new ArrayList<>(evaluation.parts().stream().filter(p -> !p.name().startsWith(PREFIX)).toList());
        parts.addAll(added);
        return new ClaimEvaluation(evaluation.claimId(), parts, evaluation.observed(), evaluation.evidence(), evaluation.startedAt(),
                evaluation.elapsed(), evaluation.labels());
    }
}
