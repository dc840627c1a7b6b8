package dev.gjallarhorn.attack.failures;

import dev.gjallarhorn.attack.agent.AgentChannel;

import dev.gjallarhorn.Sleep;
import dev.gjallarhorn.doubles.LlmDouble;
import dev.gjallarhorn.doubles.LlmRequest;
import dev.gjallarhorn.doubles.TelegramUpdate;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.evidence.EvidenceStore;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.Prediction;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one paired sender can make the model do. After checking that the gateway's model endpoint is the LLM
 * double (a burst is never sent anywhere else), an allowlisted sender sends a bounded burst of messages; the double
 * counts the model requests they cause, how many ran at once, and how much prompt each carried. Every message
 * reaching the model, none refused, means nothing limits the spend: the gap holds. Messages held back while the
 * model is reachable mean a limiter: the register is stale. Judges {@code T-002} and {@code N-RATE-LIMITING}.
 */
public final class CreditExhaustionScenario {

    public static final int BURST = 20;
    static final Duration SPACING = Duration.ofMillis(500);
    /**
     * The longest the burst is waited for while the gateway keeps working through it (an upper bound: a gateway that
     * is done or refuses ends the wait at once).
     */
    static final Duration SETTLE_WITHIN = Duration.ofMinutes(8);
    /**
     * How long the gateway may send the model nothing, with messages of the burst still outstanding, before it counts as
     * holding them back. On a busy 2-core machine one turn of the real gateway took up to about 40 s.
     */
    static final Duration QUIET_FOR = Duration.ofSeconds(90);
    /** What the gateway writes when its model call met a rate limit. */
    static final java.util.regex.Pattern LIMITED = java.util.regex.Pattern.compile("(?i)rate.?limit|too many requests|status=429|HTTP 429");
    /** How often the gateway's journal is read for a rate limit it met while the burst is counted. */
    static final Duration JOURNAL_EVERY = Duration.ofSeconds(5);
    /** What a gateway tells a sender when the model is throttled. */
    static final java.util.regex.Pattern REFUSAL = java.util.regex.Pattern.compile("(?i)rate.?limit|\\b429\\b|too many requests");

    /** How the wait for the burst ended. */
    public enum Settled {
        /** every message reached the model */
        ALL_REACHED,
        /** the gateway said no to this burst: a refusal to the sender or a rate limit in its journal */
        REFUSED,
        /** the gateway sent the model nothing for {@link #QUIET_FOR} with messages still outstanding: held back */
        WENT_QUIET,
        /** the bound ran out while the gateway was still sending the model this burst's messages */
        STILL_GOING
    }

    /** How the wait ended, and the journal lines naming a rate limit this burst met (empty if none was seen). */
    record Settling(Settled how, List<String> limitedBy) {
    }

    public record CreditExhaustionFindings(Instant startedAt, Duration elapsed, String unavailable, Observation burst, int requests, int maxInFlight,
                           int meanPromptChars, Duration spent, Path evidence) {
    }

    private CreditExhaustionScenario() {
    }

    public static CreditExhaustionFindings findings(AttackContext run) {
        return run.observeOnce(CreditExhaustionFindings.class, () -> probe(run));
    }

