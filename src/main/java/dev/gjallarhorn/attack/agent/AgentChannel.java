package dev.gjallarhorn.attack.agent;

import dev.gjallarhorn.probe.ScriptOutput;

import static org.awaitility.Awaitility.await;

import dev.gjallarhorn.doubles.LlmDouble;
import dev.gjallarhorn.doubles.LlmRequest;
import dev.gjallarhorn.doubles.TelegramCall;
import dev.gjallarhorn.doubles.TelegramDouble;
import dev.gjallarhorn.doubles.TelegramUpdate;
import dev.gjallarhorn.host.Progress;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.LocalForward;
import dev.gjallarhorn.remote.RemoteForward;
import dev.gjallarhorn.remote.RemoteScript;
import dev.gjallarhorn.remote.TargetUnreachable;
import dev.gjallarhorn.twin.GatewayRuntime;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The way in for the agent-channel attacks: the real OpenClaw gateway on the target, talking to gjallarhorn's
 * Telegram and LLM doubles through SSH remote forwards on the target's loopback. Opened once per run. On a twin
 * the gateway is already configured for the doubles; elsewhere it is re-pointed only with
 * {@code -Dgjallarhorn.invasive=true}. Either way the gateway's state ({@code ~/.openclaw}), its sandbox
 * containers and its unit state are kept first and put back when the run ends, whatever happened in between.
 */
public final class AgentChannel implements AutoCloseable {

    public static final int TELEGRAM_PORT = 28081;
    public static final int LLM_PORT = 28082;
    /** The sender used where the config lets everyone in. */
    static final long ANY_SENDER = 555000199L;
    public static final Duration READY_WITHIN = Duration.ofMinutes(4);
    /** How long a failed turn's answer stands without a model request before the turn counts as failed. */
    static final Duration FAILED_TURN_CONFIRMED = Duration.ofSeconds(2);
    /** Longer than the longest poll the Telegram double allows (20 s): a gateway that is up polls again within it. */
    static final Duration POLLING_GAP = Duration.ofSeconds(45);
    private static final RemoteScript SCRIPT = RemoteScript.load(AgentChannel.class, "agent-channel.sh");
    private static final Pattern PAIRING_CODE = Pattern.compile("Pairing code:\\s*(?:<[^>]+>\\s*)*([A-HJ-NP-Z2-9]{8})");

    private final AttackContext run;
    private String unavailable;
    private final ScriptOutput status;
    private final TelegramDouble telegram;
    private final LlmDouble llm;
    private final List<AutoCloseable> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<Integer, LocalForward> webhookForwards = new HashMap<>();
    private final Map<String, Long> sent = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> log = new ArrayList<>();
    private final AtomicInteger markers = new AtomicInteger();
    private final Map<String, Instant> sentAt = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile String noTurnCompletes;
    /** The gateway's model endpoint as it came up (after any re-pointing); null before. */
    private volatile String modelUrl;
    private RemoteForward telegramForward;
    private boolean snapshotTaken;
    private boolean closed;

    private AgentChannel(AttackContext run, String unavailable, ScriptOutput status, TelegramDouble telegram, LlmDouble llm) {
        this.run = run;
        this.unavailable = unavailable;
        this.status = status;
        this.telegram = telegram;
        this.llm = llm;
    }

    public static AgentChannel of(AttackContext run) {
        return run.observeOnce(AgentChannel.class, () -> open(run));
    }

    private static AgentChannel open(AttackContext run) {
        if (!run.settings().agentChannel()) {
            return new AgentChannel(run, "the agent channel is off (-Dgjallarhorn.agentChannel=false)", new ScriptOutput(null, List.of()), null, null);
        }
        ScriptOutput status = script(run, "status");
        String runnable = status.value("RUNNABLE");
        if (!runnable.startsWith("yes")) {
            String why = run.session().twin().isPresent() && !GatewayRuntime.unavailableBecause().isEmpty()
                    ? GatewayRuntime.unavailableBecause() : "no OpenClaw gateway to drive: " + runnable.replaceFirst("^no ?", "");
            return new AgentChannel(run, why, status, null, null);
        }
        boolean wired = wired(status);
        boolean mayChange = run.session().twin().isPresent() || run.session().invasive();
        if (!wired && !mayChange) {
            return new AgentChannel(run, "the gateway talks to " + status.value("APIROOT") + " and " + status.value("MODEL-URL")
                    + "; pointing it at gjallarhorn's doubles changes the target (allow it with -Dgjallarhorn.invasive=true)", status, null, null);
        }
        TelegramDouble telegram = TelegramDouble.start();
        LlmDouble llm;
        try {
            llm = LlmDouble.start();
        } catch (RuntimeException e) {
            telegram.close();
            throw e;
        }
        AgentChannel channel = new AgentChannel(run, null, status, telegram, llm);
        run.closeWithRun(channel);
        return channel.connect(wired);
    }

