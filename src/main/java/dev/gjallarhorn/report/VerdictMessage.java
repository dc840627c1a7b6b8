package dev.gjallarhorn.report;

import dev.gjallarhorn.verdict.VerdictKind;
import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.verdict.Verdict;

/**
 * The one-line status message of a claim's verdict, as the Allure report shows it and as its categories
 * ({@link AllureCategories}) match it: it starts with the verdict, so each verdict (and each inconclusive
 * reason, and a known gap) lands in its own category.
 * <pre>
 * CONTRADICTED: C-FIREWALL (claimed Exists): …
 * INCONCLUSIVE(oracle-blind): T-001: …
 * STALE: N-RATE-LIMITING (claimed Absent) is better than claimed: …
 * HOLDS (known gap): T-002 (claimed Gap): the gap is real: …
 * HOLDS: T-001: …
 * NOT_EXERCISED: T-004: …
 * </pre>
 */
public final class VerdictMessage {

    /** The start of a known gap's message. */
    public static final String KNOWN_GAP = VerdictKind.HOLDS.label() + " (known gap): ";

    private VerdictMessage() {
    }

    public static String of(Claim claim, Verdict verdict) {
        String why = verdict.why();
        String claimed = " (claimed " + claim.status().word() + ")";
        return switch (verdict.kind()) {
            case CONTRADICTED -> VerdictKind.CONTRADICTED.messagePrefix() + claim.id() + claimed + ": " + why;
            case INCONCLUSIVE -> verdict.label() + ": " + claim.id() + ": " + why;
            case STALE -> VerdictKind.STALE.messagePrefix() + claim.id() + claimed + " is better than claimed: " + why;
            case HOLDS -> KnownGap.confirmed(claim, verdict.kind())
                    ? KNOWN_GAP + claim.id() + claimed + ": the gap is real: " + why
                    : VerdictKind.HOLDS.messagePrefix() + claim.id() + ": " + why;
            case NOT_EXERCISED -> VerdictKind.NOT_EXERCISED.messagePrefix() + claim.id() + ": " + why;
        };
    }

    /** Whether a status message is one of these (a verdict), not a harness fault's. */
    public static boolean isVerdict(String message) {
        return VerdictKind.ofMessage(message).isPresent();
    }
}
