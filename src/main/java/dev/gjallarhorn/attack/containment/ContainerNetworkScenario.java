package dev.gjallarhorn.attack.containment;

import dev.gjallarhorn.attack.egress.FirewallEgressScenario;
import dev.gjallarhorn.attack.injection.PromptInjectionScenario;

import dev.gjallarhorn.canary.Canaries;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.attack.egress.EgressPlan;
import dev.gjallarhorn.surface.FirewallRuleset;
import java.net.InetAddress;
import dev.gjallarhorn.attack.egress.EgressPort;
import dev.gjallarhorn.attack.egress.EgressProbe;
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
    static EgressPlan plan(AttackContext run) {
        InetAddress canary = run.session().canaries().orElseThrow().advertised();
        return EgressPlan.derive(run.surface().firewall(), FirewallRuleset.Hook.FORWARD, canary, "eth0", FirewallEgressScenario.seed(run),
                EgressPlan.SAMPLE / 2);
    }

    /**
     * What both claims are judged from. {@code bridgeAllowed} and {@code bridgeDenied} hold the attempts from every
     * bridge-driver network ({@code networks}); {@code controls} the positive controls that need no FORWARD path.
     */
    public record ContainerNetworkFindings(Instant startedAt, Duration elapsed, SandboxConfig config, List<Observation> sandbox,
                           List<Observation> bridgeAllowed, List<Observation> bridgeDenied, Observation gatewayPort,
                           List<ContainerNetworks.Network> networks, List<Observation> controls, Path evidence, String notRun) {
    }

    private ContainerNetworkScenario() {
    }

    public static ContainerNetworkFindings findings(AttackContext run) {
        return run.observeOnce(ContainerNetworkFindings.class, () -> probe(run));
    }

    private static ContainerNetworkFindings notRun(Instant started, SandboxConfig config, String why) {
        return new ContainerNetworkFindings(started, Duration.ZERO, config, List.of(), List.of(), List.of(), null, List.of(), List.of(), null, why);
    }

    private static ContainerNetworkFindings probe(AttackContext run) {
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
            ContainerEgressProbe.Passes passes = ContainerEgressProbe.run(run, config, listing.networks(), matrix, canaries);
            ContainerEgressJudge.Judged judged = ContainerEgressJudge.judge(passes, canaries);
            Path evidence = writeEvidence(run, config, listing.networks(), plan, canaries, passes, judged);
            return new ContainerNetworkFindings(started, Duration.between(started, Instant.now()), config, judged.sandbox(), judged.allowed(),
                    judged.denied(), passes.gateway(), listing.networks(), judged.controls(), evidence, null);
        } finally {
            // this attack's own containers only: the sandbox look's replica carries the same run label
            run.target().run(Cmd.of("sh", "-c", "docker ps -aq --filter label=dev.gjallarhorn.run=" + run.token()
                    + " --filter name=" + run.token() + "-net- --filter name=" + run.token() + "-gw"
                    + " | xargs -r docker rm -f").asRoot(), Duration.ofSeconds(30));
        }
    }

    /** The evidence of the passes: the plan, the controls, every attempt by container, the canary log and the FORWARD counters. */
    private static Path writeEvidence(AttackContext run, SandboxConfig config, List<ContainerNetworks.Network> networks, EgressPlan plan,
                                      Canaries canaries, ContainerEgressProbe.Passes passes, ContainerEgressJudge.Judged judged) {
        StringBuilder text = new StringBuilder("Network calls from containers\n");
        text.append("target: ").append(run.target().describe()).append("; canaries at ").append(canaries.advertised().getHostAddress()).append('\n');
        text.append("sandbox config: ").append(config.configFile()).append(" network=").append(config.network())
                .append(" tool network=").append(config.toolNetwork()).append('\n');
        text.append("Docker networks with the bridge driver (each probed):\n");
        networks.forEach(n -> text.append("  ").append(n.describe()).append(" gateway ").append(n.gateways()).append('\n'));
        text.append("ports from the FORWARD path of the ruleset:\n").append(plan.describe());
        text.append("the bridge path: containers on a bridge leave through FORWARD (DOCKER-USER, then Docker's ACCEPT for -i BRIDGE !"
                + " -o BRIDGE), never through OUTPUT, where UFW's outgoing policy sits\n\n");
        text.append("positive controls that need no FORWARD path (the VM reaching the canary; each network's client reaching a listener"
                + " beside it):\n");
        judged.controls().forEach(o -> text.append("  ").append(o).append('\n'));
        appendAll(text, "sandbox container", passes.sandbox(), judged.sandbox());
        List<Observation> bridgeAll = new ArrayList<>(judged.allowed());
        bridgeAll.addAll(judged.denied());
        for (EgressProbe.Pass bridge : passes.bridges()) {
            appendAll(text, bridge.user(), bridge, bridgeAll.stream().filter(o -> o.subject().endsWith(" as " + bridge.user())).toList());
        }
        text.append("\ngateway port from a bridge container: ").append(passes.gateway()).append('\n');
        text.append("\ncanary log:\n");
        canaries.hits().forEach(h -> text.append("  ").append(h).append('\n'));
        text.append("\n$ iptables -L FORWARD -nvx (before)\n").append(passes.before().stdout())
                .append("\n$ iptables -L FORWARD -nvx (after: the packet counters show which rule let the containers out)\n")
                .append(passes.after().stdout()).append("\n$ iptables -S DOCKER-USER\n").append(passes.dockerUser().stdout());
        return run.evidence().write("N-CONTAINER-NETWORK-ISOLATION", "container-egress.txt", text.toString()).relativePath();
    }

    /** {@code N-CONTAINER-NETWORK-ISOLATION}: a gap; it holds while agents can call out from their containers. */
    public static ClaimEvaluation isolation(AttackContext run) {
        String claim = "N-CONTAINER-NETWORK-ISOLATION";
        ContainerNetworkFindings f = findings(run);
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
        ContainerNetworkFindings f = findings(run);
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

    private static ClaimEvaluation notRun(String claim, Outcome predicted, ContainerNetworkFindings f) {
        Observation none = Observation.couldNotRun("containers", Reason.PRECONDITION_UNMET, f.notRun());
        return new ClaimEvaluation(claim, List.of(PartEvaluation.claim("container network calls", predicted, List.of(none))),
                "not probed: " + f.notRun(), List.of(), f.startedAt(), f.elapsed());
    }

    private static void appendAll(StringBuilder text, String label, EgressProbe.Pass pass, List<Observation> observations) {
        text.append(label).append(": ").append(pass.command().map(CommandResult::describe).orElse("not run")).append('\n');
        observations.forEach(o -> text.append("  ").append(o).append('\n'));
    }

}