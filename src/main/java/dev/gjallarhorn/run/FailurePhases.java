package dev.gjallarhorn.run;

import java.util.Locale;
import java.util.Optional;

/** Which API failures the agent channel provokes ({@code -Dgjallarhorn.agentChannel.failures}). */
public enum FailurePhases {
    /** A few Bot API and model API failures, about a minute (the default). */
    QUICK,
    /** Every failure phase, about 5 minutes more. */
    ALL,
    /** None: the failure attack says it was not run. */
    OFF;

    /** The value as a user writes it, any case; {@code false} means {@link #OFF}. Empty for anything else. */
    public static Optional<FailurePhases> parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "quick" -> Optional.of(QUICK);
            case "all" -> Optional.of(ALL);
            case "off", "false" -> Optional.of(OFF);
            default -> Optional.empty();
        };
    }

    /** {@code quick}, {@code all} or {@code off}: the word the setting takes. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
