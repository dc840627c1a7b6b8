package dev.gjallarhorn.report;

import dev.gjallarhorn.evidence.Redactor;

import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.claims.ClaimKind;
import dev.gjallarhorn.claims.Stride;
import dev.gjallarhorn.verdict.VerdictBook;
import dev.gjallarhorn.verdict.VerdictKind;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code reports/verdicts.md}: the register as its maintainer knows it, with an Observed and a Verdict
 * column, then the two control lists the same way.
 */
public final class VerdictsMarkdown {

    public static final String FILE = "verdicts.md";

    private VerdictsMarkdown() {
    }

    public static Path write(Path reports, Map<String, Object> run, List<VerdictBook.Entry> entries, Redactor redactor) {
        return write(reports, run, entries, redactor, "");
    }

    /** As {@link #write(Path, Map, List, Redactor)}, with {@code appendix} (Markdown sections) after the verdicts' legend. */
    public static Path write(Path reports, Map<String, Object> run, List<VerdictBook.Entry> entries, Redactor redactor, String appendix) {
        StringBuilder md = new StringBuilder();
        md.append("# Threat model verdicts\n\n");
        md.append("Run `").append(run.get("id")).append("` against `").append(run.get("target")).append('`');
        if (run.get("kind") != null) {
            md.append(" (").append(run.get("kind")).append(')');
        }
        md.append(", ").append(run.get("finishedAt")).append(". Claims from `").append(run.get("threatModel")).append("`.\n\n");
        if (run.get("harnessError") instanceof Map<?, ?> error) {
            md.append("**The run hit a harness error:** ").append(error.get("message")).append("\n\n");
        }
        md.append(tally(entries)).append("\n\n");

        md.append("## Risk register\n\n");
        md.append("| ID | Threat | STRIDE | Risk | Claimed | Observed | Verdict |\n|---|---|---|---|---|---|---|\n");
        for (VerdictBook.Entry e : only(entries, ClaimKind.RISK)) {
            Claim c = e.claim();
            md.append("| ").append(c.id()).append(" | ").append(cell(c.title())).append(" | ")
                    .append(c.stride().stream().map(s -> String.valueOf(s.letter())).collect(Collectors.joining("/"))).append(" | ")
                    .append(c.risk().isPresent() ? c.risk().getAsInt() : "").append(" | ").append(cell(c.statusText())).append(" | ")
                    .append(cell(observed(e))).append(" | ").append(verdictCell(e)).append(" |\n");
        }
        controls(md, "Controls that exist", only(entries, ClaimKind.CONTROL_EXISTS));
        controls(md, "Controls that do not exist (yet)", only(entries, ClaimKind.CONTROL_ABSENT));
        md.append("\nVerdicts: " + VerdictKind.HOLDS.label() + " = reality matches the claim; " + VerdictKind.HOLDS.label()
                + " (known gap) = a Gap or an absent control whose attack worked: the register is right, and the gap is open; "
                + VerdictKind.CONTRADICTED.label() + " = worse than claimed; " + VerdictKind.STALE.label()
                + " = better than claimed, the register needs an edit; " + VerdictKind.INCONCLUSIVE.label() + "(reason) = could not tell; "
                + VerdictKind.NOT_EXERCISED.label() + " = no scenario covers the claim yet.\n");
        if (!appendix.isBlank()) {
            md.append('\n').append(appendix);
        }
        Path file = reports.resolve(FILE);
        try {
            Files.createDirectories(reports);
            Files.writeString(file, redactor.scrub(md.toString()));
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
        return file;
    }

    private static void controls(StringBuilder md, String title, List<VerdictBook.Entry> entries) {
        md.append("\n## ").append(title).append("\n\n");
        md.append("| ID | Control | Claimed | Observed | Verdict |\n|---|---|---|---|---|\n");
        for (VerdictBook.Entry e : entries) {
            md.append("| ").append(e.claim().id()).append(" | ").append(cell(e.claim().title())).append(" | ")
                    .append(cell(e.claim().statusText())).append(" | ").append(cell(observed(e))).append(" | ")
                    .append(verdictCell(e)).append(" |\n");
        }
    }

    /** {@code 15 HOLDS (9 of them known gaps), 7 CONTRADICTED, 1 STALE, 1 INCONCLUSIVE (24 claims)}. */
    static String tally(List<VerdictBook.Entry> entries) {
        long knownGaps = entries.stream().filter(e -> KnownGap.confirmed(e.claim(), e.verdict().kind())).count();
        return entries.stream().collect(Collectors.groupingBy(e -> e.verdict().kind(), java.util.TreeMap::new, Collectors.counting()))
                .entrySet().stream().map(x -> x.getValue() + " " + x.getKey().label()
                        + (x.getKey() == VerdictKind.HOLDS && knownGaps > 0 ? " (" + knownGaps + " of them known gaps)" : ""))
                .collect(Collectors.joining(", "))
                + " (" + entries.size() + " claims)";
    }

    /** {@code **CONTRADICTED**}, or {@code **HOLDS** (known gap)} for a confirmed gap. */
    static String verdictCell(VerdictBook.Entry e) {
        return "**" + e.verdict().label() + "**" + (KnownGap.confirmed(e.claim(), e.verdict().kind()) ? " (known gap)" : "");
    }

    private static String observed(VerdictBook.Entry e) {
        return e.evaluation().map(ClaimEvaluation::observed).filter(s -> !s.isBlank()).orElse(e.verdict().why());
    }

    private static List<VerdictBook.Entry> only(List<VerdictBook.Entry> entries, ClaimKind kind) {
        return entries.stream().filter(e -> e.claim().kind() == kind).toList();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    static String strideLetters(List<Stride> stride) {
        return stride.stream().map(s -> String.valueOf(s.letter())).collect(Collectors.joining("/"));
    }
}
