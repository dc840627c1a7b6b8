package dev.gjallarhorn.attack.agent;

import dev.gjallarhorn.doubles.LlmDouble;
import dev.gjallarhorn.doubles.TelegramDouble;
import dev.gjallarhorn.host.Progress;
import dev.gjallarhorn.probe.ScriptOutput;
import dev.gjallarhorn.remote.TargetUnreachable;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.twin.GatewayRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Opens the {@link AgentChannel}: decides whether the gateway may be driven at all, starts the doubles, forwards
 * them onto the target's loopback, keeps the gateway's state to put back, re-points the gateway where allowed,
 * (re)starts it and waits until it polls the Telegram double or sets a webhook. A step that fails leaves the channel
 * unavailable with the reason; the channel's close() undoes the rest.
 */
final class GatewayBringUp {

    private final AttackContext run;
    private final AgentChannel channel;
    private final GatewayStatus status;

    private GatewayBringUp(AttackContext run, AgentChannel channel, GatewayStatus status) {
        this.run = run;
        this.channel = channel;
        this.status = status;
    }

    /** The run's channel: available and up against the doubles, or unavailable with the reason. */
    static AgentChannel open(AttackContext run) {
        if (!run.settings().agentChannel().enabled()) {
            return new AgentChannel(run, "the agent channel is off (-Dgjallarhorn.agentChannel=false)", new ScriptOutput(null, List.of()), null, null, null);
        }
        ScriptOutput status = ChannelScript.run(run, "status");
        String runnable = status.value("RUNNABLE");
        if (!runnable.startsWith("yes")) {
            String why = run.session().twin().isPresent() && !GatewayRuntime.unavailableBecause().isEmpty()
                    ? GatewayRuntime.unavailableBecause() : "no OpenClaw gateway to drive: " + runnable.replaceFirst("^no ?", "");
            return new AgentChannel(run, why, status, null, null, null);
        }
        boolean wired = new GatewayStatus(status).wired();
        boolean mayChange = run.session().twin().isPresent() || run.session().invasive();
        if (!wired && !mayChange) {
            return new AgentChannel(run, "the gateway talks to " + status.value("APIROOT") + " and " + status.value("MODEL-URL")
                    + "; pointing it at gjallarhorn's doubles changes the target (allow it with -Dgjallarhorn.invasive=true)", status, null, null, null);
        }
        TelegramDouble telegram = TelegramDouble.start();
        LlmDouble llm;
        try {
            llm = LlmDouble.start();
        } catch (RuntimeException e) {
            telegram.close();
            throw e;
        }
        ChannelForwards forwards = new ChannelForwards(() -> run.session().ssh(), telegram.port());
        AgentChannel channel = new AgentChannel(run, null, status, telegram, llm, forwards);
        run.closeWithRun(channel);
        return new GatewayBringUp(run, channel, new GatewayStatus(status)).connect(wired, forwards, telegram, llm);
    }

    /** Sets everything up; a step that fails leaves the channel unavailable with the reason, and close() undoes the rest. */
    private AgentChannel connect(boolean wired, ChannelForwards forwards, TelegramDouble telegram, LlmDouble llm) {
        Progress.Step step = Progress.step("bringing up the OpenClaw gateway on " + run.target().describe() + " against the doubles");
        try {
            forwards.openToDoubles(llm.port());
            telegram.routeWebhooks(channel::webhookRoute);
            channel.note("doubles: Telegram Bot API at 127.0.0.1:" + AgentChannel.TELEGRAM_PORT + ", LLM at 127.0.0.1:" + AgentChannel.LLM_PORT
                    + " on the target (SSH remote forwards to this host's loopback)");
            ScriptOutput snapshot = ChannelScript.run(run, "snapshot", run.ownerTag());
            if (snapshot.all("SNAPSHOT").isEmpty()) {
                return channel.unavailable("could not keep the gateway's state to put back, so nothing was changed: "
                        + snapshot.value("SNAPSHOT-FAILED"), step);
            }
            channel.keptState();
            channel.note("kept the gateway's state to put back at the end: " + snapshot.value("SNAPSHOT"));
            if (!wired) {
                channel.note("re-pointed the gateway at the doubles: " + ChannelScript.run(run, "wire", Integer.toString(AgentChannel.TELEGRAM_PORT),
                        Integer.toString(AgentChannel.LLM_PORT)).value("WIRED"));
            }
            Instant asked = Instant.now();
            String verb = status.value("UNIT").startsWith("active") ? "RESTART" : "START";
            channel.note((verb.equals("RESTART") ? "restarted" : "started") + " the gateway: "
                    + ChannelScript.run(run, verb.toLowerCase(Locale.ROOT)).value(verb));
            if (!AgentChannel.eventually(() -> telegram.listeningSince(asked), AgentChannel.READY_WITHIN)) {
                return channel.unavailable("the gateway neither polled the Telegram double nor set a webhook within "
                        + AgentChannel.READY_WITHIN.toMinutes() + " min", step);
            }
            return cameUp(telegram, asked, step);
        } catch (TargetUnreachable e) {
            return channel.unavailable(e.getMessage(), step);
        } catch (RuntimeException e) {
            run.recordHarnessError("bringing up the agent channel", e); // a defect, not a finding: the run must not pass on it
            return channel.unavailable("setting up failed: " + e, step);
        }
    }

    /** After the gateway started listening: it must call the LLM double and no other model. */
    private AgentChannel cameUp(TelegramDouble telegram, Instant asked, Progress.Step step) {
        GatewayStatus now = new GatewayStatus(ChannelScript.run(run, "status"));
        channel.cameUp(now.value("MODEL-URL"));
        if (!now.modelIsTheDouble()) {
            return channel.unavailable("the gateway's model endpoint is " + now.value("MODEL-URL") + ", not the LLM double", step);
        }
        if (!now.value("MODEL-ELSEWHERE").isBlank()) {
            return channel.unavailable("the gateway may also call other models (" + now.value("MODEL-ELSEWHERE") + "), not only the LLM double", step);
        }
        channel.note(telegram.webhook().map(h -> "the gateway set a webhook at " + h.url() + " (updates go to its listener on the target through a local forward)")
                .orElse("the gateway polls the double") + " (" + Duration.between(asked, Instant.now()).toSeconds() + " s after the start)");
        step.done("the gateway is up and talks to the doubles");
        Progress.say("agent channel: the gateway came up in " + Duration.between(asked, Instant.now()).toSeconds()
                + " s; if it then completes no agent turn, the channel is decided within " + AgentChannel.worstCaseAfterBringUp().toSeconds()
                + " s more (one control turn of at most " + ChannelTimings.FIRST_TURN_WITHIN.toSeconds() + " s, then every part at once)");
        return channel;
    }
}