    /** Sets everything up; a step that fails leaves the channel unavailable with the reason, and close() undoes the rest. */
    private AgentChannel connect(boolean wired) {
        Progress.Step step = Progress.step("bringing up the OpenClaw gateway on " + run.target().describe() + " against the doubles");
        try {
            telegramForward = RemoteForward.open(run.session().ssh(), TELEGRAM_PORT, telegram.port());
            opened.add(telegramForward);
            opened.add(RemoteForward.open(run.session().ssh(), LLM_PORT, llm.port()));
            telegram.routeWebhooks(this::webhookRoute);
            note("doubles: Telegram Bot API at 127.0.0.1:" + TELEGRAM_PORT + ", LLM at 127.0.0.1:" + LLM_PORT
                    + " on the target (SSH remote forwards to this host's loopback)");
            ScriptOutput snapshot = script(run, "snapshot", run.ownerTag());
            snapshotTaken = !snapshot.all("SNAPSHOT").isEmpty();
            if (!snapshotTaken) {
                return unavailable("could not keep the gateway's state to put back, so nothing was changed: "
                        + snapshot.value("SNAPSHOT-FAILED"), step);
            }
            note("kept the gateway's state to put back at the end: " + snapshot.value("SNAPSHOT"));
            if (!wired) {
                note("re-pointed the gateway at the doubles: " + script(run, "wire", Integer.toString(TELEGRAM_PORT),
                        Integer.toString(LLM_PORT)).value("WIRED"));
            }
            Instant asked = Instant.now();
            String unit = status.value("UNIT");
            String verb = unit.startsWith("active") ? "RESTART" : "START";
            note((verb.equals("RESTART") ? "restarted" : "started") + " the gateway: "
                    + script(run, verb.toLowerCase(java.util.Locale.ROOT)).value(verb));
            if (!eventually(() -> telegram.listeningSince(asked), READY_WITHIN)) {
                return unavailable("the gateway neither polled the Telegram double nor set a webhook within "
                        + READY_WITHIN.toMinutes() + " min", step);
            }
            ScriptOutput now = script(run, "status");
            modelUrl = now.value("MODEL-URL");
            if (!modelIsTheDouble(now)) {
                return unavailable("the gateway's model endpoint is " + now.value("MODEL-URL") + ", not the LLM double", step);
            }
            if (!now.value("MODEL-ELSEWHERE").isBlank()) {
                return unavailable("the gateway may also call other models (" + now.value("MODEL-ELSEWHERE") + "), not only the LLM double", step);
            }
            note(telegram.webhook().map(h -> "the gateway set a webhook at " + h.url() + " (updates go to its listener on the target through a local forward)")
                    .orElse("the gateway polls the double") + " (" + Duration.between(asked, Instant.now()).toSeconds() + " s after the start)");
            step.done("the gateway is up and talks to the doubles");
            Progress.say("agent channel: the gateway came up in " + Duration.between(asked, Instant.now()).toSeconds()
                    + " s; if it then completes no agent turn, the channel is decided within " + worstCaseAfterBringUp().toSeconds()
                    + " s more (one control turn of at most " + ChannelTimings.FIRST_TURN_WITHIN.toSeconds() + " s, then every part at once)");
            return this;
        } catch (TargetUnreachable e) {
            return unavailable(e.getMessage(), step);
        } catch (RuntimeException e) {
            run.recordHarnessError("bringing up the agent channel", e); // a defect, not a finding: the run must not pass on it
            return unavailable("setting up failed: " + e, step);
        }
    }

