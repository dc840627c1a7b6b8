package dev.gjallarhorn.scenario;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.report.EvidenceStore;
import dev.gjallarhorn.report.Redactor;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.target.Cmd;
import dev.gjallarhorn.target.CommandResult;
import dev.gjallarhorn.target.RemoteScript;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.Prediction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code C-DOCKER-SANDBOX}: "agent tool execution happens in per-session containers with a minimal image". A
 * container the gateway started is examined if one runs; otherwise one is created the way OpenClaw creates it from
 * the target's own {@code openclaw.json}. From inside it: who it runs as, its capabilities, whether its root is
 * writable, no-new-privileges, the Docker socket, the vault bind, and whether any value of {@code secrets.env} is
 * in its environment. {@code docker inspect} is second evidence.
 */
public final class DockerSandboxScenario {

    public static final String CLAIM = "C-DOCKER-SANDBOX";
    private static final RemoteScript INSIDE = RemoteScript.load(DockerSandboxScenario.class, "sandbox-inside.sh");

    private DockerSandboxScenario() {
    }

    /** What was seen inside the sandbox container, shared by every claim that asks about it. */
    public record Findings(Instant startedAt, Duration elapsed, SandboxConfig config, String container, boolean replica,
                           ScriptOutput inside, String inspect, String notRun) {
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
    public static Findings findings(AttackRun run) {
        return run.observeOnce(Findings.class, () -> {
            try {
                SecretLeakScenario.findings(run);
            } catch (RuntimeException searchFailed) {
                // the search's own claims report it; the look goes on
            }
            SecretLeakScenario.servicesRestarted(run);
            return run.gateway().exclusively(() -> probe(run));
        });
    }

    private static Findings probe(AttackRun run) {
        Instant started = Instant.now();
        SandboxConfig config = SandboxConfig.of(run);
        Duration timeout = run.settings().commandTimeout();
        boolean replica = config.live().isEmpty();
        if (!config.imagePresent() && replica) {
            return new Findings(started, Duration.ZERO, config, "", true, null, "",
                    "the sandbox image " + config.image() + " is not on the target, and no sandbox container runs");
        }
        String container = replica ? "" : config.live().get(0);
        if (replica) {
            ScriptOutput created = ScriptOutput.of(run.target().run(Cmd.script(SandboxConfig.SCRIPT, "create", run.token()).asRoot(), timeout));
            container = created.value("CONTAINER");
            if (container.isEmpty()) {
                return new Findings(started, Duration.ZERO, config, "", true, null, "", "could not create it as OpenClaw would: "
                        + created.result().describe() + " " + created.result().stderr().strip());
            }
        }
        try {
            CommandResult inside = run.target().run(Cmd.script(INSIDE, run.token()).inside(List.of("docker", "exec", "-i", container))
                    .asRoot(), timeout);
            CommandResult inspect = run.target().run(Cmd.of("docker", "inspect", container).asRoot(), timeout);
            // the values of its environment are in both answers; what looks secret must be redacted before anything is written
            run.redactor().learnEnvironment(ScriptOutput.of(inside).all("ENV").stream().map(l -> l.rest(0)).toList());
            run.redactor().learnEnvironment(dev.gjallarhorn.report.Environments.dockerConfigEnv(inspect.stdout()));
            return new Findings(started, Duration.between(started, Instant.now()), config, container, replica, ScriptOutput.of(inside),
                    inspect.stdout(), null);
        } finally {
            if (replica) {
                run.target().run(Cmd.script(SandboxConfig.SCRIPT, "remove", run.token()).asRoot(), timeout);
            }
        }
    }

    public static ClaimEvaluation evaluate(AttackRun run) {
        Findings f = findings(run);
        Outcome predicted = Prediction.forClaim(run.claim(CLAIM));
        if (f.notRun() != null) {
            Observation none = Observation.couldNotRun("the sandbox container", Reason.PRECONDITION_UNMET, f.notRun());
            return new ClaimEvaluation(CLAIM, List.of(PartEvaluation.claim("the tool sandbox confines a tool", predicted, List.of(none))),
                    "not examined: " + f.notRun(), List.of(), f.startedAt(), f.elapsed());
        }
        ScriptOutput out = f.inside();
        String subject = f.subject();
        SandboxConfig config = f.config();
        List<PartEvaluation> parts = new ArrayList<>();
        parts.add(claim("a tool does not run as root", predicted, single(out, "UID", subject,
                v -> v.equals("0") ? Outcome.SUCCEEDED : Outcome.BLOCKED, v -> "uid " + v)));
        parts.add(claim("a tool has no capabilities", predicted, single(out, "CAPEFF", subject,
                v -> v.matches("0+") ? Outcome.BLOCKED : Outcome.SUCCEEDED, v -> "effective capabilities " + v)));
        parts.add(claim("the container's root filesystem is read-only", predicted, single(out, "ROOTFS", subject,
                v -> v.equals("read-only") ? Outcome.BLOCKED : Outcome.SUCCEEDED, v -> "a write to /etc: " + v)));
        parts.add(claim("no-new-privileges is set", predicted, single(out, "NONEWPRIVS", subject,
                v -> v.equals("1") ? Outcome.BLOCKED : Outcome.SUCCEEDED, v -> "NoNewPrivs " + v)));
        parts.add(claim("the Docker socket is not inside", predicted, single(out, "DOCKER-SOCKET", subject,
                v -> v.equals("absent") ? Outcome.BLOCKED : Outcome.SUCCEEDED, v -> "/var/run/docker.sock " + v)));
        parts.add(claim("no value of secrets.env is inside", predicted, List.of(secretsInside(run, f, java.util.Set.of()))));
        parts.add(PromptInjectionScenario.agentExecPart(run, predicted));
        parts.add(PartEvaluation.note("the vault from inside (T-007 judges it)", Outcome.SUCCEEDED, single(out, "VAULT", subject,
                v -> v.startsWith("rw") || v.endsWith("written") ? Outcome.SUCCEEDED : Outcome.BLOCKED,
                v -> "/workspace/obsidian: " + v + " (mount, a write)")));
        parts.add(PartEvaluation.note("image and network", Outcome.SUCCEEDED, List.of(Observation.blocked(subject,
                "image " + config.image() + ", network " + config.network() + (f.replica() ? "; no container of the gateway's was running,"
                        + " so this one was created from " + config.configFile() : "")))));
        StringBuilder text = new StringBuilder("C-DOCKER-SANDBOX: " + subject + "\n");
        text.append("sandbox config (").append(config.configFile()).append("): ").append(config.section()).append("\n\n");
        out.lines().stream().filter(l -> !l.kind().equals("ENV")).forEach(l -> text.append(l.text()).append('\n'));
        text.append("environment variable names: ").append(String.join(" ", envNames(out))).append('\n');
        text.append("\n$ docker inspect ").append(f.container()).append(" (second evidence)\n").append(f.inspect());
        EvidenceStore.Evidence evidence = run.evidence().write(CLAIM, "sandbox-container.txt", text.toString());
        long weak = parts.stream().filter(p -> p.role() == dev.gjallarhorn.verdict.PartRole.CLAIM)
                .filter(p -> p.observations().stream().anyMatch(o -> o.outcome() == Outcome.SUCCEEDED)).count();
        String observed = weak == 0 ? "the sandbox confines its tools as claimed" : weak + " way(s) out of the sandbox: "
                + String.join("; ", parts.stream().filter(p -> p.role() == dev.gjallarhorn.verdict.PartRole.CLAIM)
                        .flatMap(p -> p.observations().stream()).filter(o -> o.outcome() == Outcome.SUCCEEDED).map(Observation::detail).toList());
        return new ClaimEvaluation(CLAIM, parts, observed, List.of(evidence.relativePath()), f.startedAt(), f.elapsed());
    }

    private static PartEvaluation claim(String name, Outcome predicted, List<Observation> observations) {
        return PartEvaluation.claim(name, predicted, observations);
    }

    private static List<Observation> single(ScriptOutput out, String key, String subject,
                                            java.util.function.Function<String, Outcome> judge, java.util.function.Function<String, String> say) {
        String value = out.value(key).trim();
        if (value.isEmpty()) {
            return List.of(Observation.couldNotRun(subject, Reason.PROBE_ERROR, "no " + key + " from inside the container"));
        }
        Outcome outcome = judge.apply(value);
        return List.of(new Observation(subject, outcome, java.util.Optional.empty(), say.apply(value)));
    }

    /**
     * Compares every environment value inside with the secrets the run learned (all of them, or only those
     * named); reports names, never values.
     */
    public static Observation secretsInside(AttackRun run, Findings f, Set<String> only) {
        ScriptOutput out = f.inside();
        Redactor redactor = run.redactor();
        String subject = f.subject();
        if (f.notRun() != null) {
            return Observation.couldNotRun("the sandbox container", Reason.PRECONDITION_UNMET, f.notRun());
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
