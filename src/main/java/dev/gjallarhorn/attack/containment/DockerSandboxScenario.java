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
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.RemoteScript;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.Prediction;
import java.time.Duration;
import java.time.Instant;
import dev.gjallarhorn.verdict.PartRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private static final RemoteScript INSIDE = RemoteScript.load(DockerSandboxScenario.class, "sandbox-inside.sh");
    private static final Set<String> MODES = Set.of("off", "non-main", "all");
    private static final Set<String> SCOPES = Set.of("session", "agent", "shared");

    private DockerSandboxScenario() {
    }

    /**
     * What was seen inside the sandbox container, shared by every claim that asks about it.
     *
     * @param notRun       why no container was examined, or {@code null} when one was
     * @param notRunReason the reason that goes with {@code notRun}
     */
    public record Findings(Instant startedAt, Duration elapsed, SandboxConfig config, String container, boolean replica,
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
    public static Findings findings(AttackContext run) {
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

    private static Findings probe(AttackContext run) {
        Instant started = Instant.now();
        SandboxConfig config = SandboxConfig.of(run);
        Duration timeout = run.settings().commandTimeout();
        boolean replica = config.live().isEmpty();
        if (replica && config.unread() != null) {
            return new Findings(started, Duration.ZERO, config, "", true, null, "", "no sandbox container of the gateway's runs, and how the"
                    + " gateway would start one could not be read: " + config.unread(), config.unreadReason());
        }
        if (!config.imagePresent() && replica) {
            return new Findings(started, Duration.ZERO, config, "", true, null, "",
                    "the sandbox image " + config.image() + " is not on the target, and no sandbox container runs", Reason.PRECONDITION_UNMET);
        }
        String container = replica ? "" : config.live().get(0);
        if (replica) {
            ScriptOutput created = ScriptOutput.of(run.target().run(Cmd.script(SandboxConfig.SCRIPT, "create", run.token()).asRoot(), timeout));
            container = created.value("CONTAINER");
            if (container.isEmpty()) {
                String failed = created.value("CREATE-FAILED");
                return new Findings(started, Duration.ZERO, config, "", true, null, "", "could not create it as OpenClaw would: "
                        + (failed.isEmpty() ? created.result().describe() + " " + created.result().stderr().strip() : failed),
                        failed.isEmpty() ? Reason.PROBE_ERROR : Reason.PRECONDITION_UNMET);
            }
        }
        try {
            List<String> args = new ArrayList<>(List.of(run.token()));
            args.addAll(config.hostAddresses());
            ScriptOutput inside = ScriptOutput.of(run.target().run(Cmd.script(INSIDE, args.toArray(String[]::new))
                    .inside(List.of("docker", "exec", "-i", container)).asRoot(), timeout));
            CommandResult state = run.target().run(Cmd.script(SandboxConfig.SCRIPT, "state", run.token(), container).asRoot(), timeout);
            inside = withLines(inside, ScriptOutput.of(state));
            CommandResult inspect = run.target().run(Cmd.of("docker", "inspect", container).asRoot(), timeout);
            // the values of its environment are in both answers; what looks secret must be redacted before anything is written
            run.redactor().learnEnvironment(inside.all("ENV").stream().map(l -> l.rest(0)).toList());
            run.redactor().learnEnvironment(dev.gjallarhorn.evidence.Environments.dockerConfigEnv(inspect.stdout()));
            return new Findings(started, Duration.between(started, Instant.now()), config, container, replica, inside,
                    inspect.stdout(), null, null);
        } finally {
            if (replica) {
                run.target().run(Cmd.script(SandboxConfig.SCRIPT, "remove", run.token()).asRoot(), timeout);
            }
        }
    }

    public static ClaimEvaluation evaluate(AttackContext run) {
        Findings f = findings(run);
        Outcome predicted = Prediction.forClaim(run.claim(CLAIM));
        List<PartEvaluation> parts = new ArrayList<>(judge(f, predicted));
        SandboxConfig config = f.config();
        if (f.notRun() != null) {
            List<String> out = parts.stream().filter(p -> p.role() == PartRole.CLAIM).flatMap(p -> p.observations().stream())
                    .filter(o -> o.outcome() == Outcome.SUCCEEDED).map(Observation::detail).toList();
            return new ClaimEvaluation(CLAIM, parts, (out.isEmpty() ? "" : String.join("; ", out) + "; ") + "no sandbox container examined: "
                    + f.notRun(), List.of(), f.startedAt(), f.elapsed());
        }
        ScriptOutput out = f.inside();
        String subject = f.subject();
        parts.add(claim("no value of secrets.env is inside", predicted, List.of(secretsInside(run, f, java.util.Set.of()))));
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
     * Every part judged from the gateway's config and the look inside (all but the secrets in the environment and the
     * agent channel's own exec, which need the run): the config's parts always, the container's when one was examined,
     * else one part that could not run, with the reason the findings give.
     */
    public static List<PartEvaluation> judge(Findings f, Outcome predicted) {
        SandboxConfig config = f.config();
        List<PartEvaluation> parts = new ArrayList<>();
        parts.add(claim("the gateway sandboxes every tool call (sandbox mode, tools.exec.host)", predicted, List.of(mode(config))));
        parts.add(claim("one container per session (sandbox scope)", predicted, List.of(scope(config))));
        if (f.notRun() != null) {
            parts.add(claim("the tool sandbox confines a tool", predicted,
                    List.of(Observation.couldNotRun("the sandbox container", f.notRunReason(), f.notRun()))));
            return parts;
        }
        ScriptOutput out = f.inside();
        String subject = f.subject();
        String uid = out.value("UID").trim();
        parts.add(claim("a tool does not run as root", predicted, single(out, "UID", subject,
                v -> v.equals("0") ? Outcome.SUCCEEDED : Outcome.BLOCKED, v -> "uid " + v)));
        parts.add(claim("a tool has no capabilities (bounding and permitted sets)", predicted, List.of(capabilities(out, subject))));
        parts.add(claim("the container's root filesystem is read-only", predicted, List.of(rootFilesystem(out, subject, uid))));
        parts.add(claim("no-new-privileges is set", predicted, single(out, "NONEWPRIVS", subject,
                v -> v.equals("1") ? Outcome.BLOCKED : Outcome.SUCCEEDED, v -> "NoNewPrivs " + v)));
        parts.add(claim("system calls are filtered (seccomp)", predicted, single(out, "SECCOMP", subject,
                v -> v.equals("0") ? Outcome.SUCCEEDED : Outcome.BLOCKED,
                v -> "Seccomp " + v + (v.equals("0") ? " (no filter)" : v.equals("2") ? " (filter)" : "")
                        + " (configured profile: " + orDefault(config.setting("SECCOMP-PROFILE")) + ")")));
        parts.add(claim("the Docker socket (or any Docker API) is not reachable from inside", predicted, dockerApi(out, subject, config)));
        parts.add(claim(STATE_PART, predicted, gatewayState(out, subject)));
        parts.add(PartEvaluation.note("AppArmor", Outcome.SUCCEEDED, List.of(out.value("APPARMOR").isEmpty()
                ? Observation.couldNotRun(subject, Reason.PROBE_ERROR, "no AppArmor label from inside")
                : Observation.blocked(subject, "label " + out.value("APPARMOR") + " (configured profile: "
                + orDefault(config.setting("APPARMOR-PROFILE")) + ")"))));
        parts.add(PartEvaluation.note("the vault from inside (T-007 judges it)", Outcome.SUCCEEDED, single(out, "VAULT", subject,
                v -> v.startsWith("rw") || v.endsWith("written") ? Outcome.SUCCEEDED : Outcome.BLOCKED,
                v -> "/workspace/obsidian: " + v + " (mount, a write)")));
        parts.add(PartEvaluation.note("the settings it was started with", Outcome.SUCCEEDED, List.of(Observation.blocked(subject,
                config.describe() + (f.replica() ? "; no container of the gateway's was running, so this one was created from "
                        + config.configFile() : "")))));
        return parts;
    }

    /** {@code sandbox.mode} with {@code tools.exec.host}: whether the gateway runs tool calls on its own host. */
    /** The part a writable way into the gateway's own state decides. */
    static final String STATE_PART = "a tool cannot write the gateway's own state (openclaw.json, credentials) through a mount";

    /**
     * The gateway's state directory written from inside, through every writable mount that reaches it: a tokened file
     * that appeared on the VM is a way out (a tool can rewrite the config that sandboxes it); a refused write or no
     * such mount holds; no answer could not run.
     */
    static List<Observation> gatewayState(ScriptOutput out, String subject) {
        String dir = out.value("STATE-DIR");
        if (!out.value("STATE-NOT-RUN").isEmpty() || dir.isEmpty()) {
            return List.of(Observation.couldNotRun(subject, Reason.PROBE_ERROR, "the gateway's state directory was not tried from inside: "
                    + (out.value("STATE-NOT-RUN").isEmpty() ? "no answer" : out.value("STATE-NOT-RUN"))));
        }
        List<Observation> seen = new ArrayList<>();
        for (ScriptOutput.Line line : out.all("STATE-WRITE")) {
            String what = line.word(0);
            switch (what) {
                case "written" -> seen.add(Observation.succeeded(subject, "the gateway's state " + dir + " is writable from inside through the mount of "
                        + line.word(1) + ": " + line.rest(2)));
                case "refused" -> seen.add(Observation.blocked(subject, "a write into " + dir + " through the mount of " + line.word(1)
                        + " was refused: " + line.rest(2)));
                case "none" -> seen.add(Observation.blocked(subject, "none of the container's " + line.word(1) + " writable mount(s) reaches "
                        + dir + " (the agent's workspace aside)"));
                default -> seen.add(Observation.couldNotRun(subject, Reason.PROBE_ERROR, "a write into " + dir + " through the mount of "
                        + line.word(1) + ": " + line.rest(2)));
            }
        }
        return seen.isEmpty() ? List.of(Observation.couldNotRun(subject, Reason.PROBE_ERROR, "no STATE-WRITE answer for " + dir)) : seen;
    }

    private static ScriptOutput withLines(ScriptOutput first, ScriptOutput more) {
        List<ScriptOutput.Line> lines = new ArrayList<>(first.lines());
        lines.addAll(more.lines());
        return new ScriptOutput(first.result(), lines);
    }

    static Observation mode(SandboxConfig config) {
        String subject = "sandbox mode in " + (config.configFile().isEmpty() ? "the gateway's config" : config.configFile());
        if (config.unread() != null) {
            return Observation.couldNotRun(subject, config.unreadReason(), "could not read the config: " + config.unread());
        }
        String mode = config.setting("MODE");
        String execHost = config.setting("EXEC-HOST");
        if (!MODES.contains(mode)) {
            return Observation.couldNotRun(subject, Reason.PROBE_ERROR, "sandbox mode '" + mode + "' is none OpenClaw knows");
        }
        if (mode.equals("off")) {
            return Observation.succeeded(subject, "sandbox mode off: the agent's tools run on the gateway's host, unsandboxed");
        }
        if (mode.equals("non-main")) {
            return Observation.succeeded(subject, "sandbox mode non-main: the main session's tools run on the gateway's host"
                    + (config.setting("DM-SCOPE").equals("main") ? ", and with session.dmScope main every direct message is in the main session" : ""));
        }
        if (execHost.equals("gateway")) {
            return Observation.succeeded(subject, "tools.exec.host gateway: exec runs on the gateway's host even with sandbox mode all");
        }
        if (execHost.isEmpty()) {
            return Observation.couldNotRun(subject, Reason.PROBE_ERROR, "sandbox mode all, but tools.exec.host was not read");
        }
        return Observation.blocked(subject, "sandbox mode all, tools.exec.host " + execHost + ": every session's tools run in a sandbox container");
    }

    /** {@code sandbox.scope}: session gives each session its own container; agent and shared put sessions together. */
    static Observation scope(SandboxConfig config) {
        String subject = "sandbox scope in " + (config.configFile().isEmpty() ? "the gateway's config" : config.configFile());
        if (config.unread() != null) {
            return Observation.couldNotRun(subject, config.unreadReason(), "could not read the config: " + config.unread());
        }
        String scope = config.setting("SCOPE");
        if (!SCOPES.contains(scope)) {
            return Observation.couldNotRun(subject, Reason.PROBE_ERROR, "sandbox scope '" + scope + "' is none OpenClaw knows");
        }
        return switch (scope) {
            case "session" -> Observation.blocked(subject, "scope session: one container per session");
            case "agent" -> Observation.succeeded(subject, "scope agent: every session of the agent shares one container (and its files)");
            default -> Observation.succeeded(subject, "scope shared: one container for every agent and session");
        };
    }

    /** Any capability in the bounding, permitted, effective or ambient set: a non-root user's effective set is 0 whatever it may gain. */
    static Observation capabilities(ScriptOutput out, String subject) {
        String bounding = out.value("CAPBND").trim();
        String permitted = out.value("CAPPRM").trim();
        if (bounding.isEmpty() || permitted.isEmpty()) {
            return Observation.couldNotRun(subject, Reason.PROBE_ERROR, "no CapBnd/CapPrm from inside the container");
        }
        Map<String, String> sets = new LinkedHashMap<>();
        sets.put("bounding", bounding);
        sets.put("permitted", permitted);
        sets.put("effective", out.value("CAPEFF").trim());
        sets.put("ambient", out.value("CAPAMB").trim());
        List<String> held = sets.entrySet().stream().filter(e -> !e.getValue().isEmpty() && !e.getValue().matches("0+"))
                .map(e -> e.getKey() + " " + e.getValue()).toList();
        String all = String.join(", ", sets.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(e -> e.getKey() + " " + e.getValue()).toList());
        return held.isEmpty() ? Observation.blocked(subject, "no capability in any set (" + all + ")")
                : Observation.succeeded(subject, "capabilities held: " + String.join(", ", held));
    }

    /** The write to the root filesystem: EROFS is a read-only root; success, or EACCES at / (not EROFS), a writable one. */
    static Observation rootFilesystem(ScriptOutput out, String subject, String uid) {
        String notRun = out.value("ROOTFS-NOT-RUN");
        List<ScriptOutput.Line> lines = out.all("ROOTFS");
        if (lines.isEmpty()) {
            return Observation.couldNotRun(subject, Reason.PROBE_ERROR, notRun.isEmpty() ? "no ROOTFS from inside the container" : notRun);
        }
        ScriptOutput.Line line = lines.get(0);
        String dir = line.rest(1);
        return switch (line.word(0)) {
            case "writable" -> Observation.succeeded(subject, "uid " + uid + " wrote in " + dir + " on the root filesystem");
            case "writable-by-root" -> Observation.succeeded(subject, "a write in / was refused to uid " + uid
                    + " with EACCES, not EROFS: the root filesystem is mounted read-write");
            case "read-only" -> Observation.blocked(subject, "a write by uid " + uid + " in " + dir + " was refused with EROFS");
            default -> Observation.couldNotRun(subject, Reason.PROBE_ERROR, "unreadable ROOTFS line: " + line.text());
        };
    }

    /**
     * Every Docker API within reach: a socket named docker.sock anywhere (whatever this user may do with it: root in
     * the sandbox or the socket's group can), any unix socket answering {@code GET /_ping}, {@code DOCKER_HOST}, and
     * tcp/2375 and tcp/2376 on the VM's addresses. The socket search counts only when its planted socket was found; a
     * port that timed out counts as closed only when nothing listens on that port on the VM.
     */
    static List<Observation> dockerApi(ScriptOutput out, String subject, SandboxConfig config) {
        List<Observation> seen = new ArrayList<>();
        String dockerHost = out.value("DOCKER-HOST").trim();
        if (dockerHost.isEmpty()) {
            return List.of(Observation.couldNotRun(subject, Reason.PROBE_ERROR, "no DOCKER-HOST from inside the container"));
        }
        if (!dockerHost.equals("-")) {
            seen.add(Observation.succeeded("DOCKER_HOST in " + subject, "DOCKER_HOST=" + dockerHost + " in its environment"));
        }
        List<ScriptOutput.Line> sockets = out.all("SOCKET");
        List<String> quiet = new ArrayList<>();
        for (ScriptOutput.Line socket : sockets) {
            String path = socket.word(0);
            String answer = socket.word(1);
            if (answer.equals("answers")) {
                seen.add(Observation.succeeded("socket " + path + " in " + subject, "a Docker API answered GET /_ping at " + path));
            } else if (path.endsWith("/docker.sock")) {
                seen.add(Observation.succeeded("socket " + path + " in " + subject, "the Docker socket is inside at " + path
                        + " (GET /_ping as this user: " + answer + "; root in the sandbox or the socket's group drives Docker)"));
            } else {
                quiet.add(path + " " + answer);
            }
        }
        String notRun = out.value("DOCKER-API-NOT-RUN");
        String search = out.value("SOCKET-SEARCH");
        String control = out.all("SOCKET-CONTROL").stream().findFirst().map(l -> l.word(0)).orElse("");
        String searchSubject = "the socket search in " + subject;
        if (!notRun.isEmpty()) {
            seen.add(Observation.couldNotRun(searchSubject, Reason.PRECONDITION_UNMET, notRun));
        } else if (search.equals("timeout")) {
            seen.add(Observation.couldNotRun(searchSubject, Reason.TIMEOUT, "the search for sockets ran out of time"));
        } else if (!control.equals("found")) {
            seen.add(Observation.couldNotRun(searchSubject, control.isEmpty() ? Reason.PROBE_ERROR : Reason.ORACLE_BLIND,
                    control.isEmpty() ? "no SOCKET-CONTROL from inside the container" : "its own planted socket was not found: "
                            + out.value("SOCKET-CONTROL")));
        } else {
            seen.add(Observation.blocked(searchSubject, "no socket named docker.sock and none answering GET /_ping"
                    + (quiet.isEmpty() ? "" : " among: " + String.join(", ", quiet))));
        }
        List<ScriptOutput.Line> ports = out.all("DOCKER-TCP");
        if (notRun.isEmpty() && ports.isEmpty()) {
            seen.add(Observation.couldNotRun("tcp/2375-2376 from " + subject, Reason.PROBE_ERROR, "no DOCKER-TCP from inside the container"));
        }
        for (ScriptOutput.Line port : ports) {
            seen.add(tcpPort(port, subject, config));
        }
        return seen;
    }

    private static Observation tcpPort(ScriptOutput.Line line, String subject, SandboxConfig config) {
        String address = line.word(0);
        String port = line.word(1);
        String answer = line.word(2);
        String on = "tcp/" + port + " on " + address + " from " + subject;
        return switch (answer) {
            case "answers" -> Observation.succeeded(on, "a Docker API answered GET /_ping at " + address + ":" + port);
            case "refused", "unreachable", "tls-refused", "not-docker" -> Observation.blocked(on, answer);
            case "timeout" -> config.listening().filter(ports -> !ports.contains(Integer.parseInt(port))).isPresent()
                    ? Observation.blocked(on, "no answer, and nothing listens on tcp/" + port + " on the VM")
                    : Observation.couldNotRun(on, Reason.TIMEOUT, "no answer within 3 s" + (config.listening().isEmpty()
                    ? ", and the VM's listening ports were not read" : ", and something listens on tcp/" + port + " on the VM"));
            default -> Observation.couldNotRun(on, Reason.PROBE_ERROR, "the connect failed: " + answer);
        };
    }

    private static String orDefault(String profile) {
        return profile.isEmpty() ? "not read" : profile.equals("-") ? "Docker's default" : profile;
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
    public static Observation secretsInside(AttackContext run, Findings f, Set<String> only) {
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