    /**
     * Where an update for the registered webhook goes: Telegram would post to the public URL, which leads to the
     * gateway's listener; the double posts to that listener directly, through a local forward opened on first use.
     */
    private synchronized URI webhookRoute(URI registered) {
        URI listener = URI.create(status.value("WEBHOOK-LISTENER"));
        String host = listener.getHost();
        if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
            throw new IllegalArgumentException("the gateway's webhook listener " + listener + " is not on the target's loopback; "
                    + "gjallarhorn posts nowhere else");
        }
        LocalForward forward = webhookForwards.computeIfAbsent(listener.getPort(), port -> {
            LocalForward opening = LocalForward.open(run.session().ssh(), port);
            opened.add(opening);
            return opening;
        });
        return URI.create("http://127.0.0.1:" + forward.localPort() + listener.getRawPath());
    }

    private AgentChannel unavailable(String why, Progress.Step step) {
        step.done("the agent channel is unavailable: " + why);
        note("unavailable: " + why);
        unavailable = why;
        return this;
    }

    static boolean wired(ScriptOutput status) {
        return status.value("APIROOT").equals("http://127.0.0.1:" + TELEGRAM_PORT) && modelIsTheDouble(status);
    }

    /** The model endpoint is on the target's loopback: the double, or a twin fault's limiter in front of it. */
    static boolean modelIsTheDouble(ScriptOutput status) {
        return status.value("MODEL-URL").matches("http://(127\\.0\\.0\\.1|localhost):280\\d\\d(/.*)?");
    }

    public synchronized Optional<String> unavailable() {
        return Optional.ofNullable(unavailable);
    }

    public TelegramDouble telegram() {
        return telegram;
    }

    public LlmDouble llm() {
        return llm;
    }

    public String serviceUser() {
        return status.value("SERVICE");
    }

    /** The model endpoint the running gateway uses: read after it came up against the doubles, else as first read. */
    public String modelUrl() {
        return modelUrl != null ? modelUrl : status.value("MODEL-URL");
    }

    public String setting(String key) {
        return status.value(key);
    }

    /** The senders the gateway's config admits by id: the owner the threat model assumes. */
    public List<Long> allowedSenders() {
        return Arrays.stream(status.value("ALLOWFROM").split(",")).map(s -> s.replaceFirst("^(telegram|tg):", "").trim())
                .filter(s -> s.matches("\\d+")).map(Long::valueOf).toList();
    }

    /**
     * A sender the config lets in: the first allowlisted id, or any id where {@code "*"} lets everyone in; empty
     * where only paired senders get in.
     */
    public Optional<Long> admittedSender() {
        List<Long> allowed = allowedSenders();
        if (!allowed.isEmpty()) {
            return Optional.of(allowed.get(0));
        }
        return Arrays.asList(status.value("ALLOWFROM").split(",")).contains("*") ? Optional.of(ANY_SENDER) : Optional.empty();
    }

    /**
     * Why the gateway is not up and listening now (its unit is not active, or it stopped polling the double), or
     * empty when it is: what tells a gateway that went quiet from one that holds messages back.
     */
    public Optional<String> notRunningBecause() {
        String unit = script(run, "status").value("UNIT");
        if (!unit.startsWith("active")) {
            return Optional.of("the gateway's unit is " + unit);
        }
        if (telegram.webhook().isEmpty() && !telegram.pollingSince(Instant.now().minus(POLLING_GAP))) {
            return Optional.of("the gateway has not polled the Telegram double for " + POLLING_GAP.toSeconds() + " s");
        }
        return Optional.empty();
    }

    /** SANDBOX lines for the gateway's sandbox containers on the target, and its HOSTNAME. */
    public ScriptOutput sandboxes() {
        return script(run, "sandboxes");
    }

    /** A text no earlier message of this run contains, to find one message again at the doubles. */
    public String marker(String what) {
        return run.token().toUpperCase(java.util.Locale.ROOT) + "-" + what + "-" + markers.incrementAndGet();
    }

    /** Whether a request's own turn text carries a marker of this run (any attack's message, not the gateway's own). */
    public boolean carriesAnyMarker(LlmRequest request) {
        return request.userText().contains(run.token().toUpperCase(java.util.Locale.ROOT) + "-");
    }

    public void send(TelegramUpdate update) {
        sentAt.put(update.marker(), Instant.now());
        sent.put(update.marker(), telegram.deliver(update));
        note("sent " + describe(update) + ": " + update.marker());
    }

    static String describe(TelegramUpdate update) {
        String from = " from " + update.senderId();
        return switch (update.kind()) {
            case MESSAGE -> (update.group() ? "a message in group " + update.chatId() : "a DM") + from;
            case EDITED_MESSAGE -> "an edited DM" + from;
            case CHANNEL_POST -> "a post in channel " + update.chatId();
            case FORUM_TOPIC_MESSAGE -> "a message in topic " + TelegramUpdate.TOPIC_ID + " of forum " + update.chatId() + from;
            case DOCUMENT_WITH_CAPTION -> "a document with a caption" + from;
            case FORWARDED -> "a forwarded message (origin " + update.origin().id() + ")" + from;
            case REACTION -> "a reaction to message " + update.targetMessageId() + " in chat " + update.chatId() + from;
            case CALLBACK_QUERY -> "a button press on message " + update.targetMessageId() + " in chat " + update.chatId() + from;
        };
    }

    /** When the message carrying {@code marker} was sent, if it was. */
    public Optional<Instant> sentAt(String marker) {
        return Optional.ofNullable(sentAt.get(marker));
    }

    /** What the gateway did towards {@code chatId} since the message carrying {@code marker} was sent. */
    public GatewayResponse responseTo(long chatId, String marker) {
        return GatewayResponse.towards(telegram, chatId, sentAt(marker).orElse(Instant.EPOCH));
    }

    /** How a turn went: its message reached the model, the gateway answered without the model (a failed turn), or nothing came. */
    public enum TurnOutcome { REACHED_MODEL, FAILED, NOTHING }

    /** One turn of an admitted sender: how it went, and the gateway's own words when it failed. */
    public record Turn(TurnOutcome outcome, GatewayResponse response, Duration took) {
        public boolean started() {
            return outcome != TurnOutcome.NOTHING || response.turnStarted();
        }
    }

    /**
     * Waits (at most {@code within}) until the message carrying {@code marker}, sent to {@code chatId}, reached the
     * model, or the gateway answered the chat without the model having seen it (its error for a failed turn; then a
     * few seconds more, so a late model request still counts). Whichever comes first decides; the bound is only that.
     */
    public Turn awaitTurn(String marker, long chatId, Duration within) {
        Instant from = sentAt(marker).orElse(Instant.now());
        Instant[] failedAt = {null};
        eventually(() -> {
            if (!llmRequestsMentioning(marker).isEmpty()) {
                return true;
            }
            if (!responseTo(chatId, marker).ownWords().isEmpty()) {
                failedAt[0] = failedAt[0] == null ? Instant.now() : failedAt[0];
                return Duration.between(failedAt[0], Instant.now()).compareTo(FAILED_TURN_CONFIRMED) >= 0;
            }
            return false;
        }, within);
        GatewayResponse response = responseTo(chatId, marker);
        TurnOutcome outcome = !llmRequestsMentioning(marker).isEmpty() ? TurnOutcome.REACHED_MODEL
                : !response.ownWords().isEmpty() ? TurnOutcome.FAILED : TurnOutcome.NOTHING;
        return new Turn(outcome, response, Duration.between(from, Instant.now()));
    }

    /**
     * The allowlisted sender's first turn, which tells whether agent turns complete at all. If it did not reach the
     * model, that is a finding of its own ("no agent turn can complete", with the gateway's answer and its journal),
     * and every later wait for a model turn is skipped: the rest of the channel is decided from what the gateway did
     * towards each sender, or is INCONCLUSIVE at once.
     */
    public synchronized Turn controlTurn(String marker, long chatId) {
        Instant asked = sentAt(marker).orElse(Instant.now());
        Turn turn = awaitTurn(marker, chatId, noTurnCompletes == null ? ChannelTimings.FIRST_TURN_WITHIN : ChannelTimings.TURN_WITHIN);
        if (turn.outcome() != TurnOutcome.REACHED_MODEL && noTurnCompletes == null) {
            String journal = journalSince(asked);
            noTurnCompletes = "no agent turn can complete: the allowlisted sender's message did not reach the model within "
                    + turn.took().toSeconds() + " s; the gateway " + (turn.response().silent() ? "sent nothing back"
                    : "answered: " + turn.response()) + (journal.isBlank() ? "" : "; its journal: " + journal);
            note(noTurnCompletes);
            Progress.say("agent channel: " + noTurnCompletes.replaceFirst(";.*", "") + " - deciding the rest at once");
        }
        return turn;
    }

    /** Why no agent turn completes on this gateway (the first control turn failed), if that was found. */
    public Optional<String> noTurnCompletes() {
        return Optional.ofNullable(noTurnCompletes);
    }

    /** The gateway's last error and warning lines in the journal since {@code since}, one line each (redacted when written). */
    public String journalSince(Instant since) {
        return String.join(" | ", script(run, "journal", Long.toString(since.getEpochSecond())).all("JOURNAL").stream()
                .map(l -> oneLine(l.rest(0))).toList());
    }

    /**
     * The longest the channel takes after the gateway came up when it completes no agent turn: one control turn at
     * its first-turn bound, the strangers' replies and the closing controls at the routine bound; every other wait is
     * skipped. Printed at bring-up and checked by an integration test against a gateway whose model calls all fail.
     */
    /** The longest the gateway is given to come up and poll the double (or set a webhook). */
    public static Duration readyWithin() {
        return READY_WITHIN;
    }

    public static Duration worstCaseAfterBringUp() {
        // the control turn, the strangers' pairing replies, the first closing turn, the approved sender's turn, the
        // second closing turn; every other attack skips its waits once no turn completes
        return ChannelTimings.FIRST_TURN_WITHIN.plus(ChannelTimings.REPLY_WITHIN).plus(ChannelTimings.TURN_WITHIN.multipliedBy(3))
                .plus(ChannelTimings.GRACE.multipliedBy(2));
    }

    /** Closes the forward the gateway reaches the Telegram double through: its connections are now refused. */
    public synchronized void refuseTelegram() {
        if (telegramForward != null) {
            telegramForward.close();
            opened.remove(telegramForward);
            telegramForward = null;
        }
    }

    /** Opens the forward to the Telegram double again after {@link #refuseTelegram()}. */
    public synchronized void reopenTelegram() {
        if (telegramForward == null) {
            telegramForward = RemoteForward.open(run.session().ssh(), TELEGRAM_PORT, telegram.port());
            opened.add(telegramForward);
        }
    }

    /** The gateway unit's restart count and state, as {@code systemctl show} gives them. */
    public String unitState() {
        ScriptOutput state = script(run, "unit-state");
        return "active " + state.value("ACTIVE") + ", restarts " + state.value("RESTARTS") + ", main pid " + state.value("PID");
    }

    /** Runs an action of the agent-channel script as root (for the scenarios' own target-side steps). */
    public ScriptOutput act(String... args) {
        return script(run, args);
    }

    /** Whether every message sent with {@code marker} in it was taken by the gateway (polled, or accepted at its webhook). */
    public boolean delivered(String marker) {
        List<Long> ids = sent.entrySet().stream().filter(e -> e.getKey().contains(marker)).map(Map.Entry::getValue).toList();
        return !ids.isEmpty() && ids.stream().allMatch(telegram::delivered);
    }

    public List<LlmRequest> llmRequestsMentioning(String marker) {
        return llm.requests(r -> r.mentions(marker));
    }

    /** Waits up to {@code within} for an LLM request carrying {@code marker}. */
    public boolean reachesModel(String marker, Duration within) {
        return eventually(() -> !llmRequestsMentioning(marker).isEmpty(), within);
    }

    /** Watches for {@code during} that no LLM request carries any of {@code markers}; false at the first that does. */
    public boolean neverReachesModel(Collection<String> markers, Duration during) {
        try {
            await().pollInterval(Duration.ofMillis(500)).during(during).atMost(during.plusSeconds(5))
                    .until(() -> markers.stream().allMatch(m -> llmRequestsMentioning(m).isEmpty()));
            return true;
        } catch (ConditionTimeoutException reached) {
            return false;
        }
    }

    public List<TelegramCall> repliesTo(long chatId) {
        return telegram.sentTo(chatId);
    }

    /** The pairing code in the gateway's reply to a chat, if it sent one. */
    public Optional<String> pairingCode(long chatId) {
        for (TelegramCall call : repliesTo(chatId)) {
            Matcher m = PAIRING_CODE.matcher(call.text());
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    public boolean awaitReply(long chatId, Duration within) {
        return eventually(() -> !repliesTo(chatId).isEmpty(), within);
    }

    /** The operator's approval of a pairing code, through the gateway's own CLI as the service identity. */
    public ScriptOutput.Line approve(String code) {
        ScriptOutput.Line line = script(run, "approve", code).all("APPROVE").stream().findFirst()
                .orElse(new ScriptOutput.Line("APPROVE", List.of("-1"), "APPROVE -1 no answer"));
        note("approve " + code + ": " + line.rest(0));
        return line;
    }

    /** As the service identity, without sudo: writes a sender into the pairing allowlist store. */
    public ScriptOutput.Line selfApprove(long sender) {
        ScriptOutput.Line line = script(run, "self-approve", Long.toString(sender)).all("SELF-APPROVE").stream().findFirst()
                .orElse(new ScriptOutput.Line("SELF-APPROVE", List.of("-1"), "SELF-APPROVE -1 no answer"));
        note("self-approve " + sender + " as " + serviceUser() + ": " + line.rest(0));
        return line;
    }

    public void note(String line) {
        synchronized (log) {
            log.add(Instant.now() + "  " + line);
        }
    }

    /** What happened on the channel so far, for evidence: the setup, every message sent, every reply and model request. */
    public String transcript() {
        StringBuilder text = new StringBuilder();
        synchronized (log) {
            log.forEach(l -> text.append(l).append('\n'));
        }
        if (telegram != null) {
            text.append("\nTelegram double, calls other than polling:\n");
            telegram.calls(c -> !c.method().equals("getUpdates")).forEach(c -> text.append("  ").append(c.at()).append(' ')
                    .append(c.method()).append(c.chatId() != 0 ? " chat " + c.chatId() : "")
                    .append(c.text().isEmpty() ? "" : ": " + oneLine(c.text())).append('\n'));
            if (!telegram.webhookPosts().isEmpty()) {
                text.append("\nTelegram double, updates posted to the gateway's webhook:\n");
                telegram.webhookPosts().forEach(p -> text.append("  ").append(p.at()).append(" update ").append(p.updateId())
                        .append(p.failure() == null ? " answered " + p.status() : " not delivered: " + p.failure()).append('\n'));
            }
        }
        if (llm != null) {
            text.append("\nLLM double, requests:\n");
            llm.requests().forEach(r -> text.append("  ").append(r.at()).append(" in flight ").append(r.inFlight())
                    .append(", ").append(r.messages()).append(" messages, ").append(r.promptChars()).append(" prompt chars, ")
                    .append(r.tools().size()).append(" tools; user: ").append(oneLine(r.userText()))
                    .append(r.toolResults().isEmpty() ? "" : "; tool result: " + oneLine(String.join(" | ", r.toolResults()))).append('\n'));
        }
        return text.toString();
    }

    public static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return dev.gjallarhorn.evidence.Redactor.cut(flat, 240, "…");
    }

    public static boolean eventually(java.util.concurrent.Callable<Boolean> condition, Duration within) {
        if (within.isZero()) {
            try {
                return condition.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            await().pollInterval(Duration.ofMillis(500)).atMost(within).until(condition);
            return true;
        } catch (ConditionTimeoutException notInTime) {
            return false;
        }
    }

    private static ScriptOutput script(AttackContext run, String... args) {
        List<String> all = new ArrayList<>(List.of(args[0], run.token()));
        all.addAll(List.of(args).subList(1, args.length));
        return ScriptOutput.of(run.target().run(Cmd.script(SCRIPT, all.toArray(String[]::new)).asRoot(), Duration.ofMinutes(4)));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (snapshotTaken) {
                String restored = script(run, "restore").value("RESTORE");
                note("put the gateway's state back: " + restored);
                if (!restored.startsWith("done")) {
                    // the target is left changed: that fails the run (the next run from this host tries again)
                    run.recordHarnessError("putting the gateway back", new IllegalStateException("could not put the gateway's state back on "
                            + run.target().describe() + ": " + (restored.isBlank() ? "no answer" : restored) + " (the next run tries again)"));
                }
            }
        } finally {
            opened.forEach(c -> {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // a forward on a connection that is already gone
                }
            });
            if (telegram != null) {
                telegram.close();
            }
            if (llm != null) {
                llm.close();
            }
        }
    }
}
