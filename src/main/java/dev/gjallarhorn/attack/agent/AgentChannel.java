package dev.gjallarhorn.attack.agent;

import dev.gjallarhorn.doubles.LlmDouble;
import dev.gjallarhorn.doubles.LlmRequest;
import dev.gjallarhorn.doubles.TelegramCall;
import dev.gjallarhorn.doubles.TelegramDouble;
import dev.gjallarhorn.doubles.TelegramUpdate;
import dev.gjallarhorn.host.Progress;
import dev.gjallarhorn.probe.ScriptOutput;
import dev.gjallarhorn.run.AttackContext;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

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
    public static final Duration READY_WITHIN = Duration.ofMinutes(4);
    /** Longer than the longest poll the Telegram double allows (20 s): a gateway that is up polls again within it. */
    static final Duration POLLING_GAP = Duration.ofSeconds(45);

    private final AttackContext run;
    private String unavailable;
    private final GatewayStatus status;
    private final TelegramDouble telegram;
    private final LlmDouble llm;
    /** Null where the doubles never started. */
    private final ChannelForwards forwards;
    private final ChannelLog log = new ChannelLog();
    private final SentMessages sent;
    private final TurnWaits waits = new TurnWaits(this);
    /** The gateway's model endpoint as it came up (after any re-pointing); null before. */
    private volatile String modelUrl;
    private boolean snapshotTaken;
    private boolean closed;

    /** A channel around doubles that were started and their forwards, or (all null) an unavailable one; see {@link GatewayBringUp}. */
    AgentChannel(AttackContext run, String unavailable, ScriptOutput status, TelegramDouble telegram, LlmDouble llm, ChannelForwards forwards) {
        this.run = run;
        this.unavailable = unavailable;
        this.status = new GatewayStatus(status);
        this.telegram = telegram;
        this.llm = llm;
        this.sent = new SentMessages(run.token());
        this.forwards = forwards;
    }

    public static AgentChannel of(AttackContext run) {
        return run.observeOnce(AgentChannel.class, () -> GatewayBringUp.open(run));
    }

    /** The route the Telegram double posts webhook updates by: see {@link ChannelForwards#webhookRoute}. */
    URI webhookRoute(URI registered) {
        return forwards.webhookRoute(URI.create(status.value("WEBHOOK-LISTENER")));
    }

    /** The gateway's state was kept: close() puts it back. */
    void keptState() {
        snapshotTaken = true;
    }

    /** The gateway came up with {@code modelUrl} as its model endpoint. */
    void cameUp(String modelUrl) {
        this.modelUrl = modelUrl;
    }

    AgentChannel unavailable(String why, Progress.Step step) {
        step.done("the agent channel is unavailable: " + why);
        note("unavailable: " + why);
        unavailable = why;
        return this;
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

    /**
     * A sender the config lets in: the first allowlisted id, or any id where {@code "*"} lets everyone in; empty
     * where only paired senders get in.
     */
    public Optional<Long> admittedSender() {
        return status.admittedSender();
    }

    /**
     * Why the gateway is not up and listening now (its unit is not active, or it stopped polling the double), or
     * empty when it is: what tells a gateway that went quiet from one that holds messages back.
     */
    public Optional<String> notRunningBecause() {
        return ChannelScript.notRunningBecause(run, telegram, POLLING_GAP);
    }

    /** SANDBOX lines for the gateway's sandbox containers on the target, and its HOSTNAME. */
    public ScriptOutput sandboxes() {
        return ChannelScript.run(run, "sandboxes");
    }

    /** A text no earlier message of this run contains, to find one message again at the doubles. */
    public String marker(String what) {
        return sent.marker(what);
    }

    /** Whether a request's own turn text carries a marker of this run (any attack's message, not the gateway's own). */
    public boolean carriesAnyMarker(LlmRequest request) {
        return sent.carriesAnyMarker(request);
    }

    public void send(TelegramUpdate update) {
        sent.sending(update.marker());
        sent.taken(update.marker(), telegram.deliver(update));
        note("sent " + ChannelLog.describe(update) + ": " + update.marker());
    }

    /** When the message carrying {@code marker} was sent, if it was. */
    public Optional<Instant> sentAt(String marker) {
        return sent.sentAt(marker);
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

    /** Waits at most {@code within} for the turn of the message carrying {@code marker}: {@link TurnWaits#awaitTurn}. */
    public Turn awaitTurn(String marker, long chatId, Duration within) {
        return waits.awaitTurn(marker, chatId, within);
    }

    /**
     * The allowlisted sender's turn that tells whether agent turns complete at all ({@link TurnWaits#controlTurn}): once
     * one did not, every later wait for a model turn is skipped and the rest is decided from what the gateway did.
     */
    public synchronized Turn controlTurn(String marker, long chatId) {
        return waits.controlTurn(marker, chatId);
    }

    /** Why no agent turn completes on this gateway (the first control turn failed), if that was found. */
    public Optional<String> noTurnCompletes() {
        return waits.noTurnCompletes();
    }

    /** The gateway's last error and warning lines in the journal since {@code since}, one line each (redacted when written). */
    public String journalSince(Instant since) {
        return ChannelScript.journalSince(run, since);
    }

    /** The longest the gateway's own audit runs on the target as the channel closes. */
    public static Duration auditWithin() {
        return VendorAuditProbe.WITHIN;
    }

    /** The longest the gateway is given to come up and poll the double (or set a webhook). */
    public static Duration readyWithin() {
        return READY_WITHIN;
    }

    /** The longest the channel takes after the gateway came up when it completes no agent turn: {@link TurnWaits#worstCaseAfterBringUp}. */
    public static Duration worstCaseAfterBringUp() {
        return TurnWaits.worstCaseAfterBringUp();
    }

    /** Closes the forward the gateway reaches the Telegram double through: its connections are now refused. */
    public void refuseTelegram() {
        forwards.refuseTelegram();
    }

    /** Opens the forward to the Telegram double again after {@link #refuseTelegram()}. */
    public void reopenTelegram() {
        forwards.reopenTelegram();
    }

    /** The gateway unit's restart count and state, as {@code systemctl show} gives them. */
    public String unitState() {
        return ChannelScript.unitState(run);
    }

    /** Runs an action of the agent-channel script as root (for the scenarios' own target-side steps). */
    public ScriptOutput act(String... args) {
        return ChannelScript.run(run, args[0], Arrays.copyOfRange(args, 1, args.length));
    }

    /** Whether every message sent with {@code marker} in it was taken by the gateway (polled, or accepted at its webhook). */
    public boolean delivered(String marker) {
        List<Long> ids = sent.updateIds(marker);
        return !ids.isEmpty() && ids.stream().allMatch(telegram::delivered);
    }

    public List<LlmRequest> llmRequestsMentioning(String marker) {
        return llm.requests(r -> r.mentions(marker));
    }

    /** Waits up to {@code within} for an LLM request carrying {@code marker}. */
    public boolean reachesModel(String marker, Duration within) {
        return eventually(() -> !llmRequestsMentioning(marker).isEmpty(), within);
    }

    public List<TelegramCall> repliesTo(long chatId) {
        return telegram.sentTo(chatId);
    }

    /** The pairing code in the gateway's reply to a chat, if it sent one. */
    public Optional<String> pairingCode(long chatId) {
        return PairingCode.in(repliesTo(chatId));
    }

    /** The operator's approval of a pairing code, through the gateway's own CLI as the service identity. */
    public ScriptOutput.Line approve(String code) {
        return ChannelScript.approve(run, code, this::note);
    }

    /** Who the gateway admits and who may act as its operator, tried as identities on the target; noted on this channel. */
    public GatewayAdmission admission() {
        return new GatewayAdmission(run, this::note);
    }

    public void note(String line) {
        log.note(line);
    }

    /** What happened on the channel so far, for evidence: the setup, every message sent, every reply and model request. */
    public String transcript() {
        return log.transcript(telegram, llm);
    }

    /** {@code text} on one line, cut to 240 characters after redaction: how target text enters notes and details. */
    public static String oneLine(String text) {
        return ChannelLog.oneLine(text);
    }

    public static boolean eventually(java.util.concurrent.Callable<Boolean> condition, Duration within) {
        return TurnWaits.eventually(condition, within);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            VendorAuditProbe.onceAsLeft(run, !snapshotTaken || ChannelScript.restore(run, this::note));
        } finally {
            if (forwards != null) {
                forwards.closeAll();
            }
            if (telegram != null) {
                telegram.close();
            }
            if (llm != null) {
                llm.close();
            }
        }
    }
}
