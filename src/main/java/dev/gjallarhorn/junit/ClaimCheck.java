package dev.gjallarhorn.junit;

import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.HarnessError;
import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.report.Redactor;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartVerdict;
import dev.gjallarhorn.verdict.Verdict;
import io.qameta.allure.Allure;
import io.qameta.allure.model.StatusDetails;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs one scenario for one claim inside a test and turns the verdict into the test's outcome, the same way
 * every time: CONTRADICTED fails (an assertion), INCONCLUSIVE is broken ({@link Inconclusive}), STALE passes
 * with a "STALE:" status message, HOLDS passes, NOT_EXERCISED is skipped. Labels and evidence go to Allure.
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
            Assumptions.abort("NOT_EXERCISED: " + claimId + " is not a claim of " + run.threatModel().source());
        }
        ClaimCheck check = new ClaimCheck(run, run.claim(claimId));
        check.label();
        return check;
    }

    /** Runs the scenario (unless the run has no target), records and reports the verdict. */
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
        } catch (HarnessError e) {
            Verdict verdict = Verdict.inconclusive(claim.id(), reasonFor(e), e.getMessage());
            run.impose(verdict);
            return report(verdict);
        }
        Verdict verdict = run.record(evaluation);
        evaluation.labels().forEach((name, value) -> Allure.label(name, run.redactor().scrub(value)));
        attachEvidence(evaluation);
        return report(verdict);
    }

    private void label() {
        Allure.getLifecycle().updateTestCase(result -> {
            if (result.getLabels().stream().noneMatch(l -> l.getName().equals("claim"))) {
                result.getLabels().add(new io.qameta.allure.model.Label().setName("claim").setValue(claim.id()));
            }
        });
        Allure.label("claimed", claim.status().word());
        Allure.label("severity", Severities.of(claim));
        Allure.parameter("target", run.settings().target());
    }

    private Verdict report(Verdict verdict) {
        Redactor redactor = run.redactor();
        Allure.label("verdict", verdict.label());
        Allure.label("observed", redactor.scrub(verdict.why()));
        Allure.addAttachment("verdict", "text/plain", redactor.scrub(describe(verdict)), ".txt");
        String why = redactor.scrub(verdict.why());
        switch (verdict.kind()) {
            case CONTRADICTED -> throw new AssertionError("CONTRADICTED: " + claim.id() + " (claimed " + claim.status().word() + "): " + why);
            case INCONCLUSIVE -> throw new Inconclusive(verdict.reason().orElse(Reason.HARNESS_ERROR), claim.id() + ": " + why);
            case NOT_EXERCISED -> Assumptions.abort("NOT_EXERCISED: " + claim.id());
            case STALE -> Allure.getLifecycle().updateTestCase(result -> result.setStatusDetails(
                    new StatusDetails().setMessage("STALE: " + claim.id() + " (claimed " + claim.status().word() + ") is better than claimed: " + why)));
            case HOLDS -> Allure.getLifecycle().updateTestCase(result -> result.setStatusDetails(
                    new StatusDetails().setMessage("HOLDS: " + claim.id() + ": " + why)));
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
            case TARGET_UNREACHABLE, AUTHENTICATION_REJECTED, HOST_KEY_REJECTED, TWIN_UNAVAILABLE -> Reason.TARGET_UNREACHABLE;
            case NOT_A_SANDBOX -> Reason.NOT_APPLICABLE_ON_TARGET;
            case USAGE -> Reason.PRECONDITION_UNMET;
            default -> Reason.HARNESS_ERROR;
        };
    }
}