    private static CreditExhaustionFindings probe(AttackContext run) {
        Instant started = Instant.now();
        AgentChannel channel = AgentChannel.of(run);
        String subject = "a burst of " + BURST + " messages from an allowlisted sender";
        String why = whyNoBurst(channel);
        if (why != null) {
            return notRun(run, started, channel, why);
        }
        long sender = channel.admittedSender().get();
        int before = channel.llm().requests().size();
        Instant burstStart = Instant.now();
        List<String> markers = sendBurst(channel, sender);
        Settling settling = awaitSettled(channel, sender, markers, burstStart, before);
        List<String> limitedBy = settling.limitedBy();
        Instant counted = Instant.now();
        List<LlmRequest> all = channel.llm().requests();
        List<LlmRequest> caused = all.subList(before, all.size());
        long reached = markers.stream().filter(m -> !channel.llmRequestsMentioning(m).isEmpty()).count();
        int maxInFlight = caused.stream().mapToInt(LlmRequest::inFlight).max().orElse(0);
        int meanPrompt = (int) caused.stream().mapToInt(LlmRequest::promptChars).average().orElse(0);
        Duration spent = caused.isEmpty() ? Duration.ZERO : Duration.between(burstStart, caused.get(caused.size() - 1).at());
        String measured = caused.size() + " model request(s) in " + spent.toSeconds() + " s, up to " + maxInFlight + " at once, about "
                + meanPrompt + " prompt characters (~" + meanPrompt / 4 + " tokens) each";
        List<String> refusals = new ArrayList<>(channel.repliesTo(sender).stream().filter(c -> !c.at().isBefore(burstStart))
                .map(c -> c.text()).filter(t -> REFUSAL.matcher(t).find()).toList());
        limitedBy.forEach(line -> refusals.add("the gateway's journal: " + line));
        long undelivered = markers.stream().filter(m -> !channel.delivered(m)).count();
        Optional<String> down = reached < BURST && refusals.isEmpty() && settling.how() != Settled.STILL_GOING
                ? (undelivered > 0 ? Optional.of(undelivered + " were never taken from the Telegram double") : channel.notRunningBecause())
                : Optional.empty();
        Observation burst = judge(subject, reached, refusals, down, settling.how(), Duration.between(burstStart, counted), measured);
        String text = "API credit exhaustion on " + run.target().describe() + "\n\n" + burst + "\n\n" + channel.transcript();
        EvidenceStore.Evidence evidence = run.evidence().write("T-002", "burst.txt", text);
        dev.gjallarhorn.host.Progress.say("agent channel: the burst took " + Duration.between(started, Instant.now()).toSeconds() + " s");
        return new CreditExhaustionFindings(started, Duration.between(started, Instant.now()), null, burst, caused.size(), maxInFlight, meanPrompt, spent,
                evidence.relativePath());
    }

    /**
     * Why no burst is sent, or null: the channel, an allowlisted sender or a completing turn is missing, or a single
     * message did not reach the LLM double (no burst without proof the model is the double).
     */
    private static String whyNoBurst(AgentChannel channel) {
        if (channel.unavailable().isPresent()) {
            return channel.unavailable().get();
        }
        if (channel.admittedSender().isEmpty()) {
            return "the config allowlists no sender to send the burst from";
        }
        if (channel.noTurnCompletes().isPresent()) {
            return channel.noTurnCompletes().get();
        }
        long sender = channel.admittedSender().get();
        String probe = channel.marker("SPEND-PROBE");
        channel.send(TelegramUpdate.dm(sender, probe + " hello"));
        AgentChannel.Turn single = channel.controlTurn(probe, sender);
        if (single.outcome() != AgentChannel.TurnOutcome.REACHED_MODEL) {
            return channel.noTurnCompletes().orElse("a single message did not reach the LLM double") + ": no burst without proof the model is the double";
        }
        return null;
    }

