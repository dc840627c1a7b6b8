package dev.gjallarhorn.junit;

import dev.gjallarhorn.claims.Claim;

/** Allure severity from the register's risk score (L x I, 1 to 25); controls without a score are "normal". */
final class Severities {

    private Severities() {
    }

    static String of(Claim claim) {
        if (claim.risk().isEmpty()) {
            return "normal";
        }
        int risk = claim.risk().getAsInt();
        if (risk >= 16) {
            return "blocker";
        }
        if (risk >= 12) {
            return "critical";
        }
        if (risk >= 8) {
            return "normal";
        }
        return risk >= 4 ? "minor" : "trivial";
    }
}
