package dev.gjallarhorn.attack.failures;

import dev.gjallarhorn.attack.agent.AgentChannel;
import dev.gjallarhorn.attack.agent.GatewayResponse;
import dev.gjallarhorn.attack.secrets.SecretPatterns;
import dev.gjallarhorn.probe.ScriptOutput;

import dev.gjallarhorn.doubles.LlmFailure;
import dev.gjallarhorn.doubles.TelegramDouble;
import dev.gjallarhorn.doubles.TelegramFailure;
import dev.gjallarhorn.doubles.TelegramUpdate;
import dev.gjallarhorn.host.Progress;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.evidence.EvidenceStore;
import dev.gjallarhorn.evidence.Redactor;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.RemoteScript;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.Prediction;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent channel's error paths. One failure at a time is switched on for a bounded phase while the gateway runs:
 * the Telegram double answers every Bot API call with a {@link TelegramFailure} (or its forward is closed: a refused
 * connection), then the LLM double answers every model call with an {@link LlmFailure}; the allowlisted sender writes
 * during each phase, so the failure meets a real turn. After each phase the failure is switched off and a normal turn
 * (the message reaches the model and the answer comes back through Telegram) proves the gateway recovered; if it does
 * not within {@link #RECOVERY_WITHIN}, the gateway is restarted and that is noted. How the gateway behaved (calls it
 * retried, their spacing, restarts of its unit, its answer to the sender) is a note per failure: availability evidence
 * for {@code T-002}. Then the journal, OpenClaw's file logs and /var/log since the first phase are searched for the
 * run's secret values in every encoding (API clients often log the request that failed, and a Bot API URL carries
 * the token): each hit is a part of {@code T-003} (and of {@code T-010} for the bot token) with its line, redacted, and
 * the failure whose phase it fell in.
 */
public final class ApiFailureScenario {

