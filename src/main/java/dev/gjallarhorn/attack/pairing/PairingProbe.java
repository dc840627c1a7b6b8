package dev.gjallarhorn.attack.pairing;

import static dev.gjallarhorn.attack.pairing.ForgedIds.STRANGER;

import dev.gjallarhorn.attack.agent.AgentChannel;
import dev.gjallarhorn.doubles.TelegramUpdate;
import dev.gjallarhorn.evidence.EvidenceStore;
import dev.gjallarhorn.host.Progress;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.surface.Principal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the pairing probe through the agent channel: the allowlisted sender's control turn, round 1 (strangers,
 * {@link StrangerRound}), round 2 (the pairing flow, {@link PairingFlowRound}), then writes the transcript to
 * {@code T-001/pairing.txt}. A channel that cannot be used gives findings whose every observation says why.
 */
final class PairingProbe {

    private PairingProbe() {
    }

    static PairingFindings probe(AttackContext run) {
        Instant started = Instant.now();
        AgentChannel channel = AgentChannel.of(run);
        if (channel.unavailable().isPresent()) {
            return unavailable(run, channel, started);
        }
        Optional<Long> allowed = channel.admittedSender();
        channel.note("dmPolicy " + channel.setting("DMPOLICY") + ", allowFrom [" + channel.setting("ALLOWFROM") + "], groupPolicy "
                + channel.setting("GROUPPOLICY"));
        long owner = allowed.orElse(0L);
        String ownerMarker = allowed.isPresent() ? channel.marker("OWNER") : null;
        Observation control = control(channel, allowed, ownerMarker);
        boolean seeing = control.outcome() == Outcome.SUCCEEDED;

        Instant round1 = Instant.now();
        StrangerRound.Result strangers = StrangerRound.run(channel, owner, seeing);
        channel.note("round 1 (strangers) took " + Duration.between(round1, Instant.now()).toSeconds() + " s");
        Optional<String> code = channel.pairingCode(STRANGER);
        Observation challenged = StrangerRound.challenged(channel, code, strangers.first());
        Observation cap = StrangerRound.cap(channel, code, strangers);

        Instant round2 = Instant.now();
        List<String> others = otherWriters(run.surface().identities(), channel.serviceUser());
        PairingFlowRound.Result flow = PairingFlowRound.run(channel, owner, seeing, code, others);
        channel.note("round 2 (the pairing flow) took " + Duration.between(round2, Instant.now()).toSeconds() + " s");
        Instant round3 = Instant.now();
        ControlPlaneRound.Result controlPlane = ControlPlaneRound.run(channel, seeing ? ownerMarker : null, others);
        channel.note("round 3 (the control API) took " + Duration.between(round3, Instant.now()).toSeconds() + " s");

        String text = transcript(run, channel, control, strangers.strangers(), challenged, cap, flow, controlPlane);
        EvidenceStore.Evidence evidence = run.evidence().write("T-001", "pairing.txt", text);
        Duration elapsed = Duration.between(started, Instant.now());
        Progress.say("agent channel: pairing took " + elapsed.toSeconds() + " s (strangers "
                + Duration.between(round1, round2).toSeconds() + " s, pairing flow " + Duration.between(round2, Instant.now()).toSeconds() + " s)");
        return new PairingFindings(started, elapsed, null, control, strangers.strangers(), challenged, flow.admitted(), flow.reuse(),
                flow.otherSender(), flow.guesses(), flow.lookalikes(), flow.pairedInGroup(), cap, flow.selfApproval(),
                flow.othersWrites(), controlPlane.attempts(), controlPlane.controls(), controlPlane.burst(), evidence.relativePath());
    }

    /** Every observation says the channel could not be used. */
    private static PairingFindings unavailable(AttackContext run, AgentChannel channel, Instant started) {
        String why = channel.unavailable().get();
        Observation no = Observation.couldNotRun("the agent channel", Reason.PRECONDITION_UNMET, why);
        Path evidence = run.evidence().write("T-001", "pairing.txt", "Telegram access to the agent\n\n" + channel.transcript()).relativePath();
        return new PairingFindings(started, Duration.between(started, Instant.now()), why, no, Map.of("a stranger's DM", no), no, no, no,
                no, no, List.of(no), no, no, no, List.of(no), List.of(no), List.of(no), no, evidence);
    }

    /**
     * Every identity the surface found that exists and is neither root nor the gateway's own ({@code service}, by name
     * and by uid): the login user where the gateway runs as another, {@code nobody}, users a firewall rule matches.
     */
    static List<String> otherWriters(List<Principal> all, String service) {
        Set<String> own = new HashSet<>(List.of("0"));
        all.stream().filter(p -> p.exists() && (p.name().equals(service) || p.role().equals("service"))).forEach(p -> own.add(p.uid()));
        Map<String, String> byUid = new LinkedHashMap<>();
        all.stream().filter(p -> p.exists() && !own.contains(p.uid()) && !p.name().equals(service)).forEach(p -> byUid.putIfAbsent(p.uid(), p.name()));
        return List.copyOf(byUid.values());
    }

    /** The positive control: an allowlisted sender gets a turn, so "no turn for a stranger" can mean something. */
    private static Observation control(AgentChannel channel, Optional<Long> allowed, String m) {
        if (allowed.isEmpty()) {
            return Observation.couldNotRun("an allowlisted sender", Reason.PRECONDITION_UNMET, "the config allowlists no sender id");
        }
        long owner = allowed.get();
        channel.send(TelegramUpdate.dm(owner, m + " hello"));
        AgentChannel.Turn turn = channel.controlTurn(m, owner);
        String subject = "a DM from allowlisted " + owner;
        if (turn.outcome() == AgentChannel.TurnOutcome.REACHED_MODEL) {
            return Observation.succeeded(subject, "reached the LLM double");
        }
        if (turn.started()) {
            return Observation.succeeded(subject, "no model turn completes, but the gateway started a turn for it (" + turn.response()
                    + "): admission is seen at the chat");
        }
        return Observation.couldNotRun(subject, Reason.ORACLE_BLIND, "no turn within " + turn.took().toSeconds() + " s: the gateway answers no one");
    }

    private static String transcript(AttackContext run, AgentChannel channel, Observation control, Map<String, Observation> strangers,
                                     Observation challenged, Observation cap, PairingFlowRound.Result flow,
                                     ControlPlaneRound.Result controlPlane) {
        StringBuilder text = new StringBuilder("Telegram access to the agent on ").append(run.target().describe()).append("\n\n");
        text.append("control: ").append(control).append('\n');
        strangers.forEach((s, o) -> text.append(o).append('\n'));
        text.append(challenged).append('\n').append(cap).append('\n').append(flow.admitted()).append('\n').append(flow.reuse()).append('\n')
                .append(flow.otherSender()).append('\n').append(flow.guesses()).append('\n').append(flow.pairedInGroup()).append('\n');
        flow.lookalikes().forEach(o -> text.append(o).append('\n'));
        text.append(flow.selfApproval()).append('\n');
        flow.othersWrites().forEach(o -> text.append(o).append('\n'));
        controlPlane.controls().forEach(o -> text.append("control: ").append(o).append('\n'));
        controlPlane.attempts().forEach(o -> text.append(o).append('\n'));
        text.append(controlPlane.burst()).append('\n');
        text.append('\n').append(channel.transcript());
        return text.toString();
    }
}
