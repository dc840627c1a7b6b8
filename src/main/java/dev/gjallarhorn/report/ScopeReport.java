package dev.gjallarhorn.report;

import dev.gjallarhorn.evidence.EvidenceStore;

import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.claims.ClaimScope;
import dev.gjallarhorn.claims.ClaimScopes;
import dev.gjallarhorn.verdict.VerdictBook;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.PartVerdict;
import dev.gjallarhorn.verdict.ScopeCoverage;
import dev.gjallarhorn.verdict.VerdictKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A claim's written scope with what one run covered of it, as {@code evidence/CLAIM/scope.txt} and in the claim's
 * Allure result: per dimension, the parts that covered it with their verdicts and what they saw; a dimension no part
 * covered although its attack ran, with the undecided part it became; a dimension whose attacks did not run.
 */
public final class ScopeReport {

    public static final String FILE = "scope.txt";
    private static final int SEEN = 400;

    private ScopeReport() {
    }

    /** Writes scope.txt for every claim this run judged (not for one NOT_EXERCISED); returns the files, by claim id. */
    public static Map<String, Path> write(EvidenceStore store, List<VerdictBook.Entry> entries, ClaimScopes scopes) {
        Map<String, Path> written = new java.util.LinkedHashMap<>();
        for (VerdictBook.Entry entry : entries) {
            if (entry.verdict().kind() != VerdictKind.NOT_EXERCISED) {
                String id = entry.claim().id();
                written.put(id, store.write(id, FILE, render(entry, scopes.of(id))).relativePath());
            }
        }
        return written;
    }

    /** The claim's promise and its dimensions, with no run: what {@code claims} shows. */
    public static List<String> describe(ClaimScope scope) {
        List<String> lines = new ArrayList<>();
        lines.add("promise: " + scope.promise());
        for (ClaimScope.Dimension d : scope.dimensions()) {
            lines.add("dimension: " + d.name() + (d.stride().isEmpty() ? "" : " (" + d.stride().stream().map(String::valueOf)
                    .collect(Collectors.joining("/")) + ")") + " - " + d.values());
            d.coveredBy().forEach(c -> lines.add("  covered by " + c.attack() + ": " + String.join(" | ", c.parts())));
            d.standIn().ifPresent(s -> lines.add("  stand-in: " + s));
        }
        return lines;
    }

    /** The scope of one judged claim and what this run covered of it. */
    public static String render(VerdictBook.Entry entry, Optional<ClaimScope> scope) {
        Claim claim = entry.claim();
        StringBuilder text = new StringBuilder();
        text.append(claim.id()).append(" - ").append(claim.title()).append('\n');
        text.append("claimed: ").append(claim.status().word()).append(claim.statusText().isBlank() ? "" : " (" + claim.statusText() + ")")
                .append(claim.stride().isEmpty() ? "" : "; STRIDE " + claim.stride().stream().map(s -> String.valueOf(s.letter()))
                        .collect(Collectors.joining("/"))).append('\n');
        text.append("verdict: ").append(entry.verdict().label()).append('\n');
        if (scope.isEmpty()) {
            text.append("\nno written scope for ").append(claim.id()).append(" (").append(ClaimScopes.RESOURCE)
                    .append(" has none): its dimensions are unknown, so none is checked\n");
            return text.toString();
        }
        text.append("promise: ").append(scope.get().promise()).append("\n\n");
        if (entry.evaluation().isEmpty()) {
            text.append("nothing was evaluated for this claim in this run (").append(entry.verdict().why())
                    .append("), so no dimension was covered:\n");
            scope.get().dimensions().forEach(d -> text.append("[not covered] ").append(d.name()).append(" - ").append(d.values()).append('\n'));
            return text.toString();
        }
        List<ScopeCoverage.Dimension> dimensions = ScopeCoverage.of(scope.get(), entry.evaluation().get().parts());
        text.append(dimensions.size()).append(" dimension(s): ").append(count(dimensions, ScopeCoverage.Status.COVERED)).append(" covered, ")
                .append(count(dimensions, ScopeCoverage.Status.UNCOVERED)).append(" not covered (undecided parts of the claim), ")
                .append(count(dimensions, ScopeCoverage.Status.NOT_RUN)).append(" whose attacks did not run\n");
        for (ScopeCoverage.Dimension d : dimensions) {
            text.append('\n');
            dimension(text, d, entry.verdict().parts(), scope.get());
        }
        return text.toString();
    }

    private static void dimension(StringBuilder text, ScopeCoverage.Dimension d, List<PartVerdict> verdicts, ClaimScope scope) {
        ClaimScope.Dimension dim = d.dimension();
        String mark = switch (d.status()) {
            case COVERED -> "[covered]";
            case UNCOVERED -> "[NOT COVERED]";
            case NOT_RUN -> "[not run]";
        };
        text.append(mark).append(' ').append(dim.name()).append('\n');
        text.append("  values: ").append(dim.values()).append('\n');
        dim.standIn().ifPresent(s -> text.append("  stand-in: ").append(s).append('\n'));
        switch (d.status()) {
            case COVERED -> {
                Set<String> names = new LinkedHashSet<>();
                d.parts().stream().map(PartEvaluation::name).forEach(names::add);
                for (String name : names) {
                    List<PartVerdict> judged = verdicts.stream().filter(v -> v.name().equals(name)).toList();
                    String from = String.join(", ", scope.attacksOf(name));
                    if (judged.isEmpty()) {
                        text.append("  - ").append(name).append(" (").append(from).append(")\n");
                    }
                    judged.forEach(v -> text.append("  - ").append(name).append(" (").append(from).append("): ").append(v.label())
                            .append(" - ").append(shorten(v.why())).append('\n'));
                }
            }
            case UNCOVERED -> {
                text.append("  an attack of it ran (").append(String.join(", ", d.ran())).append(") but none of its parts is in this run's evaluation: ")
                        .append(dim.coveredBy().stream().flatMap(c -> c.parts().stream()).distinct().collect(Collectors.joining(" | "))).append('\n');
                String name = ScopeCoverage.PREFIX + dim.name();
                verdicts.stream().filter(v -> v.name().equals(name)).forEach(v -> text.append("  -> undecided part '").append(name).append("': ")
                        .append(v.label()).append('\n'));
            }
            case NOT_RUN -> text.append("  none of its attacks ran in this run (").append(String.join(", ", dim.attacks()))
                    .append("): a run narrowed to some tests leaves it out\n");
        }
    }

    private static long count(List<ScopeCoverage.Dimension> dimensions, ScopeCoverage.Status status) {
        return dimensions.stream().filter(d -> d.status() == status).count();
    }

    private static String shorten(String why) {
        String one = why.replace('\n', ' ');
        return one.length() <= SEEN ? one : one.substring(0, SEEN) + "… (" + one.length() + " characters; the claim's evidence has all)";
    }
}