    static final Duration TELEGRAM_PHASE = Duration.ofSeconds(6);
    /** OpenClaw gives a getUpdates call 45 s (its TELEGRAM_GET_UPDATES_REQUEST_TIMEOUT_MS): a slow phase outlasts that. */
    static final Duration SLOW_PHASE = Duration.ofSeconds(60);
    static final Duration LLM_PHASE = Duration.ofSeconds(20);
    static final Duration HUNG_FOR = Duration.ofSeconds(8);
    static final Duration RECOVERY_WITHIN = Duration.ofSeconds(90);
    /** A polling gateway calls getUpdates again within a second or two of an answer: this long without a call, it stopped. */
    static final Duration STOPPED_FOR = Duration.ofSeconds(15);
    /**
     * {@code -Dgjallarhorn.agentChannel.failures=all} provokes every failure; {@code quick} (the default) only those that
     * need neither a restart nor a timeout to pass (502, 429 and malformed JSON from the Bot API, a refused connection,
     * a cut stream and a 500 from the model: under a minute); {@code off} none (their parts are then INCONCLUSIVE).
     */
    public static final String PROPERTY = "gjallarhorn.agentChannel.failures";
    private static final EnumSet<TelegramFailure> QUICK_TELEGRAM = EnumSet.of(TelegramFailure.SERVER_ERROR, TelegramFailure.TOO_MANY_REQUESTS,
            TelegramFailure.MALFORMED_JSON);
    private static final RemoteScript SEARCH = RemoteScript.load(ApiFailureScenario.class, "failure-logs.sh");
    private static final String TOKEN_SECRET = "TELEGRAM_BOT_TOKEN";
    /** A syslog file line's own stamp (rsyslog's RFC 3339 format): {@code 2026-11-30T12:28:56.814880+00:00 host …}. */
    private static final Pattern SYSLOG_TIME = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?(?:Z|[+-]\\d\\d:\\d\\d))\\s");
    private static final Pattern JSON_TIME = Pattern.compile("\"time\"\\s*:\\s*\"([^\"]+)\"");

    /** One failure phase: what failed, when, how the gateway behaved, and whether (and how fast) it recovered. */
    /** One failure phase; {@code reached} says whether the failure met the gateway at all (a call that failed). */
    public record Phase(String failure, Instant from, Instant to, String behaviour, Observation recovery, boolean reached, boolean telegram) {
    }

    /** A secret found in a log after the phases: where, which secret and encoding, its line (redacted), and the phase it fell in. */
    public record Leak(String place, String where, String secret, String encoding, String line, String phase) {
    }

    /**
     * @param unavailable why no failure was provoked (every part undecided), or null
     * @param modelPath   why the model API's failures were not provoked while the Bot API's were, or null
     */
    public record Findings(Instant startedAt, Duration elapsed, String unavailable, List<Phase> phases, List<Leak> leaks, List<String> searched,
                           Path evidence, String modelPath) {
    }

    private ApiFailureScenario() {
    }

    public static Findings findings(AttackContext run) {
        return run.observeOnce(Findings.class, () -> probe(run));
    }

    private static Findings probe(AttackContext run) {
        Instant started = Instant.now();
        AgentChannel channel = AgentChannel.of(run);
        SecretPatterns patterns = SecretPatterns.of(run.redactor());
        String setting = run.settings().agentChannelFailures();
        String why = setting.equals("off") ? "the failure phases are off (-D" + PROPERTY + "=off)"
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
        if (why != null) {
            Path evidence = run.evidence().write("T-003", "api-failures.txt", "The agent channel under API failures: not run: " + why).relativePath();
            return new Findings(started, Duration.between(started, Instant.now()), why, List.of(), List.of(), List.of(), evidence, null);
        }
        // the model API's failures need the gateway to call the double itself; the Bot API's do not
        String modelPath = modelPathGuard(channel.modelUrl()).orElse(null);
        long sender = channel.admittedSender().get();
        long since = Instant.now().getEpochSecond() - 1;
        List<Phase> phases = new ArrayList<>();
        // a failed connection or a timeout makes OpenClaw retry towards Telegram's own address (its transport's
        // fallback IP): provoked only on a twin, whose air gap keeps that from leaving this host
        boolean twin = run.session().twin().isPresent();
        boolean quick = setting.equals("quick");
        for (TelegramFailure failure : TelegramFailure.values()) {
            if (quick && !QUICK_TELEGRAM.contains(failure)) {
                continue;
            }
            if (!twin && EnumSet.of(TelegramFailure.SLOW, TelegramFailure.CONNECTION_RESET).contains(failure)) {
                phases.add(notRun(failure.description(), "not provoked on a real target: OpenClaw then falls back to Telegram's real address"));
                continue;
            }
            phases.add(telegramPhase(channel, sender, failure.description(), () -> channel.telegram().fail(failure), () -> channel.telegram().recover(),
                    failure == TelegramFailure.SLOW ? SLOW_PHASE : TELEGRAM_PHASE, failure == TelegramFailure.SLOW ? 2 : 3, failure == TelegramFailure.SLOW));
            if (failure == TelegramFailure.SERVER_ERROR && twin) {
                phases.add(telegramPhase(channel, sender, "the connection refused (the forward to the double closed)", channel::refuseTelegram,
                        channel::reopenTelegram, TELEGRAM_PHASE, 3, false));
            }
        }
        // those that put the provider into a cooldown (a rate limit, a revoked key) come last
        for (LlmFailure failure : quick ? List.of(LlmFailure.STREAM_CUT, LlmFailure.SERVER_ERROR) : List.of(LlmFailure.STREAM_CUT,
                LlmFailure.HUNG_STREAM, LlmFailure.SERVER_ERROR, LlmFailure.TOO_MANY_REQUESTS, LlmFailure.UNAUTHORIZED)) {
            Optional<Phase> stuck = phases.stream().filter(p -> isLlm(p) && p.recovery().outcome() != Outcome.BLOCKED).findFirst();
            phases.add(modelPath != null ? notRun(failure.description(), modelPath)
                    : stuck.isPresent() ? notRun(failure.description(), "the gateway had not recovered from " + stuck.get().failure())
                    : llmPhase(channel, sender, failure));
        }
        List<String> searched = new ArrayList<>();
        List<Leak> leaks = search(run, patterns, since, phases, searched);
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
        EvidenceStore.Evidence evidence = run.evidence().write("T-003", "api-failures.txt", text.toString());
        Duration elapsed = Duration.between(started, Instant.now());
        Progress.say("agent channel: " + phases.size() + " API failure phases and the log search took " + elapsed.toSeconds() + " s");
        return new Findings(started, elapsed, null, phases, leaks, searched, evidence.relativePath(), modelPath);
    }

    /**
     * A phase of a Telegram failure: it lasts until the gateway made {@code calls} failed calls (it retried: for a slow
     * answer, it gave up on the first and called again) or {@code bound}.
     */
    private static Phase telegramPhase(AgentChannel channel, long sender, String failure, Runnable on, Runnable off, Duration bound, int calls,
                                       boolean slow) {
        TelegramDouble telegram = channel.telegram();
        String restartsBefore = channel.unitState();
        Instant from = Instant.now();
        on.run();
        // the sender writes during the phase: polled, it waits in the double; posted to a webhook, its turn's replies fail
        String during = channel.marker("DURING");
        channel.send(TelegramUpdate.dm(sender, during + " are you there?"));
        // a slow answer is given up on when the gateway polls again: only then does a second getUpdates come
        boolean countPollsOnly = slow && telegram.webhook().isEmpty();
        AgentChannel.eventually(() -> telegram.failedCalls().stream().filter(c -> !c.at().isBefore(from))
                .filter(c -> !countPollsOnly || c.method().equals("getUpdates")).count() >= calls, bound);
        Instant to = Instant.now();
        off.run();
        List<TelegramDouble.FailedCall> failed = telegram.failedCalls().stream().filter(c -> !c.at().isBefore(from) && !c.at().isAfter(to)).toList();
        String behaviour = failed.isEmpty() ? "no Bot API call reached the double during the phase"
                : failed.size() + " Bot API call(s) failed (" + String.join(", ", failed.stream().map(TelegramDouble.FailedCall::method).distinct().toList())
                + ")" + spacing(failed.stream().map(TelegramDouble.FailedCall::at).toList());
        return recover(channel, sender, failure, from, to, behaviour, restartsBefore, !failed.isEmpty(), true);
    }

    private static Phase llmPhase(AgentChannel channel, long sender, LlmFailure failure) {
        String restartsBefore = channel.unitState();
        Instant from = Instant.now();
        channel.llm().fail(failure);
        String during = channel.marker("DURING");
        channel.send(TelegramUpdate.dm(sender, during + " are you there?"));
        // the phase lasts until the turn met the failure and the gateway either told the sender (its own words) or
        // retried twice; a hung stream is held for HUNG_FOR after the gateway opened it
        java.util.function.Supplier<List<dev.gjallarhorn.doubles.LlmRequest>> failedCalls = () -> channel.llm().requests().stream()
                .filter(r -> r.failure().isPresent() && !r.at().isBefore(from)).toList();
        AgentChannel.eventually(() -> !failedCalls.get().isEmpty(), LLM_PHASE);
        // what the gateway tells the sender after its model call failed (earlier words may be about an earlier failure)
        Instant failedAt = failedCalls.get().stream().map(dev.gjallarhorn.doubles.LlmRequest::at).findFirst().orElse(from);
        java.util.function.Supplier<GatewayResponse> told = () -> GatewayResponse.towards(channel.telegram(), sender, failedAt);
        if (failure == LlmFailure.HUNG_STREAM) {
            dev.gjallarhorn.Sleep.quietly(HUNG_FOR);
        } else {
            AgentChannel.eventually(() -> failedCalls.get().size() >= 3 || !told.get().ownWords().isEmpty(), LLM_PHASE);
        }
        Instant to = Instant.now();
        channel.llm().recover();
        long calls = failedCalls.get().size();
        GatewayResponse answer = told.get();
        List<String> words = answer.ownWords();
        String behaviour = calls + " model call(s) failed" + spacing(failedCalls.get().stream().map(dev.gjallarhorn.doubles.LlmRequest::at).toList())
                + "; the sender got " + (words.isEmpty() ? "no word of it" : "'" + AgentChannel.oneLine(words.get(0)) + "'") + " within "
                + Duration.between(from, to).toSeconds() + " s";
        return recover(channel, sender, failure.description(), from, to, behaviour, restartsBefore, calls > 0, false);
    }

    /** A normal turn after the phase: its message reaches the model and the model's answer comes back through Telegram. */
    /**
     * A normal turn after the phase: its message reaches the model and the model's answer comes back through Telegram.
     * A gateway that stopped polling the Bot API is restarted (its poller does not come back by itself); one whose
     * model calls do not come back is left alone: OpenClaw keeps a provider's cooldown (30 s, 1 min, then 5 min after
     * repeated rate-limit or auth failures) in its store, so a restart would not end it.
     */
    private static Phase recover(AgentChannel channel, long sender, String failure, Instant from, Instant to, String behaviour, String unitBefore,
                                 boolean reached, boolean telegram) {
        String m = channel.marker("RECOVERED");
        Instant asked = Instant.now();
        channel.send(TelegramUpdate.dm(sender, m + " hello again"));
        // back when a normal turn completed; given up on when a polling gateway made no Bot API call for STOPPED_FOR
        boolean polling = channel.telegram().webhook().isEmpty();
        AgentChannel.eventually(() -> recovered(channel, sender, m) || polling && Duration.between(asked, Instant.now()).compareTo(STOPPED_FOR) > 0
                && channel.telegram().calls(c -> c.at().isAfter(asked)).isEmpty(), RECOVERY_WITHIN);
        boolean back = recovered(channel, sender, m);
        String journal = channel.journalSince(from);
        behaviour = behaviour + (journal.isBlank() ? "" : "; its journal: " + journal);
        String unitAfter = channel.unitState();
        String unit = unitAfter.equals(unitBefore) ? "" : "; the unit went from " + unitBefore + " to " + unitAfter;
        Observation recovery;
        if (back) {
            recovery = Observation.blocked("recovery after " + failure, "a normal turn completed " + Duration.between(asked, Instant.now()).toSeconds()
                    + " s after the failure ended");
        } else if (behaviour.contains("model call(s)")) {
            recovery = Observation.succeeded("recovery after " + failure, "no normal turn completed within " + RECOVERY_WITHIN.toSeconds()
                    + " s after the failure ended (the provider's cooldown outlasts it; its journal says why)");
        } else {
            Instant restart = Instant.now();
            channel.act("restart");
            boolean listening = AgentChannel.eventually(() -> channel.telegram().listeningSince(restart), AgentChannel.READY_WITHIN);
            boolean stopped = channel.telegram().calls(c -> c.at().isAfter(asked) && c.at().isBefore(restart)).isEmpty();
            recovery = Observation.succeeded("recovery after " + failure, (stopped ? "the gateway stopped calling the Bot API (no call for "
                    + Duration.between(asked, restart).toSeconds() + " s after the failure ended)" : "no normal turn completed within "
                    + Duration.between(asked, restart).toSeconds() + " s after the failure ended") + "; gjallarhorn restarted the gateway ("
                    + (listening ? "it came back" : "it did not come back") + ")");
        }
        channel.note("failure phase: " + failure + ": " + behaviour + unit + "; " + recovery.detail());
        return new Phase(failure, from, to, behaviour + unit, recovery, reached, telegram);
    }

    private static boolean isLlm(Phase phase) {
        return phase.behaviour().contains("model call(s)");
    }

    private static Phase notRun(String failure, String why) {
        Instant now = Instant.now();
        return new Phase(failure, now, now, "not provoked", Observation.couldNotRun("recovery after " + failure, Reason.PRECONDITION_UNMET, why),
                false, false);
    }

    private static boolean recovered(AgentChannel channel, long sender, String marker) {
        return !channel.llmRequestsMentioning(marker).isEmpty()
                && channel.responseTo(sender, marker).replies().stream().anyMatch(r -> r.contains(dev.gjallarhorn.doubles.LlmDouble.REPLY));
    }

    private static String spacing(List<Instant> at) {
        if (at.size() < 2) {
            return "";
        }
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < at.size(); i++) {
            gaps.add(Duration.between(at.get(i - 1), at.get(i)).toMillis());
        }
        return ", retried after " + String.join(", ", gaps.stream().limit(6).map(g -> g + " ms").toList()) + (gaps.size() > 6 ? ", …" : "");
    }

    private static List<Leak> search(AttackContext run, SecretPatterns patterns, long since, List<Phase> phases, List<String> searched) {
        ScriptOutput out = ScriptOutput.of(run.target().run(Cmd.script(SEARCH, run.token(), Long.toString(since), patterns.upload(run, "failures"))
                .asRoot(), Duration.ofMinutes(2)));
        out.all("SEARCHED").forEach(l -> searched.add(l.rest(0)));
        if (out.all("SEARCH-END").isEmpty()) {
            searched.add("the search did not finish: " + out.result().describe());
        }
        Redactor redactor = run.redactor();
        List<Leak> leaks = new ArrayList<>();
        for (ScriptOutput.Line hit : out.all("HIT")) {
            Redactor.Form form = patterns.form(Integer.parseInt(hit.word(2)));
            String line = hit.rest(3);
            Optional<Instant> at = when(hit.word(0), line);
            String phase = at.flatMap(t -> phases.stream().filter(p -> !t.isBefore(p.from()) && !t.isAfter(p.to().plusSeconds(2)))
                    .map(Phase::failure).findFirst()).orElse(at.isPresent() ? "no failure phase (the gateway's normal work)" : "the failure phases (no time on the line)");
            leaks.add(new Leak(hit.word(0), hit.word(1).equals("-") ? "" : hit.word(1), form.secretName(), form.encoding(),
                    AgentChannel.oneLine(redactor.scrub(line)), phase));
        }
        return leaks;
    }

    /** When a log line was written: the journal's Unix timestamp, a JSONL line's {@code "time"}, or a syslog line's own stamp. */
    public static Optional<Instant> when(String place, String line) {
        try {
            if (place.equals("journald")) {
                String first = line.split("\\s+", 2)[0];
                double seconds = Double.parseDouble(first);
                return Optional.of(Instant.ofEpochMilli((long) (seconds * 1000)));
            }
            Matcher m = JSON_TIME.matcher(line);
            if (m.find()) {
                return Optional.of(Instant.parse(m.group(1)));
            }
            Matcher stamp = SYSLOG_TIME.matcher(line);
            return stamp.find() ? Optional.of(java.time.OffsetDateTime.parse(stamp.group(1)).toInstant()) : Optional.empty();
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * Why the model API's failures cannot be provoked through the gateway's model endpoint, or empty when that
     * endpoint is the LLM double itself (loopback, {@link AgentChannel#LLM_PORT}): anything else between them (a
     * twin fault's limiter, a built-in provider) would not hand the double's failures on as they are.
     */
    static Optional<String> modelPathGuard(String modelUrl) {
        try {
            java.net.URI uri = java.net.URI.create(modelUrl.strip());
            if (("127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost())) && uri.getPort() == AgentChannel.LLM_PORT) {
                return Optional.empty();
            }
        } catch (IllegalArgumentException notAUrl) {
            // a built-in provider or nothing: no URL of the double
        }
        return Optional.of("the gateway's model endpoint is " + (modelUrl.isBlank() ? "unknown" : modelUrl) + ", not the LLM double at 127.0.0.1:"
                + AgentChannel.LLM_PORT + " itself: something sits between them, so the double's failures would not reach the gateway as they are");
    }

    /** For T-003: no secret in a log after the API failures. */
    public static PartEvaluation logsPart(AttackContext run, Outcome predicted) {
        return logsPart(findings(run), predicted);
    }

    /** T-003's part: every failure's leaks; a model API whose failures could not be provoked leaves it undecided, and says why. */
    static PartEvaluation logsPart(Findings f, Outcome predicted) {
        List<Observation> seen = new ArrayList<>(observations(f, l -> true, p -> true));
        if (f.unavailable() == null && f.modelPath() != null) {
            seen.add(Observation.couldNotRun("the logs after model API failures", Reason.PRECONDITION_UNMET,
                    "the model API's failures were not provoked: " + f.modelPath()));
        }
        return PartEvaluation.claim("no secret logged when the Telegram or model API fails", predicted, seen);
    }

    /** For T-010: the bot token stays out of the logs when the Bot API fails. */
    public static ClaimEvaluation botTokenUnderFailure(AttackContext run) {
        Findings f = findings(run);
        List<PartEvaluation> parts = List.of(botTokenPart(f));
        return new ClaimEvaluation("T-010", parts, summary(f, l -> l.secret().equals(TOKEN_SECRET)), List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    /** T-010's part: the Bot API's failures only; the model path is no precondition of it. */
    static PartEvaluation botTokenPart(Findings f) {
        return PartEvaluation.claim("env-only: the token stays out of the logs when the Bot API fails", Outcome.BLOCKED,
                observations(f, l -> l.secret().equals(TOKEN_SECRET), Phase::telegram));
    }

    /** For T-002: {@code burst} with notes on how the gateway behaved under each failure and whether it recovered (availability). */
    public static ClaimEvaluation withAvailability(AttackContext run, ClaimEvaluation burst) {
        ClaimEvaluation notes = availability(run);
        List<PartEvaluation> parts = new ArrayList<>(burst.parts());
        parts.addAll(notes.parts());
        List<Path> evidence = new ArrayList<>(burst.evidence());
        evidence.addAll(notes.evidence());
        // the burst's own summary is already the claim's (its test judged it first): only the notes' is new
        return new ClaimEvaluation(burst.claimId(), parts, notes.observed(), evidence, burst.startedAt(), burst.elapsed().plus(notes.elapsed()));
    }

    static ClaimEvaluation availability(AttackContext run) {
        Findings f = findings(run);
        List<PartEvaluation> notes = f.unavailable() != null
                ? List.of(PartEvaluation.note("the gateway under API failures", Outcome.SUCCEEDED,
                List.of(Observation.couldNotRun("the failure phases", Reason.PRECONDITION_UNMET, f.unavailable()))))
                : f.phases().stream().map(p -> PartEvaluation.note("under " + p.failure() + ": " + p.behaviour(), Outcome.SUCCEEDED,
                List.of(p.recovery()))).toList();
        return new ClaimEvaluation("T-002", notes, summary(f, l -> true), List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    /** One line on the failure phases and what they left in the logs, for a claim's summary. */
    public static String summaryOf(AttackContext run) {
        return summary(findings(run), l -> true);
    }

    static String summary(Findings f, java.util.function.Predicate<Leak> which) {
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
    private static List<Observation> observations(Findings f, java.util.function.Predicate<Leak> which, java.util.function.Predicate<Phase> counts) {
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
