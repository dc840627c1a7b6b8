package dev.gjallarhorn.claims;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The written scope of one claim ({@link ClaimScopes}): what it promises, and the dimensions an attacker can vary
 * against it, each with the attack parts that cover it.
 */
public record ClaimScope(String claimId, String promise, List<Dimension> dimensions) {

    public ClaimScope {
        Objects.requireNonNull(claimId, "claimId");
        Objects.requireNonNull(promise, "promise");
        dimensions = List.copyOf(dimensions);
    }

    /**
     * One dimension of a claim.
     *
     * @param name      as reports write it
     * @param stride    the STRIDE letters of the register row it speaks to (empty for controls)
     * @param values    where its values come from on the target
     * @param coveredBy the attacks whose parts cover it
     * @param standIn   what the parts named do not cover yet, where they only stand in for parts still to come
     */
    public record Dimension(String name, List<Character> stride, String values, List<Cover> coveredBy, Optional<String> standIn) {

        public Dimension {
            Objects.requireNonNull(name, "name");
            stride = List.copyOf(stride);
            coveredBy = List.copyOf(coveredBy);
            Objects.requireNonNull(standIn, "standIn");
        }

        /** Whether one of this dimension's parts is named {@code partName}. */
        public boolean coveredBy(String partName) {
            return coveredBy.stream().anyMatch(c -> c.matches(partName));
        }

        /** The attacks that cover this dimension, in order. */
        public Set<String> attacks() {
            Set<String> attacks = new LinkedHashSet<>();
            coveredBy.forEach(c -> attacks.add(c.attack()));
            return attacks;
        }
    }

    /**
     * Parts of one attack's evaluation that cover a dimension.
     *
     * @param attack the attack test as the attack index names it ({@code Class.method})
     * @param parts  part names; {@code *} stands for any text
     */
    public record Cover(String attack, List<String> parts) {

        public Cover {
            Objects.requireNonNull(attack, "attack");
            parts = List.copyOf(parts);
        }

        public boolean matches(String partName) {
            return parts.stream().anyMatch(p -> glob(p).matcher(partName).matches());
        }

        static Pattern glob(String part) {
            StringBuilder regex = new StringBuilder();
            for (String literal : part.split("\\*", -1)) {
                if (!regex.isEmpty()) {
                    regex.append(".*");
                }
                regex.append(Pattern.quote(literal));
            }
            return Pattern.compile(regex.toString(), Pattern.DOTALL);
        }
    }

    /** Every attack named by a dimension of this scope. */
    public Set<String> attacks() {
        Set<String> attacks = new LinkedHashSet<>();
        dimensions.forEach(d -> attacks.addAll(d.attacks()));
        return attacks;
    }

    /** The attacks whose parts, as this scope names them, include one named {@code partName}. */
    public Set<String> attacksOf(String partName) {
        Set<String> attacks = new LinkedHashSet<>();
        dimensions.stream().flatMap(d -> d.coveredBy().stream()).filter(c -> c.matches(partName)).forEach(c -> attacks.add(c.attack()));
        return attacks;
    }
}
