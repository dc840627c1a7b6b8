package dev.gjallarhorn.scenario;

import dev.gjallarhorn.canary.Canaries;
import dev.gjallarhorn.canary.CanaryPort;
import dev.gjallarhorn.canary.DestinationGuard;
import dev.gjallarhorn.canary.Protocol;
import dev.gjallarhorn.probe.Identity;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.probe.egress.EgressAttempt;
import dev.gjallarhorn.probe.egress.EgressOracle;
import dev.gjallarhorn.probe.egress.EgressPlan;
import dev.gjallarhorn.surface.FirewallRuleset;
import dev.gjallarhorn.surface.Surface;
import java.net.InetAddress;
import dev.gjallarhorn.probe.egress.EgressPort;
import dev.gjallarhorn.probe.egress.EgressProbe;
import dev.gjallarhorn.report.EvidenceStore;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.target.Cmd;
import dev.gjallarhorn.target.CommandResult;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.Prediction;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Network calls from containers. One container runs the way the tool sandbox runs (its image, its configured
 * network mode), another on Docker's default bridge (the "network container" Bilrost uses for web_fetch, gh and
 * builds). Each connects to the canaries on allowlisted ports and on ports UFW denies the VM itself. What the
 * canaries record decides two claims: {@code N-CONTAINER-NETWORK-ISOLATION} (a gap: agents can call out from
 * their containers) and the container part of {@code C-FIREWALL} (bridge traffic leaves through FORWARD, where
 * UFW's outgoing policy does not look).
 */
public final class ContainerNetworkScenario {

    /**
     * The ports a container's traffic tries: derived from the FORWARD path of the target's ruleset (DOCKER-USER, Docker's
     * own chains), the allowlist as positive controls, and a seeded random sample (see {@link EgressPlan}).
     */
    static EgressPlan plan(AttackRun run) {
        InetAddress canary = run.session().canaries().orElseThrow().advertised();
        return EgressPlan.derive(Surface.of(run).firewall(), FirewallRuleset.Hook.FORWARD, canary, "eth0", FirewallEgressScenario.seed(run),
                EgressPlan.SAMPLE / 2);
    }

    /** What both claims are judged from. */
    public record Findings(Instant startedAt, Duration elapsed, SandboxConfig config, List<Observation> sandbox,
                           List<Observation> bridgeAllowed, List<Observation> bridgeDenied, Observation gatewayPort,
                           Path evidence, String notRun) {
    }

    private ContainerNetworkScenario() {
    }

    public static Findings findings(AttackRun run) {
        return run.observeOnce(Findings.class, () -> probe(run));
    }

    private static Findings probe(AttackRun run) {
        Instant started = Instant.now();
        SandboxConfig config = SandboxConfig.of(run);
        if (!config.imagePresent()) {
            String why = config.image().isEmpty() ? "cannot read the sandbox configuration" : "the sandbox image " + config.image() + " is not on the target";
            return new Findings(started, Duration.ZERO, config, List.of(), List.of(), List.of(), null, null, why);
        }
        if (run.session().canaries().isEmpty()) {
            return new Findings(started, Duration.ZERO, config, List.of(), List.of(), List.of(), null, null, run.session().noCanariesBecause());
        }
        EgressPlan plan = plan(run);
        var opened = run.openCanaries(plan.ports().stream().map(EgressPort::port).toList());
        if (opened.isEmpty()) {
            return new Findings(started, Duration.ZERO, config, List.of(), List.of(), List.of(), null, null, run.session().noCanariesBecause());
        }
        try (Canaries canaries = opened.get()) {
            List<EgressPort> matrix = plan.ports().stream()
                    .filter(p -> !(plan.sampled().contains(p.port()) && canaries.unavailable(p.port()).isPresent())).toList();
            DestinationGuard guard = run.guard(canaries);
            CommandResult before = run.target().run(Cmd.of("iptables", "-L", "FORWARD", "-nvx").asRoot(), Duration.ofSeconds(20));
            EgressProbe.Site sandboxSite = new EgressProbe.Site("the sandbox container (network " + config.network() + ")", "s",
                    Identity.LOGIN_USER, config.containerOn(config.network(), run.token() + "-net-sandbox", run.token()));
            EgressProbe.Site bridgeSite = new EgressProbe.Site("a bridge container", "b", Identity.LOGIN_USER,
                    config.containerOn("bridge", run.token() + "-net-bridge", run.token()));
            Duration timeout = run.settings().probeTimeout();
            EgressProbe.Pass sandbox = EgressProbe.run(run.target(), canaries, guard, sandboxSite, matrix, run.token(), timeout);
            EgressProbe.Pass bridge = EgressProbe.run(run.target(), canaries, guard, bridgeSite, matrix, run.token(), timeout);
            canaries.settle();
            CommandResult after = run.target().run(Cmd.of("iptables", "-L", "FORWARD", "-nvx").asRoot(), Duration.ofSeconds(20));
            CommandResult dockerUser = run.target().run(Cmd.of("iptables", "-S", "DOCKER-USER").asRoot(), Duration.ofSeconds(20));
            Observation gateway = gatewayPort(run, config);

            List<Observation> sandboxObs = sandbox.attempts().stream().map(a -> EgressOracle.judge(a, canaries)).toList();
            List<Observation> allowed = new ArrayList<>();
            List<Observation> denied = new ArrayList<>();
            for (EgressAttempt a : bridge.attempts()) {
                (a.port().allowlisted() ? allowed : denied).add(EgressOracle.judge(a, canaries));
            }
            for (Protocol protocol : Protocol.values()) {
                boolean seeing = bridge.attempts().stream().anyMatch(a -> a.port().allowlisted() && a.port().port().protocol() == protocol
                        && EgressOracle.judge(a, canaries).outcome() == Outcome.SUCCEEDED);
                if (!seeing) {
                    String why = "no allowlisted " + protocol.lower() + " port reached the canary from a bridge container";
                    denied = blind(denied, protocol, why);
                    sandboxObs = blind(sandboxObs, protocol, why);
                }
            }
            StringBuilder text = new StringBuilder("Network calls from containers\n");
            text.append("target: ").append(run.target().describe()).append("; canaries at ").append(canaries.advertised().getHostAddress()).append('\n');
            text.append("sandbox config: ").append(config.configFile()).append(" network=").append(config.network())
                    .append(" tool network=").append(config.toolNetwork()).append('\n');
            text.append("ports from the FORWARD path of the ruleset:\n").append(plan.describe());
            text.append("the bridge path: containers on docker0 leave through FORWARD (DOCKER-USER, then Docker's ACCEPT for -i docker0 !"
                    + " -o docker0), never through OUTPUT, where UFW's outgoing policy sits\n\n");
            appendAll(text, "sandbox container", sandbox, sandboxObs);
            List<Observation> bridgeAll = new ArrayList<>(allowed);
            bridgeAll.addAll(denied);
            appendAll(text, "bridge container", bridge, bridgeAll);
            text.append("\ngateway port from a bridge container: ").append(gateway).append('\n');
            text.append("\ncanary log:\n");
            canaries.hits().forEach(h -> text.append("  ").append(h).append('\n'));
            text.append("\n$ iptables -L FORWARD -nvx (before)\n").append(before.stdout())
                    .append("\n$ iptables -L FORWARD -nvx (after: the packet counters show which rule let the containers out)\n")
                    .append(after.stdout()).append("\n$ iptables -S DOCKER-USER\n").append(dockerUser.stdout());
            EvidenceStore.Evidence evidence = run.evidence().write("N-CONTAINER-NETWORK-ISOLATION", "container-egress.txt", text.toString());
            return new Findings(started, Duration.between(started, Instant.now()), config, sandboxObs, allowed, denied, gateway,
                    evidence.relativePath(), null);
        } finally {
            // this attack's own containers only: the sandbox look's replica carries the same run label
            run.target().run(Cmd.of("sh", "-c", "docker ps -aq --filter label=dev.gjallarhorn.run=" + run.token()
                    + " --filter name=" + run.token() + "-net- --filter name=" + run.token() + "-gw"
                    + " | xargs -r docker rm -f").asRoot(), Duration.ofSeconds(30));
        }
    }

    /** {@code N-CONTAINER-NETWORK-ISOLATION}: a gap; it holds while agents can call out from their containers. */
    public static ClaimEvaluation isolation(AttackRun run) {
        String claim = "N-CONTAINER-NETWORK-ISOLATION";
        Findings f = findings(run);
        Outcome predicted = Prediction.forClaim(run.claim(claim));
        if (f.notRun() != null) {
            return notRun(claim, predicted, f);
        }
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim("a container on the sandbox's own network mode (" + f.config().network() + ") calls out", predicted, f.sandbox()),
                PartEvaluation.claim("a container on Docker's bridge (Bilrost's network container for web_fetch, gh, builds) calls out",
                        predicted, f.bridgeAllowed()),
                PartEvaluation.note("a bridge container reaches the gateway's port on the bridge address", Outcome.SUCCEEDED, List.of(f.gatewayPort())),
                PromptInjectionScenario.agentCallsOutPart(run, predicted));
        boolean sandboxOut = f.sandbox().stream().anyMatch(o -> o.outcome() == Outcome.SUCCEEDED);
        String observed = "the sandbox (network " + f.config().network() + ") " + (sandboxOut ? "called out" : "could not call out")
                + "; a bridge container " + (f.bridgeAllowed().stream().anyMatch(o -> o.outcome() == Outcome.SUCCEEDED) ? "called out" : "could not call out");
        return new ClaimEvaluation(claim, parts, observed, List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    /** The container part of {@code C-FIREWALL}: bridge containers held to the VM's allowlist. */
    public static ClaimEvaluation firewallForContainers(AttackRun run) {
        String claim = "C-FIREWALL";
        Findings f = findings(run);
        Outcome predicted = Prediction.forClaim(run.claim(claim));
        if (f.notRun() != null) {
            return notRun(claim, predicted, f);
        }
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim("egress from containers on Docker's bridge is held to the allowlist too", predicted, f.bridgeDenied()),
                PartEvaluation.control("allowlisted egress from a bridge container reaches the canary (positive control)", f.bridgeAllowed()));
        List<String> through = f.bridgeDenied().stream().filter(o -> o.outcome() == Outcome.SUCCEEDED).map(o -> o.subject().split(" ")[0]).toList();
        String observed = through.isEmpty() ? "bridge containers stayed within the allowlist"
                : "bridge containers left the VM outside the allowlist: " + String.join(", ", through) + " (through FORWARD, not UFW's OUTPUT)";
        return new ClaimEvaluation(claim, parts, observed, List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    private static ClaimEvaluation notRun(String claim, Outcome predicted, Findings f) {
        Observation none = Observation.couldNotRun("containers", Reason.PRECONDITION_UNMET, f.notRun());
        return new ClaimEvaluation(claim, List.of(PartEvaluation.claim("container network calls", predicted, List.of(none))),
                "not probed: " + f.notRun(), List.of(), f.startedAt(), f.elapsed());
    }

    /** From a bridge container, a TCP connect to the gateway's port on the bridge's host side. */
    private static Observation gatewayPort(AttackRun run, SandboxConfig config) {
        String probe = "gw=$(awk '$2==\"00000000\"{print $3}' /proc/net/route | head -1 | sed 's/../& /g' | awk '{printf \"%d.%d.%d.%d\", \"0x\"$4, \"0x\"$3, \"0x\"$2, \"0x\"$1}');"
                + " out=$(timeout 3 bash -c \"exec 3<>/dev/tcp/$gw/18789\" 2>&1); echo \"GATEWAY $gw $? $out\"";
        CommandResult result = run.target().run(Cmd.of("bash", "-c", probe)
                .inside(List.of("docker", "run", "--rm", "--name", run.token() + "-gw", "--label", "dev.gjallarhorn.run=" + run.token(),
                        "--network", "bridge", config.image())).asRoot(), Duration.ofSeconds(30));
        ScriptOutput out = ScriptOutput.of(result);
        List<ScriptOutput.Line> lines = out.all("GATEWAY");
        String subject = "tcp/18789 on the bridge gateway from a bridge container";
        if (lines.isEmpty()) {
            return Observation.couldNotRun(subject, Reason.PROBE_ERROR, result.describe());
        }
        ScriptOutput.Line line = lines.get(0);
        String rc = line.word(1);
        if (rc.equals("0")) {
            return Observation.succeeded(subject, "connected to " + line.word(0) + ":18789");
        }
        if (line.text().contains("refused")) {
            return Observation.succeeded(subject, "refused by " + line.word(0) + " itself: the port is reachable from the container; nothing listens on it yet");
        }
        return Observation.blocked(subject, "no answer from " + line.word(0) + ":18789 (exit " + rc + ")");
    }

    private static List<Observation> blind(List<Observation> observations, Protocol protocol, String why) {
        return observations.stream().map(o -> o.outcome() == Outcome.BLOCKED && o.subject().startsWith(protocol.lower() + "/")
                ? Observation.couldNotRun(o.subject(), Reason.ORACLE_BLIND, why + "; " + o.detail()) : o).toList();
    }

    private static void appendAll(StringBuilder text, String label, EgressProbe.Pass pass, List<Observation> observations) {
        text.append(label).append(": ").append(pass.command().map(CommandResult::describe).orElse("not run")).append('\n');
        observations.forEach(o -> text.append("  ").append(o).append('\n'));
    }

}
