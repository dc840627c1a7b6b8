package dev.gjallarhorn.attack.failures;

import dev.gjallarhorn.attack.agent.AgentChannel;
import dev.gjallarhorn.attack.failures.ApiFailureScenario.ApiFailureFindings;
import dev.gjallarhorn.attack.failures.ApiFailureScenario.Leak;
import dev.gjallarhorn.attack.failures.ApiFailureScenario.Phase;
import dev.gjallarhorn.attack.secrets.SecretPatterns;
import dev.gjallarhorn.doubles.LlmFailure;
import dev.gjallarhorn.doubles.TelegramFailure;
import dev.gjallarhorn.doubles.TelegramUpdate;
import dev.gjallarhorn.evidence.EvidenceStore;
import dev.gjallarhorn.host.Progress;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.run.AttackContext;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Runs the API failure phases ({@link FailurePhases}) through the agent channel, the Bot API's first and the model
 * API's after, then the log search ({@link FailureLogSearch}), and writes {@code T-003/api-failures.txt}. A run that
 * cannot provoke them gives findings that say why.
 */
final class ApiFailureProbe {

    private static final EnumSet<TelegramFailure> QUICK_TELEGRAM = EnumSet.of(TelegramFailure.SERVER_ERROR, TelegramFailure.TOO_MANY_REQUESTS,
            TelegramFailure.MALFORMED_JSON);

    private ApiFailureProbe() {
    }

    static ApiFailureFindings probe(AttackContext run) {
        Instant started = Instant.now();
        AgentChannel channel = AgentChannel.of(run);
        SecretPatterns patterns = SecretPatterns.of(run.redactor());
        String setting = run.settings().agentChannel().failures().word();
        String why = whyNotRun(channel, patterns, setting);
        if (why != null) {
            Path evidence = run.evidence().write("T-003", "api-failures.txt", "The agent channel under API failures: not run: " + why).relativePath();
            return new ApiFailureFindings(started, Duration.between(started, Instant.now()), why, List.of(), List.of(), List.of(), evidence, null);
        }
        // the model API's failures need the gateway to call the double itself; the Bot API's do not
        String modelPath = modelPathGuard(channel.modelUrl()).orElse(null);
        long sender = channel.admittedSender().get();
        long since = Instant.now().getEpochSecond() - 1;
        boolean quick = setting.equals("quick");
        List<Phase> phases = new ArrayList<>(telegramPhases(channel, sender, quick, run.session().twin().isPresent()));
        addModelPhases(channel, sender, quick, modelPath, phases);
        List<String> searched = new ArrayList<>();
        List<Leak> leaks = FailureLogSearch.search(run, patterns, since, phases, searched);
        EvidenceStore.Evidence evidence = run.evidence().write("T-003", "api-failures.txt", transcript(run, channel, phases, leaks, searched));
        Duration elapsed = Duration.between(started, Instant.now());
        Progress.say("agent channel: " + phases.size() + " API failure phases and the log search took " + elapsed.toSeconds() + " s");
        return new ApiFailureFindings(started, elapsed, null, phases, leaks, searched, evidence.relativePath(), modelPath);
    }

    /**
     * Why no failure can be provoked (the phases are off, the channel or a sender or the secrets are missing, or no
     * turn completes, not even a working turn before the failures, against which recovery is judged), or null.
     */
    private static String whyNotRun(AgentChannel channel, SecretPatterns patterns, String setting) {
        String why = setting.equals("off") ? "the failure phases are off (-D" + ApiFailureScenario.PROPERTY + "=off)"
                : channel.unavailable().orElse(channel.admittedSender().isEmpty() ? "the config allowlists no sender to write during the phases"
                : patterns.isEmpty() ? "the run could not read secrets.env on the target, so there is nothing to search for" : null);
        if (why == null && channel.noTurnCompletes().isPresent()) {
            why = channel.noTurnCompletes().get();
        }
        if (why == null) {
            // a working turn first: recovery is judged against it
            String m = channel.marker("BEFORE-FAILURES");
            channel.send(TelegramUpdate.dm(channel.admittedSender().get(), m + " hello"));
            if (channel.controlTurn(m, channel.admittedSender().get()).outcome() != AgentChannel.TurnOutcome.REACHED_MODEL) {
                why = channel.noTurnCompletes().orElse("the allowlisted sender's turn did not complete") + ": recovery could not be judged";
            }
        }
        return why;
    }

