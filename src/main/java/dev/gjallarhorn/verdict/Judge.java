package dev.gjallarhorn.verdict;

import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns observations into verdicts. The rules, per part:
 * <ul>
 *   <li>a subject seen both getting through and being stopped is conflicting evidence, not an outcome;</li>
 *   <li>one attack that got through is proof: a part predicted BLOCKED is CONTRADICTED, a part predicted
 *       SUCCEEDED (a gap) HOLDS, whatever else could not run;</li>
 *   <li>otherwise any observation that could not run makes the part INCONCLUSIVE with its reason;</li>
 *   <li>otherwise all were stopped: a part predicted BLOCKED HOLDS, one predicted SUCCEEDED is STALE.</li>
 * </ul>
 * A claim is CONTRADICTED if any of its parts is, else INCONCLUSIVE if any is, else STALE if any is, else
 * it HOLDS. Control parts are judged for the report but never counted.
 *
 * <p>An undecided part or claim is {@code not-applicable-on-target} only when <em>everything</em> undecided in it
 * is: one part the target's kind rules out never hides a probe error or a timeout next to it. Otherwise it
 * carries the first reason that is not not-applicable, and an inconclusive claim's {@code why} names every
 * undecided part with its reason.
 */
public final class Judge {

    private Judge() {
    }

    public static Verdict judge(Claim claim, ClaimEvaluation evaluation) {
        if (evaluation == null) {
            return Verdict.notExercised(claim.id());
        }
        List<PartVerdict> parts = evaluation.parts().stream().map(Judge::judgePart).toList();
        List<PartVerdict> counted = parts.stream().filter(p -> p.role() == PartRole.CLAIM).toList();
        if (counted.isEmpty()) {
            return new Verdict(claim.id(), VerdictKind.INCONCLUSIVE, Optional.of(Reason.NO_OBSERVATION),
                    "the scenario observed nothing that bears on the claim", parts);
        }
        for (VerdictKind kind : List.of(VerdictKind.CONTRADICTED, VerdictKind.INCONCLUSIVE, VerdictKind.STALE)) {
            List<PartVerdict> deciding = counted.stream().filter(p -> p.kind() == kind).toList();
            if (!deciding.isEmpty()) {
                Optional<Reason> reason = kind == VerdictKind.INCONCLUSIVE
                        ? Optional.of(undecided(deciding.stream().map(p -> p.reason().orElseThrow()).toList())) : Optional.empty();
                String why = deciding.stream().map(p -> p.name() + p.reason().map(r -> " (" + r.slug() + ")").orElse("") + ": " + p.why())
                        .collect(Collectors.joining("; "));
                return new Verdict(claim.id(), kind, reason, why, parts);
            }
        }
        String why = counted.stream().map(p -> p.name() + ": " + p.why()).collect(Collectors.joining("; "));
        return new Verdict(claim.id(), VerdictKind.HOLDS, Optional.empty(), why, parts);
    }

    static PartVerdict judgePart(PartEvaluation part) {
        List<Observation> observations = resolveConflicts(part.observations());
        if (observations.isEmpty()) {
            return new PartVerdict(part.name(), part.role(), part.predicted(), VerdictKind.INCONCLUSIVE,
                    Optional.of(Reason.NO_OBSERVATION), "nothing was observed");
        }
        List<Observation> through = having(observations, Outcome.SUCCEEDED);
        List<Observation> stopped = having(observations, Outcome.BLOCKED);
        List<Observation> unknown = having(observations, Outcome.COULD_NOT_RUN);
        boolean predictedBlocked = part.predicted() == Outcome.BLOCKED;
        if (!through.isEmpty()) {
            VerdictKind kind = predictedBlocked ? VerdictKind.CONTRADICTED : VerdictKind.HOLDS;
            return new PartVerdict(part.name(), part.role(), part.predicted(), kind, Optional.empty(), "got through: " + subjects(through));
        }
        if (!unknown.isEmpty()) {
            Reason reason = undecided(unknown.stream().map(o -> o.reason().orElseThrow()).toList());
            return new PartVerdict(part.name(), part.role(), part.predicted(), VerdictKind.INCONCLUSIVE, Optional.of(reason),
                    "could not check " + unknown.stream().map(o -> o.subject() + " (" + o.reason().orElseThrow().slug() + ")")
                            .collect(Collectors.joining(", ")));
        }
        VerdictKind kind = predictedBlocked ? VerdictKind.HOLDS : VerdictKind.STALE;
        return new PartVerdict(part.name(), part.role(), part.predicted(), kind, Optional.empty(), "stopped: " + subjects(stopped));
    }

    /**
     * The reason for what could not be decided, given each undecided observation's or part's reason in order
     * (at least one): NOT_APPLICABLE_ON_TARGET if every one is, else the first that is not.
     */
    static Reason undecided(List<Reason> reasons) {
        return reasons.stream().filter(r -> r != Reason.NOT_APPLICABLE_ON_TARGET).findFirst().orElse(reasons.get(0));
    }

    /** A subject observed both ways is replaced by one CONFLICTING_EVIDENCE observation. */
    private static List<Observation> resolveConflicts(List<Observation> observations) {
        Map<String, List<Observation>> bySubject = new LinkedHashMap<>();
        for (Observation o : observations) {
            bySubject.computeIfAbsent(o.subject(), s -> new ArrayList<>()).add(o);
        }
        List<Observation> resolved = new ArrayList<>();
        for (Map.Entry<String, List<Observation>> entry : bySubject.entrySet()) {
            Set<Outcome> outcomes = EnumSet.noneOf(Outcome.class);
            entry.getValue().forEach(o -> outcomes.add(o.outcome()));
            if (outcomes.contains(Outcome.SUCCEEDED) && outcomes.contains(Outcome.BLOCKED)) {
                resolved.add(Observation.couldNotRun(entry.getKey(), Reason.CONFLICTING_EVIDENCE,
                        entry.getValue().stream().map(Observation::detail).collect(Collectors.joining(" vs "))));
            } else {
                resolved.addAll(entry.getValue());
            }
        }
        return resolved;
    }

    private static List<Observation> having(List<Observation> observations, Outcome outcome) {
        return observations.stream().filter(o -> o.outcome() == outcome).toList();
    }

    private static String subjects(List<Observation> observations) {
        return observations.stream().map(Observation::subject).collect(Collectors.joining(", "));
    }
}
