package dev.gjallarhorn.attack.containment;

import dev.gjallarhorn.attack.egress.FirewallEgressScenario;
import dev.gjallarhorn.attack.injection.PromptInjectionScenario;
import dev.gjallarhorn.probe.ScriptOutput;

import dev.gjallarhorn.canary.Canaries;
import dev.gjallarhorn.canary.CanaryPort;
import dev.gjallarhorn.canary.DestinationGuard;
import dev.gjallarhorn.canary.Protocol;
import dev.gjallarhorn.probe.Identity;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.attack.egress.EgressAttempt;
import dev.gjallarhorn.attack.egress.EgressOracle;
import dev.gjallarhorn.attack.egress.EgressPlan;
import dev.gjallarhorn.surface.FirewallRuleset;
import dev.gjallarhorn.surface.Surface;
import java.net.InetAddress;
import dev.gjallarhorn.attack.egress.EgressPort;
import dev.gjallarhorn.attack.egress.EgressProbe;
import dev.gjallarhorn.evidence.EvidenceStore;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.Prediction;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    static EgressPlan plan(AttackContext run) {
        InetAddress canary = run.session().canaries().orElseThrow().advertised();
        return EgressPlan.derive(run.surface().firewall(), FirewallRuleset.Hook.FORWARD, canary, "eth0", FirewallEgressScenario.seed(run),
                EgressPlan.SAMPLE / 2);
    }

    /**
     * What both claims are judged from. {@code bridgeAllowed} and {@code bridgeDenied} hold the attempts from every
     * bridge-driver network ({@code networks}); {@code controls} the positive controls that need no FORWARD path.
     */
    public record Findings(Instant startedAt, Duration elapsed, SandboxConfig config, List<Observation> sandbox,
                           List<Observation> bridgeAllowed, List<Observation> bridgeDenied, Observation gatewayPort,
                           List<ContainerNetworks.Network> networks, List<Observation> controls, Path evidence, String notRun) {
    }

    private ContainerNetworkScenario() {
    }

    public static Findings findings(AttackContext run) {
        return run.observeOnce(Findings.class, () -> probe(run));
    }

    private static Findings notRun(Instant started, SandboxConfig config, String why) {
        return new Findings(started, Duration.ZERO, config, List.of(), List.of(), List.of(), null, List.of(), List.of(), null, why);
    }

    private static Findings probe(AttackContext run) {
        Instant started = Instant.now();
        SandboxConfig config = SandboxConfig.of(run);
        if (!config.imagePresent()) {
            return notRun(started, config, config.image().isEmpty() ? "cannot read the sandbox configuration"
                    : "the sandbox image " + config.image() + " is not on the target");
        }
        if (run.session().canaries().isEmpty()) {
            return notRun(started, config, run.session().noCanariesBecause());
        }
        ContainerNetworks.Listing listing = ContainerNetworks.list(run);
        if (listing.unread() != null || listing.networks().isEmpty()) {
            return notRun(started, config, listing.unread() != null ? listing.unread() : "Docker lists no network with the bridge driver");
        }
        EgressPlan plan = plan(run);
        var opened = run.openCanaries(plan.ports().stream().map(EgressPort::port).toList());
        if (opened.isEmpty()) {
            return notRun(started, config, run.session().noCanariesBecause());
        }
        try (Canaries canaries = opened.get()) {
            List<EgressPort> matrix = plan.ports().stream()
                    .filter(p -> !(plan.sampled().contains(p.port()) && canaries.unavailable(p.port()).isPresent())).toList();
            DestinationGuard guard = run.guard(canaries);
            CommandResult before = run.target().run(Cmd.of("iptables", "-L", "FORWARD", "-nvx").asRoot(), Duration.ofSeconds(20));
            Duration timeout = run.settings().probeTimeout();
            EgressProbe.Site sandboxSite = new EgressProbe.Site("the sandbox container (network " + config.network() + ")", "s",
                    Identity.LOGIN_USER, config.containerOn(config.network(), run.token() + "-net-sandbox", run.token()));
            EgressProbe.Pass sandbox = EgressProbe.run(run.target(), canaries, guard, sandboxSite, matrix, run.token(), timeout);
            // the canary seen from the VM itself, on the allowlisted ports: OUTPUT, not the containers' FORWARD path
            EgressProbe.Site vmSite = new EgressProbe.Site("the VM itself", "cv", Identity.LOGIN_USER, Identity.LOGIN_USER::wrap);
            EgressProbe.Pass vm = EgressProbe.run(run.target(), canaries, guard, vmSite,
                    matrix.stream().filter(EgressPort::allowlisted).toList(), run.token(), timeout);
            List<EgressProbe.Pass> bridges = new ArrayList<>();
            List<Observation> controls = new ArrayList<>();
            Map<String, List<Observation>> neighbours = new LinkedHashMap<>();
            int i = 0;
            for (ContainerNetworks.Network network : listing.networks()) {
                String tag = "b" + i++;
                EgressProbe.Site site = new EgressProbe.Site("a container on " + network.describe(), tag, Identity.LOGIN_USER,
                        config.containerOn(network.name(), run.token() + "-net-" + tag, run.token()));
                bridges.add(EgressProbe.run(run.target(), canaries, guard, site, matrix, run.token(), timeout));
                List<Observation> neighbour = ContainerNetworks.clientReachesNeighbour(run, config, network.name(), tag);
                neighbours.put(site.name(), neighbour);
                controls.addAll(neighbour);
            }
            canaries.settle();
            CommandResult after = run.target().run(Cmd.of("iptables", "-L", "FORWARD", "-nvx").asRoot(), Duration.ofSeconds(20));
            CommandResult dockerUser = run.target().run(Cmd.of("iptables", "-S", "DOCKER-USER").asRoot(), Duration.ofSeconds(20));
            Observation gateway = gatewayPort(run, config);

            List<Observation> vmObs = vm.attempts().stream().map(a -> EgressOracle.judge(a, canaries)).toList();
            controls.addAll(0, vmObs);
            List<Observation> sandboxObs = sandbox.attempts().stream().map(a -> EgressOracle.judge(a, canaries)).toList();
            List<Observation> allowed = new ArrayList<>();
            List<Observation> denied = new ArrayList<>();
            List<Observation> allowedAll = bridges.stream().flatMap(b -> b.attempts().stream()).filter(a -> a.port().allowlisted())
                    .map(a -> EgressOracle.judge(a, canaries)).toList();
            for (EgressProbe.Pass bridge : bridges) {
                List<Observation> netAllowed = new ArrayList<>();
                List<Observation> netDenied = new ArrayList<>();
                for (EgressAttempt a : bridge.attempts()) {
                    (a.port().allowlisted() ? netAllowed : netDenied).add(EgressOracle.judge(a, canaries));
                }
                for (Protocol protocol : Protocol.values()) {
                    Optional<String> blindBecause = ContainerNetworks.blindBecause(protocol, netAllowed, vmObs, neighbours.get(bridge.user()));
                    if (blindBecause.isPresent()) {
                        netDenied = blind(netDenied, protocol, blindBecause.get());
                        netAllowed = blind(netAllowed, protocol, blindBecause.get());
                    }
                }
                allowed.addAll(netAllowed);
                denied.addAll(netDenied);
            }
            for (Protocol protocol : Protocol.values()) {
                // the sandbox's own network may be none or a mode no listener can join: its client is the image's, seen on any network
                List<Observation> anyNeighbour = neighbours.values().stream().flatMap(List::stream).toList();
                Optional<String> blindBecause = ContainerNetworks.blindBecause(protocol, allowedAll, vmObs, anyNeighbour);
                if (blindBecause.isPresent()) {
                    sandboxObs = blind(sandboxObs, protocol, blindBecause.get());
                }
            }
            StringBuilder text = new StringBuilder("Network calls from containers\n");
            text.append("target: ").append(run.target().describe()).append("; canaries at ").append(canaries.advertised().getHostAddress()).append('\n');
            text.append("sandbox config: ").append(config.configFile()).append(" network=").append(config.network())
                    .append(" tool network=").append(config.toolNetwork()).append('\n');
            text.append("Docker networks with the bridge driver (each probed):\n");
            listing.networks().forEach(n -> text.append("  ").append(n.describe()).append(" gateway ").append(n.gateways()).append('\n'));
            text.append("ports from the FORWARD path of the ruleset:\n").append(plan.describe());
            text.append("the bridge path: containers on a bridge leave through FORWARD (DOCKER-USER, then Docker's ACCEPT for -i BRIDGE !"
                    + " -o BRIDGE), never through OUTPUT, where UFW's outgoing policy sits\n\n");
            text.append("positive controls that need no FORWARD path (the VM reaching the canary; each network's client reaching a listener"
                    + " beside it):\n");
            controls.forEach(o -> text.append("  ").append(o).append('\n'));
            appendAll(text, "sandbox container", sandbox, sandboxObs);
            List<Observation> bridgeAll = new ArrayList<>(allowed);
            bridgeAll.addAll(denied);
            for (EgressProbe.Pass bridge : bridges) {
                appendAll(text, bridge.user(), bridge, bridgeAll.stream().filter(o -> o.subject().endsWith(" as " + bridge.user())).toList());
            }
            text.append("\ngateway port from a bridge container: ").append(gateway).append('\n');
            text.append("\ncanary log:\n");
            canaries.hits().forEach(h -> text.append("  ").append(h).append('\n'));
            text.append("\n$ iptables -L FORWARD -nvx (before)\n").append(before.stdout())
                    .append("\n$ iptables -L FORWARD -nvx (after: the packet counters show which rule let the containers out)\n")
                    .append(after.stdout()).append("\n$ iptables -S DOCKER-USER\n").append(dockerUser.stdout());
            EvidenceStore.Evidence evidence = run.evidence().write("N-CONTAINER-NETWORK-ISOLATION", "container-egress.txt", text.toString());
            return new Findings(started, Duration.between(started, Instant.now()), config, sandboxObs, allowed, denied, gateway,
                    listing.networks(), controls, evidence.relativePath(), null);
        } finally {
            // this attack's own containers only: the sandbox look's replica carries the same run label
            run.target().run(Cmd.of("sh", "-c", "docker ps -aq --filter label=dev.gjallarhorn.run=" + run.token()
                    + " --filter name=" + run.token() + "-net- --filter name=" + run.token() + "-gw"
                    + " | xargs -r docker rm -f").asRoot(), Duration.ofSeconds(30));
        }
    }

    /** {@code N-CONTAINER-NETWORK-ISOLATION}: a gap; it holds while agents can call out from their containers. */
    public static ClaimEvaluation isolation(AttackContext run) {
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
                PartEvaluation.control("the VM reaches the canary and each network's client a listener beside it (positive control"
                        + " without the FORWARD path)", f.controls()),
                PromptInjectionScenario.agentCallsOutPart(run, predicted));
        boolean sandboxOut = f.sandbox().stream().anyMatch(o -> o.outcome() == Outcome.SUCCEEDED);
        String observed = "the sandbox (network " + f.config().network() + ") " + (sandboxOut ? "called out" : "could not call out")
                + "; containers on the bridge networks (" + String.join(", ", f.networks().stream().map(ContainerNetworks.Network::name).toList())
                + ") " + (f.bridgeAllowed().stream().anyMatch(o -> o.outcome() == Outcome.SUCCEEDED) ? "called out" : "could not call out");
        return new ClaimEvaluation(claim, parts, observed, List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    /** The container part of {@code C-FIREWALL}: bridge containers held to the VM's allowlist. */
    public static ClaimEvaluation firewallForContainers(AttackContext run) {
        String claim = "C-FIREWALL";
        Findings f = findings(run);
        Outcome predicted = Prediction.forClaim(run.claim(claim));
        if (f.notRun() != null) {
            return notRun(claim, predicted, f);
        }
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim("egress from containers on Docker's bridge is held to the allowlist too", predicted, f.bridgeDenied()),
                PartEvaluation.control("allowlisted egress from a bridge container reaches the canary (positive control)", f.bridgeAllowed()),
                PartEvaluation.control("the VM reaches the canary and each network's client a listener beside it (positive control"
                        + " without the FORWARD path)", f.controls()));
        List<String> through = f.bridgeDenied().stream().filter(o -> o.outcome() == Outcome.SUCCEEDED)
                .map(o -> o.subject().replaceFirst(" \\(.*\\) as ", " from ")).toList();
        String networks = String.join(", ", f.networks().stream().map(ContainerNetworks.Network::describe).toList());
        String observed = through.isEmpty() ? "containers on every bridge network (" + networks + ") stayed within the allowlist"
                : "containers left the VM outside the allowlist: " + String.join(", ", through) + " (through FORWARD, not UFW's OUTPUT)";
        return new ClaimEvaluation(claim, parts, observed, List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    private static ClaimEvaluation notRun(String claim, Outcome predicted, Findings f) {
        Observation none = Observation.couldNotRun("containers", Reason.PRECONDITION_UNMET, f.notRun());
        return new ClaimEvaluation(claim, List.of(PartEvaluation.claim("container network calls", predicted, List.of(none))),
                "not probed: " + f.notRun(), List.of(), f.startedAt(), f.elapsed());
    }

    /** From a bridge container, a TCP connect to the gateway's port on the bridge's host side. */
    private static Observation gatewayPort(AttackContext run, SandboxConfig config) {
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