    /** The Bot API's failures, in {@link TelegramFailure}'s order; {@code quick} keeps only those that need no restart or timeout. */
    private static List<Phase> telegramPhases(AgentChannel channel, long sender, boolean quick, boolean twin) {
        List<Phase> phases = new ArrayList<>();
        // a failed connection or a timeout makes OpenClaw retry towards Telegram's own address (its transport's
        // fallback IP): provoked only on a twin, whose air gap keeps that from leaving this host
        for (TelegramFailure failure : TelegramFailure.values()) {
            if (quick && !QUICK_TELEGRAM.contains(failure)) {
                continue;
            }
            if (!twin && EnumSet.of(TelegramFailure.SLOW, TelegramFailure.CONNECTION_RESET).contains(failure)) {
                phases.add(FailurePhases.notRun(failure.description(), "not provoked on a real target: OpenClaw then falls back to Telegram's real address"));
                continue;
            }
            boolean slow = failure == TelegramFailure.SLOW;
            phases.add(FailurePhases.telegramPhase(channel, sender, failure.description(), () -> channel.telegram().fail(failure),
                    () -> channel.telegram().recover(), slow ? FailurePhases.SLOW_PHASE : FailurePhases.TELEGRAM_PHASE, slow ? 2 : 3, slow));
            if (failure == TelegramFailure.SERVER_ERROR && twin) {
                phases.add(FailurePhases.telegramPhase(channel, sender, "the connection refused (the forward to the double closed)",
                        channel::refuseTelegram, channel::reopenTelegram, FailurePhases.TELEGRAM_PHASE, 3, false));
            }
        }
        return phases;
    }

    /** The model API's failures, each after the earlier phases; none while the gateway has not recovered from one of them. */
    private static void addModelPhases(AgentChannel channel, long sender, boolean quick, String modelPath, List<Phase> phases) {
        // those that put the provider into a cooldown (a rate limit, a revoked key) come last
        for (LlmFailure failure : quick ? List.of(LlmFailure.STREAM_CUT, LlmFailure.SERVER_ERROR) : List.of(LlmFailure.STREAM_CUT,
                LlmFailure.HUNG_STREAM, LlmFailure.SERVER_ERROR, LlmFailure.TOO_MANY_REQUESTS, LlmFailure.UNAUTHORIZED)) {
            Optional<Phase> stuck = phases.stream().filter(p -> FailurePhases.isLlm(p) && p.recovery().outcome() != Outcome.BLOCKED).findFirst();
            phases.add(modelPath != null ? FailurePhases.notRun(failure.description(), modelPath)
                    : stuck.isPresent() ? FailurePhases.notRun(failure.description(), "the gateway had not recovered from " + stuck.get().failure())
                    : FailurePhases.llmPhase(channel, sender, failure));
        }
    }

    private static String transcript(AttackContext run, AgentChannel channel, List<Phase> phases, List<Leak> leaks, List<String> searched) {
        StringBuilder text = new StringBuilder("The agent channel under API failures on ").append(run.target().describe()).append("\n\n");
        phases.forEach(p -> text.append(p.failure()).append(" (").append(Duration.between(p.from(), p.to()).toSeconds()).append(" s): ")
                .append(p.behaviour()).append("; ").append(p.recovery()).append('\n'));
        text.append("\nsearched after the phases (as root): ").append(String.join("; ", searched)).append("\n\nsecrets found:\n");
        if (leaks.isEmpty()) {
            text.append("  none\n");
        }
        leaks.forEach(l -> text.append("  ").append(l.secret()).append(" (").append(l.encoding()).append(") in ").append(l.place()).append(' ')
                .append(l.where()).append(", during ").append(l.phase()).append(":\n    ").append(l.line()).append('\n'));
        text.append('\n').append(channel.transcript());
        return text.toString();
    }

    /**
     * Why the model API's failures cannot be provoked through the gateway's model endpoint, or empty when that
     * endpoint is the LLM double itself (loopback, {@link AgentChannel#LLM_PORT}): anything else between them (a
     * twin fault's limiter, a built-in provider) would not hand the double's failures on as they are.
     */
    static Optional<String> modelPathGuard(String modelUrl) {
        try {
            URI uri = URI.create(modelUrl.strip());
            if (("127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost())) && uri.getPort() == AgentChannel.LLM_PORT) {
                return Optional.empty();
            }
        } catch (IllegalArgumentException notAUrl) {
            // a built-in provider or nothing: no URL of the double
        }
        return Optional.of("the gateway's model endpoint is " + (modelUrl.isBlank() ? "unknown" : modelUrl) + ", not the LLM double at 127.0.0.1:"
                + AgentChannel.LLM_PORT + " itself: something sits between them, so the double's failures would not reach the gateway as they are");
    }
}
