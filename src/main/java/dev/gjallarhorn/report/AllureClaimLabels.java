package dev.gjallarhorn.report;

import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.claims.Stride;
import dev.gjallarhorn.verdict.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Allure labels that say what a claim is and how it came out, all taken from the register and the verdict:
 * {@code epic} ({@link StrideEpic}), {@code story} and {@code claim} (its id), {@code claimed}, {@code verdict},
 * {@code severity} ({@link Severity}), one {@code stride} label per STRIDE category of the claim, a {@code tag}
 * {@code also: CATEGORY} for each category after the first, and the {@code tag} {@value KnownGap#TAG} for a
 * confirmed gap. {@code observed} is added by the caller (it needs the redacted observation).
 */
public final class AllureClaimLabels {

    /** The names this class decides; any earlier value of them on a result is replaced. */
    public static final Set<String> NAMES = Set.of("epic", "story", "claim", "claimed", "verdict", "severity", "stride");

    private AllureClaimLabels() {
    }

    /** Label name to values, in the order they should appear. */
    public static Map<String, List<String>> of(Claim claim, Verdict verdict) {
        Map<String, List<String>> labels = new LinkedHashMap<>();
        put(labels, "epic", StrideEpic.of(claim));
        put(labels, "story", claim.id());
        put(labels, "claim", claim.id());
        put(labels, "claimed", claim.status().word());
        put(labels, "verdict", verdict.label());
        put(labels, "severity", Severity.allure(claim, verdict.kind()));
        for (Stride stride : claim.stride()) {
            put(labels, "stride", stride.title());
        }
        for (Stride other : StrideEpic.others(claim)) {
            put(labels, "tag", "also: " + other.title());
        }
        if (KnownGap.confirmed(claim, verdict.kind())) {
            put(labels, "tag", KnownGap.TAG);
        }
        return labels;
    }

    /** The tags this class adds for a claim (so a re-labelling can drop stale ones). */
    public static boolean isClaimTag(String value) {
        return value.equals(KnownGap.TAG) || value.startsWith("also: ");
    }

    private static void put(Map<String, List<String>> labels, String name, String value) {
        labels.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
}