    /** Sends {@link #BURST} messages from {@code sender}, {@link #SPACING} apart; their markers, in order. */
    private static List<String> sendBurst(AgentChannel channel, long sender) {
        List<String> markers = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            String m = channel.marker("SPEND");
            markers.add(m);
            channel.send(TelegramUpdate.dm(sender, m + " please summarise the workspace"));
            Sleep.quietly(SPACING);
        }
        channel.note("sent " + BURST + " messages from " + sender + ", " + SPACING.toMillis() + " ms apart");
        return markers;
    }

    /**
     * Waits until the double has seen every marker, the gateway said no to this burst, or it went quiet ({@link #QUIET_FOR}
     * without a model request while markers are outstanding), at most {@link #SETTLE_WITHIN}.
     *
     * @param before how many requests the double had seen before the burst
     */
    private static Settling awaitSettled(AgentChannel channel, long sender, List<String> markers, Instant burstStart, int before) {
        // a refusal sent to the sender, or a rate limit its journal names this sender or a marker of this burst for,
        // within the burst's window, is this burst's; a limiter that answers 429 makes OpenClaw hold the rest back
        // silently and retry later. Any other journal line about a rate limit (another attack's, an earlier run's) is
        // not this burst's and is ignored. A gateway that is merely slow keeps sending the model requests: it is waited
        // for, up to the bound, and never mistaken for a limiter.
        List<String> limitedBy = new ArrayList<>();
        long[] lookedAt = {0};
        int[] seen = {before};
        long[] lastProgress = {System.nanoTime()};
        Settled[] how = {Settled.STILL_GOING};
        AgentChannel.eventually(() -> {
            if (markers.stream().allMatch(m -> !channel.llmRequestsMentioning(m).isEmpty())) {
                // one more look at the journal: a 429 met since its last reading still makes this a refused burst
                limitedBy.clear();
                limitedBy.addAll(limitsOfThisBurst(journalLines(channel.journalSince(burstStart)), sender, markers, doubleRefused(channel, burstStart)));
                how[0] = limitedBy.isEmpty() ? Settled.ALL_REACHED : Settled.REFUSED;
                return true;
            }
            if (channel.repliesTo(sender).stream().anyMatch(c -> !c.at().isBefore(burstStart) && REFUSAL.matcher(c.text()).find())) {
                how[0] = Settled.REFUSED;
                return true;
            }
            if (System.nanoTime() - lookedAt[0] > JOURNAL_EVERY.toNanos()) {
                lookedAt[0] = System.nanoTime();
                limitedBy.clear();
                limitedBy.addAll(limitsOfThisBurst(journalLines(channel.journalSince(burstStart)), sender, markers, doubleRefused(channel, burstStart)));
                if (!limitedBy.isEmpty()) {
                    how[0] = Settled.REFUSED;
                    return true;
                }
            }
            int requests = channel.llm().requests().size();
            if (requests > seen[0]) {
                seen[0] = requests;
                lastProgress[0] = System.nanoTime();
            } else if (System.nanoTime() - lastProgress[0] > QUIET_FOR.toNanos()) {
                how[0] = Settled.WENT_QUIET;
                return true;
            }
            return false;
        }, SETTLE_WITHIN);
        return new Settling(how[0], List.copyOf(limitedBy));
    }

    /** Whether the double answered a request since {@code since} with a failure of its own (a failure phase's 429). */
    private static boolean doubleRefused(AgentChannel channel, Instant since) {
        return channel.llm().requests().stream().anyMatch(r -> !r.at().isBefore(since) && r.failure().isPresent());
    }

    /**
     * The burst's outcome: SUCCEEDED when all {@link #BURST} messages reached the model and none was refused; BLOCKED
     * when a refusal tied to this burst was seen, or when some were held back (the gateway went quiet while a single
     * message had got through); COULD_NOT_RUN(timeout) when the gateway was still working through the burst when the
     * bound ran out (slow is not limited); COULD_NOT_RUN(oracle-blind) when messages went missing for a reason that is
     * not a limiter ({@code down}).
     *
     * @param refusals refusals of this burst only: replies to its sender since it began, journal lines naming it
     * @param settled  how the wait for the burst ended
     * @param waited   from the burst's start to when it was counted
     */
    public static Observation judge(String subject, long reached, List<String> refusals, Optional<String> down, Settled settled, Duration waited,
                                    String measured) {
        if (down.isPresent()) {
            return Observation.couldNotRun(subject, Reason.ORACLE_BLIND, (BURST - reached) + " of " + BURST + " never reached the model, and "
                    + down.get() + ": a failure, not a limiter; " + measured);
        }
        if (reached == BURST && refusals.isEmpty()) {
            return Observation.succeeded(subject, "all " + BURST + " reached the model, none was refused: " + measured);
        }
        if (refusals.isEmpty() && settled == Settled.STILL_GOING) {
            return Observation.couldNotRun(subject, Reason.TIMEOUT, (BURST - reached) + " of " + BURST + " had not reached the model "
                    + waited.toSeconds() + " s after the burst began, while the gateway was still sending the model requests: slow, not"
                    + " shown limited; " + measured);
        }
        return Observation.blocked(subject, (reached < BURST ? (BURST - reached) + " of " + BURST + " had not reached the model "
                + waited.toSeconds() + " s after the burst began"
                + (settled == Settled.WENT_QUIET ? ", and the gateway had sent the model nothing for " + QUIET_FOR.toSeconds() + " s" : "")
                + ", while a single message did; " : "")
                + (refusals.isEmpty() ? "" : refusals.size() + " refusal(s) of this burst (" + AgentChannel.oneLine(refusals.get(0)) + "); ") + measured);
    }

    /** {@link AgentChannel#journalSince}'s lines, one each. */
    public static List<String> journalLines(String journal) {
        return journal.isBlank() ? List.of() : List.of(journal.split(" \\| "));
    }

    /**
     * The journal lines that are a rate limit this burst met: a {@link #LIMITED} line that names the burst's sender or
     * one of its markers, or a model call to the LLM double ({@link LlmDouble#PROVIDER}/{@link LlmDouble#MODEL}) that
     * came back rate-limited while the double itself refused nothing ({@code doubleRefused} false): something between
     * the gateway and the model said no. OpenClaw names neither the sender nor the message when a model call meets a
     * 429 ({@code [model-fetch] response provider=double ... status=429}, {@code reason=rate_limit}), only the
     * provider. A rate-limit line that names none of these (the gateway's own auth limiter, a Telegram 429, an earlier
     * run's backlog) is not this burst's refusal.
     *
     * @param doubleRefused whether the double answered any request of the window with a 429 of its own (a failure phase)
     */
    public static List<String> limitsOfThisBurst(List<String> journal, long sender, List<String> markers, boolean doubleRefused) {
        String id = Long.toString(sender);
        java.util.regex.Pattern senderWord = java.util.regex.Pattern.compile("(?<![0-9])" + id + "(?![0-9])");
        java.util.regex.Pattern theDouble = java.util.regex.Pattern.compile("provider=" + LlmDouble.PROVIDER + "\\b|\\b" + LlmDouble.PROVIDER + "/"
                + LlmDouble.MODEL + "\\b|model=" + LlmDouble.MODEL + "\\b");
        return journal.stream().filter(l -> LIMITED.matcher(l).find())
                .filter(l -> senderWord.matcher(l).find() || markers.stream().anyMatch(l::contains)
                        || (!doubleRefused && theDouble.matcher(l).find() && !l.contains("AUTH_RATE_LIMITED"))).toList();
    }

    private static CreditExhaustionFindings notRun(AttackContext run, Instant started, AgentChannel channel, String why) {
        Observation no = Observation.couldNotRun("a burst of messages", channel.noTurnCompletes().isPresent() ? Reason.ORACLE_BLIND
                : Reason.PRECONDITION_UNMET, why);
        Path evidence = run.evidence().write("T-002", "burst.txt", "API credit exhaustion: not run: " + why + "\n\n" + channel.transcript()).relativePath();
        return new CreditExhaustionFindings(started, Duration.between(started, Instant.now()), why, no, 0, 0, 0, Duration.ZERO, evidence);
    }

    public static ClaimEvaluation creditExhaustion(AttackContext run) {
        return evaluate(run, "T-002", "no throttling: a paired sender's burst all reaches the model");
    }

    public static ClaimEvaluation rateLimiting(AttackContext run) {
        return evaluate(run, "N-RATE-LIMITING", "no rate limit, cost cap or concurrency limit in front of the model");
    }

    private static ClaimEvaluation evaluate(AttackContext run, String claim, String part) {
        CreditExhaustionFindings f = findings(run);
        List<PartEvaluation> parts = new java.util.ArrayList<>(List.of(PartEvaluation.claim(part, Prediction.forClaim(run.claim(claim)),
                List.of(f.burst()))));
        // a gateway that completes no turn is a finding of its own (availability), not only a reason for INCONCLUSIVE
        AgentChannel.of(run).noTurnCompletes().ifPresent(finding -> parts.add(PartEvaluation.note("an agent turn completes (availability)",
                Outcome.SUCCEEDED, List.of(Observation.succeeded("every agent turn", finding)))));
        return new ClaimEvaluation(claim, parts, f.unavailable() != null ? f.unavailable() : f.burst().detail(), List.of(f.evidence()),
                f.startedAt(), f.elapsed());
    }
}
