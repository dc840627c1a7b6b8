package dev.gjallarhorn.claims;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an edit of a threat model changes, claim by claim: the claims it adds, removes, or whose row or bullet it
 * rewrites (status, text, STRIDE letters or scores). Claims are matched by id; a claim whose line only moved is
 * not touched. Used to run only the attacks a pull request's register edit bears on.
 *
 * @param id     the claim id
 * @param kind   what happened to it
 * @param before the claim in the base document (empty when added)
 * @param after  the claim in the edited document (empty when removed)
 */
public record ThreatModelChange(String id, Kind kind, Optional<Claim> before, Optional<Claim> after) {

    public enum Kind {
        ADDED, REMOVED, STATUS_CHANGED, TEXT_CHANGED
    }

    public static List<ThreatModelChange> between(ThreatModel base, ThreatModel head) {
        List<ThreatModelChange> changes = new ArrayList<>();
        for (Claim after : head.claims()) {
            Optional<Claim> before = base.claim(after.id());
            if (before.isEmpty()) {
                changes.add(new ThreatModelChange(after.id(), Kind.ADDED, Optional.empty(), Optional.of(after)));
            } else if (before.get().status() != after.status()) {
                changes.add(new ThreatModelChange(after.id(), Kind.STATUS_CHANGED, before, Optional.of(after)));
            } else if (!sameText(before.get(), after)) {
                changes.add(new ThreatModelChange(after.id(), Kind.TEXT_CHANGED, before, Optional.of(after)));
            }
        }
        for (Claim before : base.claims()) {
            if (head.claim(before.id()).isEmpty()) {
                changes.add(new ThreatModelChange(before.id(), Kind.REMOVED, Optional.of(before), Optional.empty()));
            }
        }
        return changes;
    }

    private static boolean sameText(Claim a, Claim b) {
        return a.title().equals(b.title()) && a.statusText().equals(b.statusText()) && a.stride().equals(b.stride())
                && a.likelihood() == b.likelihood() && a.impact() == b.impact() && Objects.equals(a.risk(), b.risk());
    }
}
