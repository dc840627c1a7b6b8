package dev.gjallarhorn.verdict;

import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.claims.ClaimedStatus;
import dev.gjallarhorn.probe.Outcome;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a claim says its attacks come to. Fixed, Mitigated and an existing control say the attack is
 * stopped; a Gap and an absent control say it works (so it "holds" when the attack succeeds). A Partial
 * claim says both, part by part, in its status text; {@link #forPart} reads what it says of one part.
 */
public final class Prediction {

    /** Where a Partial status text turns from one statement to the next. */
    private static final Pattern CLAUSE_BREAK = Pattern.compile(
            "[,;:()]|--|\\b(?:but|however|although|though|whereas|yet|and)\\b", Pattern.CASE_INSENSITIVE);
    private static final List<String> NEGATIONS = List.of("no", "not", "never", "none", "nor", "without", "cannot");

    private Prediction() {
    }

    public static Outcome forClaim(Claim claim) {
        return claim.status().predicts().orElseThrow(() -> new IllegalArgumentException(claim.id()
                + " is Partial: a scenario names what each of its parts predicts"));
    }

    /**
     * What the claim predicts for one of its parts. Any status but Partial predicts the same for every part
     * ({@link #forClaim}). A Partial status text, e.g. {@code Partial (read-only mount, but agent has read access)},
     * is cut into statements (at commas, semicolons, parentheses, "but", "and", …); a statement with a negation
     * ("no", "not", "without", "…n't", …) denies what it names, any other affirms it. The part is predicted
     * {@code ifAffirmed} where the statements that name {@code phrase} affirm it, the opposite where they all deny
     * it, and not at all where none names it or they disagree: a register that no longer says what the part
     * is about cannot have its words kept for it.
     *
     * @param phrase     the register's words for what the part is about, e.g. {@code read-only} or {@code rotated};
     *                   matched as whole words, case-insensitively, a hyphen standing for a space too
     * @param ifAffirmed the outcome of the part's attacks if what {@code phrase} names is so: {@code BLOCKED} for a
     *                   protection ({@code read-only}), {@code SUCCEEDED} for a weakness ({@code read access})
     */
    public static PartPrediction forPart(Claim claim, String phrase, Outcome ifAffirmed) {
        if (ifAffirmed == Outcome.COULD_NOT_RUN) {
            throw new IllegalArgumentException("a phrase affirmed means BLOCKED or SUCCEEDED, not COULD_NOT_RUN");
        }
        if (claim.status() != ClaimedStatus.PARTIAL) {
            return PartPrediction.of(forClaim(claim));
        }
        Pattern named = Pattern.compile("(?<![\\p{L}\\p{N}-])"
                + String.join("[-\\s]+", Arrays.stream(phrase.trim().split("[-\\s]+")).map(Pattern::quote).toList())
                + "(?![\\p{L}\\p{N}-])", Pattern.CASE_INSENSITIVE);
        List<String> naming = Arrays.stream(CLAUSE_BREAK.split(claim.statusText())).map(String::trim)
                .filter(s -> named.matcher(s).find()).toList();
        String said = "'" + claim.statusText() + "'";
        if (naming.isEmpty()) {
            return PartPrediction.unsaid(said + " no longer names '" + phrase + "'");
        }
        long denying = naming.stream().filter(Prediction::denies).count();
        if (denying == 0) {
            return PartPrediction.of(ifAffirmed);
        }
        if (denying == naming.size()) {
            return PartPrediction.of(ifAffirmed == Outcome.BLOCKED ? Outcome.SUCCEEDED : Outcome.BLOCKED);
        }
        return PartPrediction.unsaid(said + " both affirms and denies '" + phrase + "'");
    }

    /** Whether a statement carries a negation word. */
    static boolean denies(String statement) {
        String lower = statement.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        return lower.contains("n't") || Arrays.stream(lower.split("[^\\p{L}]+")).anyMatch(NEGATIONS::contains);
    }
}
