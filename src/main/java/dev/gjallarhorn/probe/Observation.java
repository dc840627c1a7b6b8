package dev.gjallarhorn.probe;

import java.util.Objects;
import java.util.Optional;

/**
 * What one probe saw: the subject it looked at (e.g. {@code tcp/8080 as lima}), the outcome, why it
 * could not run when it could not, and a one-line detail naming the evidence behind it.
 */
public record Observation(String subject, Outcome outcome, Optional<Reason> reason, String detail) {

    public Observation {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? "" : detail;
        if (outcome == Outcome.COULD_NOT_RUN && reason.isEmpty()) {
            throw new IllegalArgumentException("an observation that could not run needs a reason: " + subject);
        }
        if (outcome != Outcome.COULD_NOT_RUN && reason.isPresent()) {
            throw new IllegalArgumentException("only an observation that could not run has a reason: " + subject);
        }
    }

    public static Observation blocked(String subject, String detail) {
        return new Observation(subject, Outcome.BLOCKED, Optional.empty(), detail);
    }

    public static Observation succeeded(String subject, String detail) {
        return new Observation(subject, Outcome.SUCCEEDED, Optional.empty(), detail);
    }

    public static Observation couldNotRun(String subject, Reason reason, String detail) {
        return new Observation(subject, Outcome.COULD_NOT_RUN, Optional.of(reason), detail);
    }

    @Override
    public String toString() {
        return subject + ": " + outcome + reason.map(r -> "(" + r.slug() + ")").orElse("") + (detail.isEmpty() ? "" : " - " + detail);
    }
}
