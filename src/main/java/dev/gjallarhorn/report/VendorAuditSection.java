package dev.gjallarhorn.report;

import java.util.List;

/**
 * The section of {@code verdicts.md} (and {@code evidence/vendor-audit/comparison.md}) that sets the gateway's own
 * audit beside the verdicts: the three lists of {@link VendorAuditComparison}, then what the audit only described.
 */
public final class VendorAuditSection {

    static final String TITLE = "## The gateway's own audit (`openclaw security audit --json`)";
    private static final int CUT = 200;

    private VendorAuditSection() {
    }

    /** The section for a run whose agent channel did not run: the audit runs with it. */
    public static String notInThisRun() {
        return TITLE + "\n\nNot run: the gateway's audit runs with the agent channel, which this run did not open.\n";
    }

    public static String of(VendorAuditComparison c) {
        StringBuilder md = new StringBuilder(TITLE).append("\n\n");
        if (c.notRun().isPresent()) {
            return md.append("Not run: ").append(c.notRun().get()).append(".\n").toString();
        }
        VendorAudit audit = c.audit();
        long critical = audit.findings().stream().filter(f -> f.severity().equals("critical")).count();
        long warn = audit.findings().stream().filter(f -> f.severity().equals("warn")).count();
        md.append(audit.findings().size()).append(" finding(s): ").append(critical).append(" critical, ").append(warn).append(" warn, ")
                .append(audit.findings().size() - critical - warn).append(" info, in ").append(audit.took().toSeconds()).append(" s")
                .append(audit.evidence().map(p -> "; its JSON: `" + p + "`").orElse("")).append(". Read-only, never `--fix`, as the gateway's"
                        + " user. Evidence, not an oracle: it reads configuration only.\n\n");
        if (!audit.unseen().isEmpty()) {
            md.append("It ran without the gateway unit's environment, which sets ").append(String.join(", ", audit.unseen()))
                    .append(": what it says of those settings (a gateway token, for one) may not be what the gateway runs with.\n\n");
        }
        md.append("### Corroborated (the audit and an attack found it)\n\n");
        rows(md, c.corroborated(), "Our verdict");
        md.append("\n### Coverage gaps (the audit found it, no attack of this run showed it)\n\n");
        rows(md, c.coverageGaps(), "Our verdicts");
        md.append("\n### Audit blind spots (this run contradicted a claim, the audit said nothing of it)\n\n");
        if (c.blindSpots().isEmpty()) {
            md.append("None.\n");
        }
        c.blindSpots().forEach(r -> md.append("- **").append(r.claims().get(0)).append("** ").append(cell(r.why())).append(": ")
                .append(cell(r.ours())).append('\n'));
        if (!c.described().isEmpty()) {
            md.append("\nDescribed only (info): ");
            md.append(String.join("; ", c.described().stream().map(VendorAudit.Finding::checkId).toList())).append('\n');
        }
        return md.toString();
    }

    private static void rows(StringBuilder md, List<VendorAuditComparison.Row> rows, String ours) {
        if (rows.isEmpty()) {
            md.append("None.\n");
            return;
        }
        md.append("| Audit finding | Severity | Claims | Why it speaks to them | ").append(ours).append(" |\n|---|---|---|---|---|\n");
        for (VendorAuditComparison.Row r : rows) {
            md.append("| `").append(r.finding().checkId()).append("` ").append(cell(r.finding().title())).append(": ").append(cell(r.finding().detail()))
                    .append(" | ").append(r.finding().severity()).append(" | ").append(r.claims().isEmpty() ? "none" : String.join(", ", r.claims()))
                    .append(" | ").append(cell(r.why())).append(" | ").append(cell(r.ours())).append(" |\n");
        }
    }

    /**
     * {@code text} on one line for a table cell, cut at a blank near {@link #CUT} characters, never inside a word: the
     * section is redacted after it is built, and a secret cut in half would no longer be recognised.
     */
    static String cell(String text) {
        String one = text.replace('\n', ' ').replace("|", "\\|").strip();
        if (one.length() <= CUT) {
            return one;
        }
        int blank = one.lastIndexOf(' ', CUT);
        return blank > 0 ? one.substring(0, blank) + " …" : one;
    }
}
