package dev.gjallarhorn.verdict;

import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import java.util.Optional;

/** The verdict on one part of a claim, with the subjects that decided it. */
public record PartVerdict(String name, PartRole role, Outcome predicted, VerdictKind kind, Optional<Reason> reason, String why) {

    /** As reports write it: a note is only NOTED, whatever it saw; a claim part or control carries its verdict. */
    public String label() {
        if (role == PartRole.NOTE) {
            return "NOTED";
        }
        return kind.label(reason);
    }
}
