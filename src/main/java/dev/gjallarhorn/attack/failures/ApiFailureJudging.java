package dev.gjallarhorn.attack.failures;

import dev.gjallarhorn.attack.failures.ApiFailureScenario.ApiFailureFindings;
import dev.gjallarhorn.attack.failures.ApiFailureScenario.Leak;
import dev.gjallarhorn.attack.failures.ApiFailureScenario.Phase;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The API failures' judging: pure functions from {@link ApiFailureFindings} to parts and evaluations of {@code T-003} (no
 * secret logged), {@code T-010} (the bot token stays out of the logs) and {@code T-002} (availability notes).
 */
final class ApiFailureJudging {

    static final String TOKEN_SECRET = "TELEGRAM_BOT_TOKEN";

    private ApiFailureJudging() {
    }

    /** T-003's part: every failure's leaks; a model API whose failures could not be provoked leaves it undecided, and says why. */
    static PartEvaluation logsPart(ApiFailureFindings f, Outcome predicted) {
        List<Observation> seen = new ArrayList<>(observations(f, l -> true, p -> true));
        if (f.unavailable() == null && f.modelPath() != null) {
            seen.add(Observation.couldNotRun("the logs after model API failures", Reason.PRECONDITION_UNMET,
                    "the model API's failures were not provoked: " + f.modelPath()));
        }
        return PartEvaluation.claim("no secret logged when the Telegram or model API fails", predicted, seen);
    }

    /** T-010's part: the Bot API's failures only; the model path is no precondition of it. */
    static PartEvaluation botTokenPart(ApiFailureFindings f) {
        return PartEvaluation.claim("env-only: the token stays out of the logs when the Bot API fails", Outcome.BLOCKED,
                observations(f, l -> l.secret().equals(TOKEN_SECRET), Phase::telegram));
    }

    /** T-010: the bot token stays out of the logs when the Bot API fails. */
    static ClaimEvaluation botToken(ApiFailureFindings f) {
        List<PartEvaluation> parts = List.of(botTokenPart(f));
        return new ClaimEvaluation("T-010", parts, summary(f, l -> l.secret().equals(TOKEN_SECRET)), List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    /** T-002's notes: how the gateway behaved under each failure and whether it recovered (availability). */
    static ClaimEvaluation availability(ApiFailureFindings f) {
        List<PartEvaluation> notes = f.unavailable() != null
                ? List.of(PartEvaluation.note("the gateway under API failures", Outcome.SUCCEEDED,
                List.of(Observation.couldNotRun("the failure phases", Reason.PRECONDITION_UNMET, f.unavailable()))))
                : f.phases().stream().map(p -> PartEvaluation.note("under " + p.failure() + ": " + p.behaviour(), Outcome.SUCCEEDED,
                List.of(p.recovery()))).toList();
        return new ClaimEvaluation("T-002", notes, summary(f, l -> true), List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    /** One line on the failure phases and the leaks {@code which} selects, for a claim's summary. */
    static String summary(ApiFailureFindings f, Predicate<Leak> which) {
        if (f.unavailable() != null) {
            return "API failures not provoked: " + f.unavailable();
        }
        List<Leak> found = f.leaks().stream().filter(which).toList();
        long recovered = f.phases().stream().filter(p -> p.recovery().outcome() == Outcome.BLOCKED).count();
        return f.phases().size() + " API failure(s) provoked, the gateway recovered from " + recovered + "; "
                + (found.isEmpty() ? "no secret logged" : found.size() + " secret(s) logged: " + String.join(", ", found.stream()
                .map(l -> l.secret() + " in " + l.place() + " during " + l.phase()).distinct().limit(4).toList()));
    }

    /**
     * The leaks {@code which} selects; with none, BLOCKED only if a failure of the phases {@code counts} selects reached
     * the gateway: a failure the gateway never met cannot have made it log anything (the oracle could not see).
     */
    private static List<Observation> observations(ApiFailureFindings f, Predicate<Leak> which, Predicate<Phase> counts) {
        if (f.unavailable() != null) {
            return List.of(Observation.couldNotRun("the logs after API failures", Reason.PRECONDITION_UNMET, f.unavailable()));
        }
        List<Observation> seen = new ArrayList<>();
        f.leaks().stream().filter(which).forEach(l -> seen.add(Observation.succeeded(l.place() + (l.where().isEmpty() ? "" : " " + l.where())
                + " (" + l.secret() + ")", l.secret() + " (" + l.encoding() + ") logged during " + l.phase() + ": " + l.line())));
        if (seen.isEmpty() && f.phases().stream().filter(counts).noneMatch(Phase::reached)) {
            seen.add(Observation.couldNotRun("the logs after API failures", Reason.ORACLE_BLIND,
                    "no provoked failure reached the gateway, so none could have made it log a secret"));
        } else if (seen.isEmpty()) {
            seen.add(f.searched().stream().anyMatch(s -> s.startsWith("the search did not finish"))
                    ? Observation.couldNotRun("the logs after API failures", Reason.PROBE_ERROR, String.join("; ", f.searched()))
                    : Observation.blocked("the logs after " + f.phases().size() + " API failure(s)", "searched " + f.searched().size()
                    + " place(s) since the first phase: no secret"));
        }
        return seen;
    }
}
