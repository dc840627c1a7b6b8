package dev.gjallarhorn.attack.containment;

import dev.gjallarhorn.attack.injection.PromptInjectionScenario;
import dev.gjallarhorn.attack.secrets.SecretLeakScenario;
import dev.gjallarhorn.probe.ScriptOutput;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.evidence.EvidenceStore;
import dev.gjallarhorn.evidence.Redactor;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.Prediction;
import java.time.Duration;
import java.time.Instant;
import dev.gjallarhorn.verdict.PartRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code C-DOCKER-SANDBOX}: "agent tool execution happens in per-session containers with a minimal image". What the
 * gateway's config decides (is every tool call sandboxed: {@code sandbox.mode}, {@code tools.exec.host}; one container
 * per session: {@code sandbox.scope}), then a look from inside a sandbox container, as its own user: a container the
 * gateway started if one runs, otherwise one created the way OpenClaw creates it from the target's own
 * {@code openclaw.json}. Inside: who it runs as, its capabilities (bounding and permitted sets), a write to the root
 * filesystem where that user may write, no-new-privileges, seccomp, any Docker API within reach (a socket anywhere,
 * {@code DOCKER_HOST}, tcp/2375 and tcp/2376 on the VM's addresses), the vault bind, and whether any value of
 * {@code secrets.env} is in its environment. {@code docker inspect} is second evidence.
 */
public final class DockerSandboxScenario {

    public static final String CLAIM = "C-DOCKER-SANDBOX";

    private DockerSandboxScenario() {
    }

    /**
     * What was seen inside the sandbox container, shared by every claim that asks about it.
     *
     * @param notRun       why no container was examined, or {@code null} when one was
     * @param notRunReason the reason that goes with {@code notRun}
     */
    public record SandboxFindings(Instant startedAt, Duration elapsed, SandboxConfig config, String container, boolean replica,
                           ScriptOutput inside, String inspect, String notRun, Reason notRunReason) {
        public String subject() {
            return replica ? "a sandbox created as OpenClaw would" : "the gateway's sandbox " + container;
        }
    }

    /**
     * The look inside the sandbox, once per run. It comes after the secret search (a replica it creates would leave
     * the secrets it is given in containerd's metadata, where the search would find the harness's own trace) and
     * after the services' restart, and it takes the gateway's lease alone: not while the agent channel drives the
     * gateway, which waits for it in turn.
     */
    public static SandboxFindings findings(AttackContext run) {
        return run.observeOnce(SandboxFindings.class, () -> {
            try {
                SecretLeakScenario.findings(run);
            } catch (RuntimeException searchFailed) {
                // the search's own claims report it; the look goes on
            }
            SecretLeakScenario.servicesRestarted(run);
            return run.gateway().exclusively(() -> SandboxInsideProbe.probe(run));
        });
    }

    public static ClaimEvaluation evaluate(AttackContext run) {
        SandboxFindings f = findings(run);
        Outcome predicted = Prediction.forClaim(run.claim(CLAIM));
        List<PartEvaluation> parts = new ArrayList<>(SandboxJudge.judge(f, predicted));
        SandboxConfig config = f.config();
        if (f.notRun() != null) {
            List<String> out = parts.stream().filter(p -> p.role() == PartRole.CLAIM).flatMap(p -> p.observations().stream())
                    .filter(o -> o.outcome() == Outcome.SUCCEEDED).map(Observation::detail).toList();
            return new ClaimEvaluation(CLAIM, parts, (out.isEmpty() ? "" : String.join("; ", out) + "; ") + "no sandbox container examined: "
                    + f.notRun(), List.of(), f.startedAt(), f.elapsed());
        }
        ScriptOutput out = f.inside();
        String subject = f.subject();
        parts.add(PartEvaluation.claim("no value of secrets.env is inside", predicted, List.of(secretsInside(run, f, java.util.Set.of()))));
        parts.add(PromptInjectionScenario.agentExecPart(run, predicted));
        StringBuilder text = new StringBuilder("C-DOCKER-SANDBOX: " + subject + "\n");
        text.append("sandbox config (").append(config.configFile()).append("): ").append(config.section()).append("\n");
        text.append("resolved: ").append(config.describe()).append("\n\n");
        out.lines().stream().filter(l -> !l.kind().equals("ENV")).forEach(l -> text.append(l.text()).append('\n'));
        text.append("environment variable names: ").append(String.join(" ", envNames(out))).append('\n');
        text.append("\n$ docker inspect ").append(f.container()).append(" (second evidence)\n").append(f.inspect());
        EvidenceStore.Evidence evidence = run.evidence().write(CLAIM, "sandbox-container.txt", text.toString());
        List<Observation> through = parts.stream().filter(p -> p.role() == PartRole.CLAIM).flatMap(p -> p.observations().stream())
                .filter(o -> o.outcome() == Outcome.SUCCEEDED).toList();
        String observed = through.isEmpty() ? "the sandbox confines its tools as claimed" : through.size() + " way(s) out of the sandbox: "
                + String.join("; ", through.stream().map(Observation::detail).toList());
        return new ClaimEvaluation(CLAIM, parts, observed, List.of(evidence.relativePath()), f.startedAt(), f.elapsed());
    }


    /**
     * Compares every environment value inside with the secrets the run learned (all of them, or only those
     * named); reports names, never values.
     */
    public static Observation secretsInside(AttackContext run, SandboxFindings f, Set<String> only) {
        ScriptOutput out = f.inside();
        Redactor redactor = run.redactor();
        String subject = f.subject();
        if (f.notRun() != null) {
            return Observation.couldNotRun("the sandbox container", f.notRunReason(), f.notRun());
        }
        if (out.all("ENV").isEmpty()) { // every process has some environment: none read means the look inside failed
            return Observation.couldNotRun(subject, Reason.PROBE_ERROR, "no environment was read from inside: " + out.result().describe());
        }
        Set<String> leaked = new TreeSet<>();
        for (ScriptOutput.Line env : out.all("ENV")) {
            String assignment = env.rest(0);
            int eq = assignment.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String value = assignment.substring(eq + 1);
            for (Redactor.Form form : redactor.forms()) {
                if (form.encoding().equals("raw") && form.foundIn(value) && (only.isEmpty() || only.contains(form.secretName()))) {
                    leaked.add(form.secretName() + " (as " + assignment.substring(0, eq) + ")");
                }
            }
        }
        if (!redactor.knowsSecrets()) {
            return Observation.couldNotRun(subject, Reason.PRECONDITION_UNMET, "the run could not read secrets.env, so there is nothing to look for");
        }
        if (out.value("SECRETS-FILE").equals("readable") && only.isEmpty()) {
            leaked.add("the secrets.env file itself");
        }
        return leaked.isEmpty() ? Observation.blocked(subject, "no " + (only.isEmpty() ? "secret value of secrets.env" : String.join(", ", only))
                + " in its environment or files")
                : Observation.succeeded(subject, "inside: " + String.join(", ", leaked));
    }

    private static List<String> envNames(ScriptOutput out) {
        return out.all("ENV").stream().map(l -> l.rest(0)).map(a -> a.contains("=") ? a.substring(0, a.indexOf('=')) : a).sorted().toList();
    }
}