package dev.gjallarhorn.attack.failures;

import dev.gjallarhorn.doubles.LlmFailure;
import dev.gjallarhorn.doubles.TelegramFailure;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The agent channel's error paths. One failure at a time is switched on for a bounded phase while the gateway runs:
 * the Telegram double answers every Bot API call with a {@link TelegramFailure} (or its forward is closed: a refused
 * connection), then the LLM double answers every model call with an {@link LlmFailure}; the allowlisted sender writes
 * during each phase, so the failure meets a real turn. After each phase the failure is switched off and a normal turn
 * (the message reaches the model and the answer comes back through Telegram) proves the gateway recovered; if it does
 * not within {@link FailurePhases#RECOVERY_WITHIN}, the gateway is restarted and that is noted. How the gateway behaved (calls it
 * retried, their spacing, restarts of its unit, its answer to the sender) is a note per failure: availability evidence
 * for {@code T-002}. Then the journal, OpenClaw's file logs and /var/log since the first phase are searched for the
 * run's secret values in every encoding (API clients often log the request that failed, and a Bot API URL carries
 * the token): each hit is a part of {@code T-003} (and of {@code T-010} for the bot token) with its line, redacted, and
 * the failure whose phase it fell in. The probe is {@link ApiFailureProbe}, the judging {@link ApiFailureJudging}.
 */
public final class ApiFailureScenario {

    /**
     * {@code -Dgjallarhorn.agentChannel.failures=all} provokes every failure; {@code quick} (the default) only those that
     * need neither a restart nor a timeout to pass (502, 429 and malformed JSON from the Bot API, a refused connection,
     * a cut stream and a 500 from the model: under a minute); {@code off} none (their parts are then INCONCLUSIVE).
     */
    public static final String PROPERTY = "gjallarhorn.agentChannel.failures";

    /**
     * One failure phase: what failed, when, how the gateway behaved, and whether (and how fast) it recovered;
     * {@code reached} says whether the failure met the gateway at all (a call that failed), {@code telegram} whether
     * it was the Bot API's.
     */
    public record Phase(String failure, Instant from, Instant to, String behaviour, Observation recovery, boolean reached, boolean telegram) {
    }

    /** A secret found in a log after the phases: where, which secret and encoding, its line (redacted), and the phase it fell in. */
    public record Leak(String place, String where, String secret, String encoding, String line, String phase) {
    }

    /**
     * @param unavailable why no failure was provoked (every part undecided), or null
     * @param modelPath   why the model API's failures were not provoked while the Bot API's were, or null
     */
    public record ApiFailureFindings(Instant startedAt, Duration elapsed, String unavailable, List<Phase> phases, List<Leak> leaks, List<String> searched,
                           Path evidence, String modelPath) {
    }

    private ApiFailureScenario() {
    }

    /** The run's one round of failure phases and log search (run on first use, then shared). */
    public static ApiFailureFindings findings(AttackContext run) {
        return run.observeOnce(ApiFailureFindings.class, () -> ApiFailureProbe.probe(run));
    }

    /** When a log line was written: the journal's Unix timestamp, a JSONL line's {@code "time"}, or a syslog line's own stamp. */
    public static Optional<Instant> when(String place, String line) {
        return FailureLogSearch.when(place, line);
    }

    /** For T-003: no secret in a log after the API failures. */
    public static PartEvaluation logsPart(AttackContext run, Outcome predicted) {
        return ApiFailureJudging.logsPart(findings(run), predicted);
    }

    /** For T-010: the bot token stays out of the logs when the Bot API fails. */
    public static ClaimEvaluation botTokenUnderFailure(AttackContext run) {
        return ApiFailureJudging.botToken(findings(run));
    }

    /** For T-002: {@code burst} with notes on how the gateway behaved under each failure and whether it recovered (availability). */
    public static ClaimEvaluation withAvailability(AttackContext run, ClaimEvaluation burst) {
        ClaimEvaluation notes = ApiFailureJudging.availability(findings(run));
        List<PartEvaluation> parts = new ArrayList<>(burst.parts());
        parts.addAll(notes.parts());
        List<Path> evidence = new ArrayList<>(burst.evidence());
        evidence.addAll(notes.evidence());
        // the burst's own summary is already the claim's (its test judged it first): only the notes' is new
        return new ClaimEvaluation(burst.claimId(), parts, notes.observed(), evidence, burst.startedAt(), burst.elapsed().plus(notes.elapsed()));
    }

    /** One line on the failure phases and what they left in the logs, for a claim's summary. */
    public static String summaryOf(AttackContext run) {
        return ApiFailureJudging.summary(findings(run), l -> true);
    }
}
