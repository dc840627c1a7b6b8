package dev.gjallarhorn.run;

import dev.gjallarhorn.report.VendorAudit;
import dev.gjallarhorn.report.VendorAuditClaims;
import dev.gjallarhorn.report.VendorAuditComparison;
import java.util.Optional;

/**
 * The gateway's own audit set beside a run's verdicts: one comparison for every report that shows it
 * ({@code verdicts.md}, {@code evidence/vendor-audit/comparison.md}, {@code run.json}, Allure).
 */
public final class VendorAuditBeside {

    private VendorAuditBeside() {
    }

    /**
     * The comparison, where the agent channel ran the audit; empty where it did not (it runs as the channel closes, so
     * ask after {@link AttackRun#closeRunResources()}).
     */
    public static Optional<VendorAuditComparison> of(AttackRun run) {
        return run.observed(VendorAudit.class)
                .map(audit -> VendorAuditComparison.of(audit, run.verdicts(), VendorAuditClaims.pinned()));
    }
}
