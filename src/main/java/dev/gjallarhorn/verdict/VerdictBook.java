package dev.gjallarhorn.verdict;

import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.claims.ClaimScopes;
import dev.gjallarhorn.claims.ThreatModel;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.Judge;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.ScopeCoverage;
import dev.gjallarhorn.verdict.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The verdicts of one run, one per claim of the threat model. Several scenarios may bear on one claim;
 * their parts are judged together, so one contradiction anywhere contradicts the claim. A verdict imposed on a
 * claim (an attack of it that could not finish: INCONCLUSIVE with its reason) outweighs what its other attacks
 * observed, except a contradiction: a claim one of whose attacks broke off never HOLDS.
 *
 * <p>What is judged is completed by the claim's written scope ({@link ClaimScopes}): a dimension of it that an attack
 * which ran did not cover is one more undecided part of the claim ({@link ScopeCoverage#complete}).
 */
public final class VerdictBook {

    /** A claim, its verdict, and what it was judged from (empty when no scenario ran for it). */
    public record Entry(Claim claim, Verdict verdict, Optional<ClaimEvaluation> evaluation) {
    }

    private final ThreatModel model;
    private final ClaimScopes scopes;
    private final Map<String, List<ClaimEvaluation>> evaluations = new LinkedHashMap<>();
    private final Map<String, Verdict> imposed = new LinkedHashMap<>();

    public VerdictBook(ThreatModel model) {
        this(model, ClaimScopes.bundled());
    }

    public VerdictBook(ThreatModel model, ClaimScopes scopes) {
        this.model = model;
        this.scopes = scopes;
    }

    /** The scopes this book completes evaluations with. */
    public ClaimScopes scopes() {
        return scopes;
    }

    public synchronized Verdict record(ClaimEvaluation evaluation) {
        Claim claim = model.require(evaluation.claimId());
        evaluations.computeIfAbsent(claim.id(), id -> new ArrayList<>()).add(evaluation);
        return Judge.judge(claim, completed(claim, merged(claim.id())));
    }

    /** A verdict that does not come from observations, e.g. INCONCLUSIVE(target-unreachable). */
    public synchronized void impose(Verdict verdict) {
        imposed.put(verdict.claimId(), verdict);
    }

    public synchronized List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        for (Claim claim : model.claims()) {
            ClaimEvaluation evaluation = completed(claim, merged(claim.id()));
            Verdict judged = evaluation != null ? Judge.judge(claim, evaluation) : null;
            Verdict forced = imposed.get(claim.id());
            Verdict verdict;
            if (judged == null) {
                verdict = forced != null ? forced : Verdict.notExercised(claim.id());
            } else if (forced != null && judged.kind() != dev.gjallarhorn.verdict.VerdictKind.CONTRADICTED) {
                verdict = new Verdict(claim.id(), forced.kind(), forced.reason(), forced.why() + "; what its other attacks saw: " + judged.why(),
                        judged.parts());
            } else {
                verdict = judged;
            }
            entries.add(new Entry(claim, verdict, Optional.ofNullable(evaluation)));
        }
        return entries;
    }

    private ClaimEvaluation completed(Claim claim, ClaimEvaluation evaluation) {
        if (evaluation == null) {
            return null;
        }
        // the undecided part is judged INCONCLUSIVE whatever it predicts; a Partial claim predicts per part, so BLOCKED stands in
        Outcome predicted = claim.status().predicts().orElse(Outcome.BLOCKED);
        return scopes.of(claim.id()).map(scope -> ScopeCoverage.complete(scope, evaluation, predicted)).orElse(evaluation);
    }

    private ClaimEvaluation merged(String claimId) {
        List<ClaimEvaluation> list = evaluations.get(claimId);
        if (list == null || list.isEmpty()) {
            return null;
        }
        if (list.size() == 1) {
            return list.get(0);
        }
        List<PartEvaluation> parts = new ArrayList<>();
        List<Path> evidence = new ArrayList<>();
        List<String> observed = new ArrayList<>();
        Map<String, String> labels = new LinkedHashMap<>();
        Duration elapsed = Duration.ZERO;
        for (ClaimEvaluation e : list) {
            labels.putAll(e.labels());
            // the same part judged from the same observations by two tests is one part
            e.parts().stream().filter(p -> !parts.contains(p)).forEach(parts::add);
            evidence.addAll(e.evidence());
            observed.add(e.observed());
            elapsed = elapsed.plus(e.elapsed());
        }
        Instant started = list.stream().map(ClaimEvaluation::startedAt).min(Comparator.naturalOrder()).orElseThrow();
        return new ClaimEvaluation(claimId, parts, String.join("; ", observed.stream().distinct().toList()), evidence.stream().distinct().toList(),
                started, elapsed, labels);
    }
}
