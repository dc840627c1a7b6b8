package dev.gjallarhorn.verdict;

import dev.gjallarhorn.probe.Reason;
import java.util.Optional;

/**
 * How reality compares with what the threat model claims (see DESIGN.md, "verdict"). The one place that knows how
 * a verdict is spelled: its label ({@code HOLDS}, {@code INCONCLUSIVE(timeout)}) as reports and files write it, the
 * prefix of a JUnit message that carries it, and how a written label is read back. Every other class asks it.
 */
public enum VerdictKind {
    /** Reality matches the claim. For a Gap or an absent control: the attack succeeded, the gap is real. */
    HOLDS,
    /** Reality is worse than claimed: something the claim says is stopped got through. Fails the run. */
    CONTRADICTED,
    /** Reality is better than claimed: a gap is closed. Passes, but the register needs an edit. */
    STALE,
    /** A probe could not run or oracles disagree; carries a reason. Never a pass. */
    INCONCLUSIVE,
    /** No scenario covers the claim (yet). */
    NOT_EXERCISED;

    /**
     * The labels as compile-time constants, for the one place a value must be constant (an annotation's text, such
     * as a command's help); each equals {@link #label()} of its kind.
     */
    public static final class Words {
        public static final String HOLDS = "HOLDS";
        public static final String CONTRADICTED = "CONTRADICTED";
        public static final String STALE = "STALE";
        public static final String INCONCLUSIVE = "INCONCLUSIVE";

        private Words() {
        }
    }

    /** The word as written: {@code HOLDS}, {@code NOT_EXERCISED}. */
    public String label() {
        return name();
    }

    /** The label with its reason, if any: {@code INCONCLUSIVE(timeout)}, {@code HOLDS}. */
    public String label(Optional<Reason> reason) {
        return name() + reason.map(r -> "(" + r.slug() + ")").orElse("");
    }

    /** The start of a JUnit message carrying this verdict: {@code CONTRADICTED: }. */
    public String messagePrefix() {
        return name() + ": ";
    }

    /** The start of a JUnit message carrying an inconclusive verdict: {@code INCONCLUSIVE(timeout): }. */
    public static String inconclusivePrefix(Reason reason) {
        return INCONCLUSIVE.label(Optional.of(reason)) + ": ";
    }

    /** Whether this verdict is decided (HOLDS, STALE or CONTRADICTED): one that can serve as last-known-good. */
    public boolean decided() {
        return this == HOLDS || this == STALE || this == CONTRADICTED;
    }

    /**
     * The verdict a written label names: the word before any {@code (reason)}, e.g. INCONCLUSIVE for
     * {@code INCONCLUSIVE(timeout)}; empty for null, {@code NOTED} or any other text.
     */
    public static Optional<VerdictKind> ofLabel(String label) {
        if (label == null) {
            return Optional.empty();
        }
        int paren = label.indexOf('(');
        String word = paren < 0 ? label : label.substring(0, paren);
        for (VerdictKind kind : values()) {
            if (kind.name().equals(word)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /**
     * The verdict a JUnit status message starts with: {@code CONTRADICTED: …}, {@code INCONCLUSIVE(timeout): …},
     * {@code HOLDS: …} or {@code HOLDS (known gap): …}; empty for null or any other message (a harness fault's).
     */
    public static Optional<VerdictKind> ofMessage(String message) {
        if (message == null) {
            return Optional.empty();
        }
        for (VerdictKind kind : values()) {
            if (!message.startsWith(kind.name())) {
                continue;
            }
            String rest = message.substring(kind.name().length());
            boolean starts = switch (kind) {
                case INCONCLUSIVE -> rest.startsWith("(");
                case HOLDS -> rest.startsWith(" ") || rest.startsWith(":");
                default -> rest.startsWith(": ");
            };
            if (starts) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** Whether a written label (null allowed) names this verdict, with or without a reason. */
    public boolean names(String label) {
        return ofLabel(label).orElse(null) == this;
    }

    /** Whether a written label (null allowed) names a decided verdict (see {@link #decided()}). */
    public static boolean decidedLabel(String label) {
        return ofLabel(label).map(VerdictKind::decided).orElse(false);
    }
}
