package dev.gjallarhorn.verdict;

import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import java.util.Optional;

/** The verdict on one part of a claim, with the subjects that decided it. */
public record PartVerdict(String name, PartRole role, Outcome predicted, VerdictKind kind, Optional<Reason> reason, String why) {
}
