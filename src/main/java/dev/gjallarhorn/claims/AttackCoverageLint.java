package dev.gjallarhorn.claims;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Relates a threat model to the claims the attack suite can attack. An attack whose claim is not in the
 * document is an <em>orphan</em> (skipped, and listed); an orphan for which the document holds a claim of the
 * same kind whose id is nearly the same ({@code C-FIREWAL} for {@code C-FIREWALL}, {@code C-FIREWALL-UFW} for
 * {@code C-FIREWALL}) is a typo that would silently drop the attack, so it stops the run with the line.
 */
public final class AttackCoverageLint {

    private AttackCoverageLint() {
    }

    /** Attacked claim ids (to the attack that covers each) that this document does not have. */
    public static List<String> orphans(ThreatModel model, Map<String, String> attacks) {
        return attacks.keySet().stream().filter(id -> model.claim(id).isEmpty()).sorted().toList();
    }

    /** Throws a {@link ThreatModelError} at the line of the first claim that looks like a mistyped attacked claim. */
    public static void requireNoNearMiss(ThreatModel model, Map<String, String> attacks) {
        for (String orphan : orphans(model, attacks)) {
            nearMiss(model, orphan).ifPresent(claim -> {
                throw new ThreatModelError(model.source(), claim.line(), "'" + claim.title() + "' gets the id " + claim.id()
                        + ", which is nearly " + orphan + " (attacked by " + attacks.get(orphan) + "); as written, that attack would be skipped."
                        + " Correct the name, or narrow the run on purpose with -Dgjallarhorn.claims");
            });
        }
    }

    static Optional<Claim> nearMiss(ThreatModel model, String orphan) {
        String prefix = orphan.substring(0, orphan.indexOf('-') + 1);
        return model.claims().stream()
                .filter(c -> c.id().startsWith(prefix))
                .filter(c -> distance(c.id(), orphan) <= 2 || c.id().startsWith(orphan + "-") || orphan.startsWith(c.id() + "-"))
                .findFirst();
    }

    private static int distance(String a, String b) {
        return LevenshteinDistance.getDefaultInstance().apply(a.toLowerCase(Locale.ROOT), b.toLowerCase(Locale.ROOT));
    }

    /** Every orphan with the attack that covers it, for the report: {@code C-FIREWALL (FirewallEgressAttack)}. */
    public static List<String> describe(List<String> orphans, Map<String, String> attacks) {
        List<String> out = new ArrayList<>();
        orphans.forEach(o -> out.add(o + " (" + attacks.get(o) + ")"));
        return out;
    }
}
