package dev.gjallarhorn.claims;

import dev.gjallarhorn.probe.Outcome;
import java.util.Locale;
import java.util.Optional;

/**
 * The status a threat model gives a claim. Register rows say Fixed, Mitigated, Partial or Gap; a
 * control list says Exists or Absent by the list it is in.
 */
public enum ClaimedStatus {
    FIXED("Fixed"),
    MITIGATED("Mitigated"),
    PARTIAL("Partial"),
    GAP("Gap"),
    EXISTS("Exists"),
    ABSENT("Absent");

    private final String word;

    ClaimedStatus(String word) {
        this.word = word;
    }

    /** The word as the register writes it. */
    public String word() {
        return word;
    }

    /**
     * What this status says the claim's attacks come to: Fixed, Mitigated and Exists say they are stopped
     * (BLOCKED); Gap and Absent say they work (SUCCEEDED). Empty for Partial, which says both, part by part.
     */
    public Optional<Outcome> predicts() {
        return switch (this) {
            case FIXED, MITIGATED, EXISTS -> Optional.of(Outcome.BLOCKED);
            case GAP, ABSENT -> Optional.of(Outcome.SUCCEEDED);
            case PARTIAL -> Optional.empty();
        };
    }

    /** The register's status words only (not Exists/Absent, which come from the lists). */
    public static Optional<ClaimedStatus> ofRegisterWord(String word) {
        String w = word.trim().toLowerCase(Locale.ROOT);
        for (ClaimedStatus status : new ClaimedStatus[] {FIXED, MITIGATED, PARTIAL, GAP}) {
            if (status.word.toLowerCase(Locale.ROOT).equals(w)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
