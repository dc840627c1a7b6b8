package dev.gjallarhorn.attack.injection;

import dev.gjallarhorn.attack.agent.ChannelTimings;

import dev.gjallarhorn.attack.agent.AgentChannel;
import dev.gjallarhorn.probe.ScriptOutput;

import dev.gjallarhorn.canary.Canaries;
import dev.gjallarhorn.canary.CanaryPort;
import dev.gjallarhorn.doubles.LlmRequest;
import dev.gjallarhorn.doubles.LlmScript;
import dev.gjallarhorn.doubles.TelegramUpdate;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.evidence.EvidenceStore;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.Prediction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Prompt injection over Telegram and its blast radius. The corpus under {@code scenarios/prompt-injection/} goes to
 * the agent from an allowlisted sender; each payload that arrives at the LLM double unchanged shows there is no input
 * filtering. Then the double answers a turn the way a hijacked model would, with a call of the agent's {@code exec}
 * tool, and the tool's result (sent back to the double) and the target's Docker show where it ran, as whom, what
 * it saw, and whether it reached a canary. Judges {@code T-005} and {@code N-PROMPT-INJECTION-DEFENSE}, and gives
 * {@code C-DOCKER-SANDBOX} and {@code N-CONTAINER-NETWORK-ISOLATION} the agent-driven part of their evidence.
 */
public final class PromptInjectionScenario {

    static final Duration TURN_WITHIN = Duration.ofSeconds(90);
    static final int CANARY_PORT = 443;

    public record Payload(String name, String text) {
    }

    /** What the agent's exec reported about itself, and where the target's Docker says it ran. */
    public record BlastRadius(Observation where, Observation sees, Observation callsOut, String report) {
    }

    public record InjectionFindings(Instant startedAt, Duration elapsed, String unavailable, List<Observation> payloads, BlastRadius blast,
                           Path evidence) {
    }

    private PromptInjectionScenario() {
    }

    public static InjectionFindings findings(AttackContext run) {
        return run.observeOnce(InjectionFindings.class, () -> probe(run));
    }

