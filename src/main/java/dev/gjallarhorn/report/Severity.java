package dev.gjallarhorn.report;

import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.verdict.VerdictKind;

/**
 * How loudly a claim's verdict should ring, as an Allure severity word and as a SARIF {@code security-severity}
 * (0.0 to 10.0; GitHub shows 9.0 and above as critical, 7.0 to 8.9 as high).
 *
 * <p>The register's risk score (likelihood x impact) rates a threat <em>as the claim describes it</em>; once the
 * claimed control is seen failing, the likelihood the register assumed no longer holds, so a contradiction is
 * rated by the claim's stakes instead: every CONTRADICTED claim is at least {@code critical}, and
 * {@code blocker} where the register scores its risk 16 or more or its impact 5 (controls carry no score and stay
 * {@code critical}). A verdict that needs no action never alarms: HOLDS (a known gap included: it is the
 * register's accepted risk) is {@code trivial}; STALE (an edit to make) and NOT_EXERCISED (coverage to add) are
 * {@code minor}; INCONCLUSIVE (to look at) is {@code normal}.
 */
public final class Severity {

    private Severity() {
    }

    /** The Allure severity: blocker, critical, normal, minor or trivial. */
    public static String allure(Claim claim, VerdictKind verdict) {
        return switch (verdict) {
            case CONTRADICTED -> highStakes(claim) ? "blocker" : "critical";
            case INCONCLUSIVE -> "normal";
            case STALE, NOT_EXERCISED -> "minor";
            case HOLDS -> "trivial";
        };
    }

    /** SARIF {@code security-severity} of a CONTRADICTED claim (9.5 blocker, 8.0 critical); empty for any other verdict. */
    public static java.util.Optional<String> securitySeverity(Claim claim, VerdictKind verdict) {
        if (verdict != VerdictKind.CONTRADICTED) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(highStakes(claim) ? "9.5" : "8.0");
    }

    private static boolean highStakes(Claim claim) {
        return claim.risk().isPresent() && (claim.risk().getAsInt() >= 16 || claim.impact() >= 5);
    }
}
