package dev.gjallarhorn.attack.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gjallarhorn.probe.ScriptOutput;
import dev.gjallarhorn.report.VendorAudit;
import dev.gjallarhorn.run.AttackContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs the gateway's own checker, {@code openclaw security audit --json}, as the gateway's user: read-only, never
 * {@code --fix}, bounded ({@link #WITHIN} on the target). Run as the agent channel closes, once the gateway's state is back as
 * its operator left it. Its JSON goes to {@code evidence/vendor-audit/openclaw-security-audit.json}; every way it can
 * fail to say something (no CLI, its bound, no JSON) is a reason, never an empty list of findings.
 */
final class VendorAuditProbe {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The audit's bound on the target (it is known to hang on some releases). */
    static final Duration WITHIN = Duration.ofSeconds(150);

    private VendorAuditProbe() {
    }

    /**
     * Runs the audit once per run, as the channel closes, where the gateway's state is back as its operator left it
     * ({@code asLeft}); otherwise records why it did not run. {@code ClosingReports} sets it beside the verdicts.
     */
    static void onceAsLeft(AttackContext run, boolean asLeft) {
        run.observeOnce(VendorAudit.class, () -> asLeft ? run(run)
                : VendorAudit.notRun("the gateway's state could not be put back, so its configuration is not the operator's", Duration.ZERO));
    }

    static VendorAudit run(AttackContext run) {
        Instant started = Instant.now();
        try {
            ScriptOutput out = ChannelScript.run(run, "security-audit", Long.toString(WITHIN.toSeconds()));
            return read(run, out, Duration.between(started, Instant.now()));
        } catch (RuntimeException e) {
            return VendorAudit.notRun("the audit could not be run: " + e.getMessage(), Duration.between(started, Instant.now()));
        }
    }

    /** The audit from the step's lines: {@code AUDIT <exit> <seconds> [why]}, then {@code AUDIT-JSON <json>} when it printed any. */
    static VendorAudit read(AttackContext run, ScriptOutput out, Duration took) {
        List<ScriptOutput.Line> audit = out.all("AUDIT");
        if (audit.isEmpty()) {
            return VendorAudit.notRun("the audit step printed nothing (" + out.result().describe() + ")", took);
        }
        String exit = audit.get(0).word(0);
        String json = out.value("AUDIT-JSON");
        if (exit.equals("124")) {
            return VendorAudit.notRun("it ran into its bound of " + WITHIN.toSeconds() + " s (some releases hang in it)", took);
        }
        if (json.isBlank()) {
            String why = audit.get(0).rest(2);
            return VendorAudit.notRun("it exited " + exit + " and printed no JSON" + (why.isBlank() ? "" : ": " + why), took);
        }
        try {
            List<VendorAudit.Finding> findings = VendorAudit.parse(json);
            String pretty = JSON.writeValueAsString(JSON.readTree(json));
            List<String> unseen = List.of(out.value("AUDIT-UNSEEN").split("\\s+")).stream().filter(n -> !n.isBlank()).toList();
            return new VendorAudit(Optional.empty(), findings, took, Optional.of(run.evidence().write("vendor-audit", "openclaw-security-audit.json",
                    pretty).relativePath()), unseen);
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return VendorAudit.notRun("its output could not be read: " + e.getMessage(), took);
        }
    }
}