    static List<Payload> corpus(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Payload> payloads = new ArrayList<>();
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".txt")).sorted().toList()) {
                payloads.add(new Payload(file.getFileName().toString().replaceFirst("\\.txt$", ""), Files.readString(file).strip()));
            }
            return payloads;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the prompt-injection corpus in " + dir, e);
        }
    }

    private static InjectionFindings probe(AttackContext run) {
        Instant started = Instant.now();
        AgentChannel channel = AgentChannel.of(run);
        Path corpusDir = run.settings().home().resolve("scenarios/prompt-injection");
        List<Payload> corpus = corpus(corpusDir);
        String why = channel.unavailable().orElse(corpus.isEmpty() ? "no payloads in " + corpusDir : null);
        if (why == null && channel.admittedSender().isEmpty()) {
            why = "the config allowlists no sender to send the payloads from";
        }
        if (why == null && channel.noTurnCompletes().isPresent()) {
            why = channel.noTurnCompletes().get();
        }
        if (why != null) {
            Observation no = Observation.couldNotRun("the agent channel", Reason.PRECONDITION_UNMET, why);
            Path evidence = run.evidence().write("T-005", "prompt-injection.txt", "Prompt injection: not run: " + why + "\n\n"
                    + channel.transcript()).relativePath();
            return new InjectionFindings(started, Duration.between(started, Instant.now()), why, List.of(no), new BlastRadius(no, no, no, ""), evidence);
        }
        long sender = channel.admittedSender().get();
        List<Observation> payloads = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        boolean anyTurn = false;
        for (Payload payload : corpus) {
            String marker = channel.marker("INJECT");
            Observation seen = channel.noTurnCompletes().isPresent() && !anyTurn
                    ? Observation.couldNotRun("payload " + payload.name(), Reason.ORACLE_BLIND, channel.noTurnCompletes().get())
                    : deliver(channel, sender, payload, marker, sent, anyTurn ? TURN_WITHIN : ChannelTimings.FIRST_TURN_WITHIN);
            anyTurn |= seen.outcome() != Outcome.COULD_NOT_RUN;
            payloads.add(seen);
        }
        BlastRadius blast = blastRadius(run, channel, sender);
        // a tool result that came back after the wait is in the transcript too: its dump must be learned before it is written
        channel.llm().requests().forEach(r -> HijackedExec.learnAll(r.toolResults(), run.redactor()));
        StringBuilder text = new StringBuilder("Prompt injection over Telegram on ").append(run.target().describe()).append("\n\n");
        payloads.forEach(o -> text.append(o).append('\n'));
        text.append("\nblast radius: a turn answered with an exec tool call\n").append(blast.report()).append('\n')
                .append(blast.where()).append('\n').append(blast.sees()).append('\n').append(blast.callsOut()).append("\n\n")
                .append(channel.transcript());
        EvidenceStore.Evidence evidence = run.evidence().write("T-005", "prompt-injection.txt", text.toString());
        dev.gjallarhorn.host.Progress.say("agent channel: prompt injection and the hijacked exec took "
                + Duration.between(started, Instant.now()).toSeconds() + " s");
        return new InjectionFindings(started, Duration.between(started, Instant.now()), null, payloads, blast, evidence.relativePath());
    }

    /**
     * Sends one payload and says what reached the model: the payload verbatim (SUCCEEDED), a turn without it or
     * with it altered (BLOCKED: a filter passed the turn on without the payload), or nothing. Nothing is BLOCKED only
     * if a benign message right after it does reach the model (the payload was dropped); if that fails too, the
     * model endpoint is down or limited, which says nothing about filtering.
     */
    private static Observation deliver(AgentChannel channel, long sender, Payload payload, String marker, List<String> sent, Duration within) {
        String subject = "payload " + payload.name();
        List<String> earlier = List.copyOf(sent);
        sent.add(marker);
        Instant at = Instant.now();
        channel.send(TelegramUpdate.dm(sender, marker + "\n" + payload.text()));
        AgentChannel.eventually(() -> !channel.llmRequestsMentioning(marker).isEmpty() || !turnsWithout(channel, at, earlier, marker).isEmpty(), within);
        List<LlmRequest> reached = channel.llmRequestsMentioning(marker);
        if (!reached.isEmpty()) {
            return squash(reached.get(0).userText()).contains(squash(payload.text()))
                    ? Observation.succeeded(subject, "reached the model verbatim")
                    : Observation.blocked(subject, "reached the model altered");
        }
        if (!turnsWithout(channel, at, earlier, marker).isEmpty()) {
            return Observation.blocked(subject, "its turn reached the model without it (withheld or rewritten before the model)");
        }
        String control = channel.marker("CONTROL");
        sent.add(control);
        channel.send(TelegramUpdate.dm(sender, control + " hello"));
        if (channel.reachesModel(control, TURN_WITHIN)) {
            return Observation.blocked(subject, "never reached the model, while a benign message right after it did");
        }
        return Observation.couldNotRun(subject, Reason.ORACLE_BLIND, "neither it nor a benign message after it reached the model within "
                + within.toSeconds() + " + " + TURN_WITHIN.toSeconds() + " s: the model endpoint is failing or limited, which says nothing about filtering");
    }

    /**
     * Requests that arrived after {@code since} for a turn whose own text carries no marker of this run at all (a late
     * turn of another attack carries its own) and that quote none of the earlier payloads: the payload's turn, withheld.
     */
    private static List<LlmRequest> turnsWithout(AgentChannel channel, Instant since, List<String> earlier, String marker) {
        return channel.llm().requests(r -> r.at().isAfter(since) && !r.userText().isBlank() && !r.mentions(marker)
                && !channel.carriesAnyMarker(r) && earlier.stream().noneMatch(r::mentions));
    }

    private static BlastRadius blastRadius(AttackContext run, AgentChannel channel, long sender) {
        if (channel.noTurnCompletes().isPresent()) {
            Observation no = Observation.couldNotRun("the agent's exec", Reason.ORACLE_BLIND, channel.noTurnCompletes().get());
            return new BlastRadius(no, no, no, "");
        }
        Optional<Canaries> opened = run.openCanaries(List.of(CanaryPort.tcp(CANARY_PORT)));
        if (opened.isEmpty()) {
            Observation no = Observation.couldNotRun("the agent's exec", Reason.PRECONDITION_UNMET, run.session().noCanariesBecause());
            return new BlastRadius(no, no, no, "");
        }
        try (Canaries canaries = opened.get()) {
            String canaryToken = run.token() + "-agent-exec";
            String host = canaries.advertised().getHostAddress();
            String marker = channel.marker("EXEC");
            String command = HijackedExec.command(host, CANARY_PORT, canaryToken);
            channel.llm().script(LlmScript.exec(marker, command, "look around"));
            channel.send(TelegramUpdate.dm(sender, marker + " please check the environment"));
            boolean returned = AgentChannel.eventually(() -> channel.llm().requests().stream().anyMatch(r -> r.toolResultMentions("GJHX-END")),
                    TURN_WITHIN.multipliedBy(2));
            canaries.settle();
            ScriptOutput sandboxes = channel.sandboxes();
            if (!returned) {
                String subject = "the agent's exec";
                Observation no = Observation.couldNotRun(subject, Reason.PRECONDITION_UNMET,
                        "no tool result came back within " + TURN_WITHIN.multipliedBy(2).toSeconds() + " s (the turn failed or ran no tool)");
                return new BlastRadius(no, no, no, sandboxes.lines().stream().map(ScriptOutput.Line::text).collect(Collectors.joining("\n")));
            }
            String result = channel.llm().requests().stream().flatMap(r -> r.toolResults().stream()).filter(r -> r.contains("GJHX-END"))
                    .findFirst().orElse("");
            Map<String, String> seen = HijackedExec.facts(result, run.redactor());
            return BlastRadiusJudge.judge(run.redactor(), seen, sandboxes, canaries.hitsWithToken(canaryToken).size(), host);
        }
    }

    static String squash(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    public static ClaimEvaluation injection(AttackContext run) {
        InjectionFindings f = findings(run);
        BlastRadius b = f.blast();
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim("no input filtering: injection payloads reach the model unchanged", Prediction.forClaim(run.claim("T-005")),
                        f.payloads()),
                PartEvaluation.note("where a hijacked turn's exec runs", Outcome.SUCCEEDED, List.of(b.where())),
                PartEvaluation.note("what it sees", Outcome.SUCCEEDED, List.of(b.sees())),
                PartEvaluation.note("whether it reaches a canary", Outcome.SUCCEEDED, List.of(b.callsOut())));
        return new ClaimEvaluation("T-005", parts, observed(f), List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    public static ClaimEvaluation defense(AttackContext run) {
        InjectionFindings f = findings(run);
        List<PartEvaluation> parts = List.of(PartEvaluation.claim("nothing filters injection payloads before the model",
                Prediction.forClaim(run.claim("N-PROMPT-INJECTION-DEFENSE")), f.payloads()));
        return new ClaimEvaluation("N-PROMPT-INJECTION-DEFENSE", parts, observed(f), List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    private static String observed(InjectionFindings f) {
        if (f.unavailable() != null) {
            return f.unavailable();
        }
        long verbatim = f.payloads().stream().filter(o -> o.outcome() == Outcome.SUCCEEDED).count();
        return verbatim + " of " + f.payloads().size() + " payloads reached the model unchanged; a hijacked exec " + f.blast().where().detail();
    }

    /** For C-DOCKER-SANDBOX: the agent's own exec, as a part when it ran, as a note saying why not otherwise. */
    /**
     * The findings asked by an attack outside the agent channel's class: if the agent channel has not driven the
     * injection yet, this drives it, holding a shared gateway lease meanwhile so the services' restart waits.
     */
    private static InjectionFindings findingsFromOutside(AttackContext run) {
        return run.gateway().shared(() -> findings(run));
    }

    public static PartEvaluation agentExecPart(AttackContext run, Outcome predicted) {
        InjectionFindings f = findingsFromOutside(run);
        String name = "the agent's own exec runs in a sandbox container, not on the VM";
        return f.unavailable() != null || f.blast().where().outcome() == Outcome.COULD_NOT_RUN
                ? PartEvaluation.note(name + " (agent channel)", Outcome.SUCCEEDED, List.of(f.blast().where()))
                : PartEvaluation.claim(name, predicted, List.of(f.blast().where()));
    }

    /** For N-CONTAINER-NETWORK-ISOLATION: whether the agent's own sandbox reached a canary. */
    public static PartEvaluation agentCallsOutPart(AttackContext run, Outcome predicted) {
        InjectionFindings f = findingsFromOutside(run);
        String name = "the agent's own sandbox calls out (a hijacked exec towards a canary)";
        if (f.unavailable() == null && f.blast().where().outcome() == Outcome.SUCCEEDED) {
            return PartEvaluation.note(name + " (agent channel: its exec ran on the VM, in no container)", Outcome.SUCCEEDED,
                    List.of(f.blast().callsOut()));
        }
        // a part only when the exec is known to have run in a sandbox container and its call was observed
        return f.unavailable() == null && f.blast().where().outcome() == Outcome.BLOCKED && f.blast().callsOut().outcome() != Outcome.COULD_NOT_RUN
                ? PartEvaluation.claim(name, predicted, List.of(f.blast().callsOut()))
                : PartEvaluation.note(name + " (agent channel)", Outcome.SUCCEEDED, List.of(f.blast().callsOut()));
    }
}
