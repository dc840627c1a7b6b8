package dev.gjallarhorn.report;

import dev.gjallarhorn.evidence.Redactor;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's own audit in the Allure report: per claim, an attachment with the audit's findings that speak to it,
 * sorted into the three lists of {@link VendorAuditComparison} (corroborated, coverage gap, audit blind spot); in the
 * environment, one line of counts. Text only; redacted by the caller's {@link Redactor} like every attachment.
 */
public final class AllureVendorAudit {

    /** The attachment's name on a claim's result. */
    static final String ATTACHMENT = "the gateway's own audit";

    private AllureVendorAudit() {
    }

    /**
     * What the audit says of {@code claimId}: the rows of each list that name it, or empty when the audit did not run or
     * none of its rows names this claim.
     */
    static Optional<String> forClaim(VendorAuditComparison c, String claimId) {
        if (c.notRun().isPresent()) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder();
        list(text, "Corroborated (the audit and an attack of this run found it)", rowsOf(c.corroborated(), claimId));
        list(text, "Coverage gap (the audit found it, no attack of this run showed it)", rowsOf(c.coverageGaps(), claimId));
        List<VendorAuditComparison.Row> blind = rowsOf(c.blindSpots(), claimId);
        if (!blind.isEmpty()) {
            text.append("Audit blind spot: this run contradicted the claim and the audit said nothing of it: ")
                    .append(blind.get(0).ours()).append('\n');
        }
        return text.isEmpty() ? Optional.empty()
                : Optional.of("openclaw security audit --json (read-only, as the gateway's user), beside this claim's verdict\n\n" + text);
    }

    /**
     * The environment's line: {@code N findings: x corroborated, y coverage gaps, z blind spots}, or why it did not run,
     * from run.json's {@code vendorAudit} summary; empty where the run has none.
     */
    static Optional<String> environmentLine(Object summary) {
        if (!(summary instanceof Map<?, ?> s)) {
            return Optional.empty();
        }
        if (s.get("notRun") != null) {
            return Optional.of("not run: " + s.get("notRun"));
        }
        return Optional.of(s.get("findings") + " findings: " + s.get("corroborated") + " corroborated, " + s.get("coverageGaps")
                + " coverage gaps, " + s.get("blindSpots") + " blind spots (evidence/vendor-audit/comparison.md)");
    }

    private static List<VendorAuditComparison.Row> rowsOf(List<VendorAuditComparison.Row> rows, String claimId) {
        return rows.stream().filter(r -> r.claims().contains(claimId)).toList();
    }

    private static void list(StringBuilder text, String title, List<VendorAuditComparison.Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        text.append(title).append(":\n");
        for (VendorAuditComparison.Row r : rows) {
            text.append("- ").append(r.finding().checkId()).append(" (").append(r.finding().severity()).append("): ")
                    .append(VendorAuditSection.cell(r.finding().title())).append(". Why it speaks to the claim: ")
                    .append(VendorAuditSection.cell(r.why())).append(". Our verdict: ").append(VendorAuditSection.cell(r.ours())).append('\n');
        }
        text.append('\n');
    }
}
