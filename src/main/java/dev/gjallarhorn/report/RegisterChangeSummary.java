package dev.gjallarhorn.report;

import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.claims.ThreatModelChange;
import dev.gjallarhorn.verdict.VerdictKind;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The job summary of a register-change run (Markdown): for every claim the edit touches, what the base document
 * claims, what the edit claims, the verdict this run observed under the edit, and the verdict the base wording
 * gets from the same observations ({@link PredictedVerdict}), so a reviewer reads "this edit claims T-002 Mitigated;
 * the harness observes CONTRADICTED" before merging.
 */
public final class RegisterChangeSummary {

    private RegisterChangeSummary() {
    }

    /**
     * @param verdicts the verdict label per claim id of this run (verdicts.json); a claim absent from it was not run
     * @param attacked the claim ids the attack suite can attack
     */
    public static String render(String file, List<ThreatModelChange> changes, Map<String, String> verdicts, Set<String> attacked, String runId) {
        StringBuilder md = new StringBuilder("## Register change: predicted verdicts\n\n");
        if (changes.isEmpty()) {
            return md.append("The change does not touch any claim of `").append(file).append("`.\n").toString();
        }
        md.append("Claims of `").append(file).append("` this change touches, judged on the target by run `").append(runId)
                .append("` (only their attacks ran).\n\n");
        md.append("| Claim | Change | Base claims | This change claims | Observed under this change | Base wording would read | Meaning |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (ThreatModelChange change : changes) {
            String before = change.before().map(c -> c.status().word()).orElse("(absent)");
            String after = change.after().map(c -> c.status().word()).orElse("(removed)");
            String observed = change.after().isEmpty() ? "not judged (removed)"
                    : !attacked.contains(change.id()) ? VerdictKind.NOT_EXERCISED.label() + " (no attack covers it)"
                    : verdicts.getOrDefault(change.id(), "not run");
            String base = change.before().isPresent() && change.after().isPresent() && verdicts.containsKey(change.id())
                    ? PredictedVerdict.under(change.before().get().status(), change.after().get().status(), verdicts.get(change.id()))
                            .orElse("cannot tell (Partial is judged part by part)")
                    : "-";
            md.append("| ").append(change.id()).append(" | ").append(change.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                    .append(" | ").append(before).append(" | ").append(after).append(" | **").append(observed).append("** | ")
                    .append(base).append(" | ").append(meaning(change, observed)).append(" |\n");
        }
        return md.toString();
    }

    private static String meaning(ThreatModelChange change, String observed) {
        Claim after = change.after().orElse(null);
        if (after == null) {
            return "the claim leaves the register";
        }
        if (VerdictKind.CONTRADICTED.names(observed)) {
            return "this edit claims " + after.id() + " " + after.status().word() + ", the sandbox does worse: an attack got through";
        }
        if (VerdictKind.STALE.names(observed)) {
            return "this edit claims less than the sandbox does: the attack was stopped";
        }
        if (VerdictKind.HOLDS.names(observed)) {
            return "this edit matches the sandbox";
        }
        return "not decided by this run";
    }
}
