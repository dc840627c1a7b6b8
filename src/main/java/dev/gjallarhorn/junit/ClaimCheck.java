package dev.gjallarhorn.junit;

import dev.gjallarhorn.verdict.VerdictKind;
import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.HarnessError;
import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.report.AllureClaimLabels;
import dev.gjallarhorn.evidence.Redactor;
import dev.gjallarhorn.report.VerdictMessage;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartVerdict;
import dev.gjallarhorn.verdict.Verdict;
import io.qameta.allure.Allure;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.StatusDetails;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs one scenario for one claim inside a test and turns the verdict into the test's outcome, the same way
 * every time: CONTRADICTED fails (an assertion), INCONCLUSIVE is broken ({@link Inconclusive}), STALE passes
 * with a "STALE:" status message, HOLDS passes (a confirmed gap with "HOLDS (known gap):"), NOT_EXERCISED is
 * skipped; the message is {@link VerdictMessage}'s. The labels are the claim's own ({@link AllureClaimLabels}:
 * the epic is the claim's STRIDE category from the register, the severity follows the verdict), and the
 * evidence is attached. At the end of the session the results of a claim judged by several tests are rolled
 * up into one ({@link dev.gjallarhorn.report.AllureClaimResults}).
 */
public final class ClaimCheck {

    private final AttackRun run;
    private final Claim claim;

    private ClaimCheck(AttackRun run, Claim claim) {
        this.run = run;
        this.claim = claim;
    }

    /**
     * The check of one claim. A threat model without that claim (a user's own document) has nothing for
     * this scenario to judge: the test is skipped, and the report lists only the document's own claims.
     */
    public static ClaimCheck of(AttackRun run, String claimId) {
        if (run.threatModel().claim(claimId).isEmpty()) {
            Assumptions.abort(VerdictKind.NOT_EXERCISED.messagePrefix() + claimId + " is not a claim of " + run.threatModel().source());
        }
        ClaimCheck check = new ClaimCheck(run, run.claim(claimId));
        check.label();
        return check;
    }

    /**
     * Runs the scenario (unless the run has no target), records and reports the verdict. A scenario that throws
     * instead of returning observations did not attack: the claim is INCONCLUSIVE(harness-error), and the error is
     * recorded on the run, whose gate then fails as a harness error.
     */
    public Verdict judge(Supplier<ClaimEvaluation> scenario) {
        if (run.failure().isPresent()) {
            HarnessError failure = run.failure().get();
            Reason reason = reasonFor(failure);
            Verdict verdict = Verdict.inconclusive(claim.id(), reason, failure.getMessage());
            run.impose(verdict);
            return report(verdict);
        }
        ClaimEvaluation evaluation;
        try {
            evaluation = Allure.step("attack " + claim.id() + " on " + run.target().describe(), scenario::get);
        } catch (RuntimeException e) {
            run.recordHarnessError(claim.id(), e);
            Reason reason = e instanceof HarnessError harness ? reasonFor(harness) : Reason.HARNESS_ERROR;
            Verdict verdict = Verdict.inconclusive(claim.id(), reason, "the attack did not finish: " + dev.gjallarhorn.report.ReportFiles.oneLine(e));
            run.impose(verdict);
            return report(verdict);
        }
        Verdict verdict = run.record(evaluation);
        evaluation.labels().forEach((name, value) -> Allure.label(name, run.redactor().scrub(value)));
        attachEvidence(evaluation);
        return report(verdict);
    }

    /** Labels known before the attack: the claim and its register epic (never a literal on the attack class). */
    private void label() {
        java.util.Map<String, java.util.List<String>> known = new java.util.LinkedHashMap<>(AllureClaimLabels.of(claim, Verdict.notExercised(claim.id())));
        known.keySet().removeAll(java.util.List.of("verdict", "severity", "tag")); // decided by the verdict
        Allure.getLifecycle().updateTestCase(result -> relabel(result.getLabels(), known, ""));
        Allure.parameter("target", run.settings().target());
    }

    /** Replaces whatever earlier labels of the names {@link AllureClaimLabels} decides with the claim's own. */
    static void relabel(java.util.List<Label> labels, java.util.Map<String, java.util.List<String>> claimLabels, String observed) {
        labels.removeIf(l -> AllureClaimLabels.NAMES.contains(l.getName()) || l.getName().equals("observed")
                || l.getName().equals("tag") && AllureClaimLabels.isClaimTag(l.getValue()));
        claimLabels.forEach((name, values) -> values.forEach(value -> labels.add(new Label().setName(name).setValue(value))));
        if (!observed.isEmpty()) {
            labels.add(new Label().setName("observed").setValue(observed));
        }
    }

    private Verdict report(Verdict verdict) {
        Redactor redactor = run.redactor();
        String observed = redactor.scrub(verdict.why());
        Allure.getLifecycle().updateTestCase(result -> relabel(result.getLabels(), AllureClaimLabels.of(claim, verdict), observed));
        Allure.addAttachment("verdict", "text/plain", redactor.scrub(describe(verdict)), ".txt");
        String message = redactor.scrub(VerdictMessage.of(claim, verdict));
        switch (verdict.kind()) {
            case CONTRADICTED -> throw new Contradicted(message);
            case INCONCLUSIVE -> throw new Inconclusive(verdict.reason().orElse(Reason.HARNESS_ERROR), claim.id() + ": " + redactor.scrub(verdict.why()));
            case NOT_EXERCISED -> Assumptions.abort(message);
            case STALE, HOLDS -> Allure.getLifecycle().updateTestCase(result -> result.setStatusDetails(new StatusDetails().setMessage(message)));
        }
        return verdict;
    }

    private void attachEvidence(ClaimEvaluation evaluation) {
        for (Path relative : evaluation.evidence()) {
            Path file = run.evidence().reports().resolve(relative);
            try {
                Allure.addAttachment(relative.getFileName().toString(), "text/plain", Files.readString(file), ".txt");
            } catch (IOException e) {
                Allure.addAttachment(relative.getFileName().toString(), "text/plain", "evidence file missing: " + relative, ".txt");
            }
        }
    }

    private String describe(Verdict verdict) {
        StringBuilder text = new StringBuilder();
        text.append(claim.id()).append(" - ").append(claim.title()).append('\n');
        text.append("claimed: ").append(claim.status().word()).append(claim.statusText().isBlank() ? "" : " (" + claim.statusText() + ")").append('\n');
        text.append("verdict: ").append(verdict.label()).append('\n');
        text.append("why:     ").append(verdict.why()).append('\n');
        for (PartVerdict part : verdict.parts()) {
            text.append("  part [").append(part.role()).append("] ").append(part.name()).append(" - predicted ").append(part.predicted())
                    .append(", ").append(part.label())
                    .append(": ").append(part.why()).append('\n');
        }
        return text.toString();
    }

    static Reason reasonFor(HarnessError error) {
        ExitCode code = error.exitCode();
        return switch (code) {
            case TARGET_UNREACHABLE, AUTHENTICATION_REJECTED, HOST_KEY_REJECTED -> Reason.TARGET_UNREACHABLE;
            case NOT_A_SANDBOX -> Reason.NOT_APPLICABLE_ON_TARGET;
            case USAGE -> Reason.PRECONDITION_UNMET;
            default -> Reason.HARNESS_ERROR;
        };
    }
}
