package dev.gjallarhorn.report;

import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.verdict.VerdictBook;
import dev.gjallarhorn.verdict.VerdictKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The gateway's own audit set beside this run's verdicts, finding by finding and claim by claim:
 * <ul>
 *   <li><b>corroborated</b>: a warning or critical finding of the audit speaks to a claim whose verdict shows the same
 *       weakness (CONTRADICTED, or a known gap that HOLDS);</li>
 *   <li><b>coverage gap</b>: a warning or critical finding no verdict of this run shows: a claim it speaks to came out
 *       otherwise (no attack of ours tried it), or no claim covers it (an unregistered finding). A defect of ours to
 *       close, or to list with the reason it is not attacked;</li>
 *   <li><b>audit blind spot</b>: a claim this run CONTRADICTED that no warning or critical finding speaks to.</li>
 * </ul>
 * Info findings only describe; they are listed apart.
 *
 * @param notRun why there is no audit to compare, if there is none
 */
public record VendorAuditComparison(Optional<String> notRun, List<Row> corroborated, List<Row> coverageGaps, List<Row> blindSpots,
                                    List<VendorAudit.Finding> described, VendorAudit audit) {

    /**
     * One line of a list.
     *
     * @param finding the audit's finding; null for a blind spot
     * @param claims  the claims it speaks to (a blind spot: the contradicted claim)
     * @param ours    what this run's verdicts say of those claims
     */
    public record Row(VendorAudit.Finding finding, List<String> claims, String why, String ours) {
    }

    public static VendorAuditComparison of(VendorAudit audit, List<VerdictBook.Entry> entries, VendorAuditClaims rules) {
        if (audit.notRun().isPresent()) {
            return new VendorAuditComparison(audit.notRun(), List.of(), List.of(), List.of(), List.of(), audit);
        }
        Map<String, VerdictBook.Entry> byId = new LinkedHashMap<>();
        entries.forEach(e -> byId.put(e.claim().id(), e));
        List<Row> corroborated = new ArrayList<>();
        List<Row> gaps = new ArrayList<>();
        Set<String> spokenTo = new LinkedHashSet<>();
        for (VendorAudit.Finding f : audit.findings()) {
            if (!f.flagsSomething()) {
                continue;
            }
            VendorAuditClaims.Mapping m = rules.of(f);
            spokenTo.addAll(m.claims());
            List<String> shown = m.claims().stream().filter(id -> byId.containsKey(id) && showsWeakness(byId.get(id))).toList();
            if (!shown.isEmpty()) {
                corroborated.add(new Row(f, m.claims(), m.why(), verdicts(shown, byId)));
            } else {
                gaps.add(new Row(f, m.claims(), m.why(), m.claims().isEmpty() ? "no claim of the threat model covers it (an unregistered finding)"
                        : verdicts(m.claims(), byId) + ": " + whyNotShown(m.claims(), byId)));
            }
        }
        List<Row> blind = entries.stream().filter(e -> e.verdict().kind() == VerdictKind.CONTRADICTED && !spokenTo.contains(e.claim().id()))
                .map(e -> new Row(null, List.of(e.claim().id()), e.claim().title(), VerdictKind.CONTRADICTED.label() + ": " + e.verdict().why()))
                .toList();
        List<VendorAudit.Finding> described = audit.findings().stream().filter(f -> !f.flagsSomething()).toList();
        return new VendorAuditComparison(Optional.empty(), corroborated, gaps, blind, described, audit);
    }

    /** Whether the verdict shows a weakness: the claim is CONTRADICTED, or it is a known gap (Gap, Absent) that HOLDS. */
    static boolean showsWeakness(VerdictBook.Entry e) {
        VerdictKind kind = e.verdict().kind();
        Claim claim = e.claim();
        return kind == VerdictKind.CONTRADICTED || kind == VerdictKind.HOLDS && claim.status().predicts().equals(Optional.of(Outcome.SUCCEEDED));
    }

    /** Why no verdict shows the finding: decided otherwise, undecided (the attack could not tell), or not attacked. */
    private static String whyNotShown(List<String> ids, Map<String, VerdictBook.Entry> byId) {
        List<VerdictKind> kinds = ids.stream().filter(byId::containsKey).map(id -> byId.get(id).verdict().kind()).toList();
        if (kinds.stream().anyMatch(k -> k == VerdictKind.HOLDS || k == VerdictKind.STALE)) {
            return "no attack of this run showed it";
        }
        if (kinds.contains(VerdictKind.INCONCLUSIVE)) {
            return "attacked, but this run could not tell";
        }
        return "not attacked in this run";
    }

    private static String verdicts(List<String> ids, Map<String, VerdictBook.Entry> byId) {
        return ids.stream().map(id -> id + " " + (byId.containsKey(id) ? byId.get(id).verdict().label() : "not in this threat model"))
                .collect(Collectors.joining(", "));
    }

    /**
     * The counts, for run.json: findings, and the length of each list; {@code unseen}, the gateway's OPENCLAW_ settings
     * the audit ran without, where it could not be given the gateway's environment.
     */
    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        notRun.ifPresent(why -> s.put("notRun", why));
        s.put("findings", audit.findings().size());
        s.put("corroborated", corroborated.size());
        s.put("coverageGaps", coverageGaps.size());
        s.put("blindSpots", blindSpots.size());
        audit.evidence().ifPresent(p -> s.put("evidence", p.toString()));
        if (!audit.unseen().isEmpty()) {
            s.put("unseen", audit.unseen());
        }
        return s;
    }
}
