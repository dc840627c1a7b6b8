package dev.gjallarhorn.attack.containment;

import dev.gjallarhorn.attack.egress.EgressPort;
import dev.gjallarhorn.attack.egress.EgressProbe;
import dev.gjallarhorn.canary.Canaries;
import dev.gjallarhorn.canary.DestinationGuard;
import dev.gjallarhorn.probe.Identity;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.probe.ScriptOutput;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.run.AttackContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Network calls from containers, the client side: a container the way the tool sandbox runs, the VM itself on the
 * allowlisted ports, and a container on each bridge-driver network, each connecting to the open canaries on every
 * port of the matrix; beside each network, its client reaching a listener on the same network; the FORWARD counters
 * before and after; and a connect to the gateway's port from a bridge container. What got out is judged by
 * {@link ContainerEgressJudge}; the containers are removed by the caller.
 */
final class ContainerEgressProbe {

    private ContainerEgressProbe() {
    }

    /**
     * What the passes left, before judging.
     *
     * @param neighbours        per bridge site's name, its client reaching a listener beside it on its network
     * @param neighbourControls the same observations, in the order the networks were probed
     * @param before            {@code iptables -L FORWARD -nvx} before the passes (evidence)
     * @param after             the same after them: the packet counters show which rule let the containers out
     * @param dockerUser        {@code iptables -S DOCKER-USER} (evidence)
     * @param gateway           tcp/18789 on the bridge gateway from a bridge container
     */
    record Passes(EgressProbe.Pass sandbox, EgressProbe.Pass vm, List<EgressProbe.Pass> bridges,
                  Map<String, List<Observation>> neighbours, List<Observation> neighbourControls,
                  CommandResult before, CommandResult after, CommandResult dockerUser, Observation gateway) {
    }

    /** Every pass, one after the other, then the canaries settled; {@code matrix} is the ports each container tries. */
    static Passes run(AttackContext run, SandboxConfig config, List<ContainerNetworks.Network> networks, List<EgressPort> matrix,
                      Canaries canaries) {
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
        for (ContainerNetworks.Network network : networks) {
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
        return new Passes(sandbox, vm, bridges, neighbours, controls, before, after, dockerUser, gateway);
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
}
