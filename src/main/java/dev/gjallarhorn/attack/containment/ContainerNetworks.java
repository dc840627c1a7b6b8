package dev.gjallarhorn.attack.containment;

import dev.gjallarhorn.probe.ScriptOutput;

import dev.gjallarhorn.canary.Protocol;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.attack.egress.EgressProbe;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.RemoteScript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The target's Docker networks a container's egress can take (every network with the bridge driver, user-defined ones
 * included, each with its own bridge interface), and the positive control for a container's client that does not
 * need the FORWARD path: a probe container reaching, with the egress client, a listener the run starts beside it on
 * the same network.
 */
final class ContainerNetworks {

    static final RemoteScript SCRIPT = RemoteScript.load(ContainerNetworks.class, "container-networks.sh");
    private static final int LISTENER_PORT = 8080;

    /** A bridge-driver network: its name, its bridge interface on the VM, and its gateway addresses. */
    record Network(String name, String bridge, String gateways) {
        String describe() {
            return "network " + name + " (bridge " + bridge + ")";
        }
    }

    /** The networks, or {@code unread} saying why none could be listed. */
    record Listing(List<Network> networks, String unread) {
    }

    private ContainerNetworks() {
    }

    static Listing list(AttackContext run) {
        return parse(ScriptOutput.of(run.target().run(Cmd.script(SCRIPT, "list").asRoot(), Duration.ofSeconds(30))));
    }

    static Listing parse(ScriptOutput out) {
        List<Network> networks = out.all("NETWORK").stream().map(l -> new Network(l.word(0), l.word(1), l.rest(2))).toList();
        String state = out.value("NETWORKS");
        if (!state.startsWith("read")) {
            return new Listing(networks, state.isEmpty() ? "the network listing printed nothing (" + out.result().describe() + ")"
                    : state.replaceFirst("^unread ?", "docker network ls failed: "));
        }
        return new Listing(networks, null);
    }

    /**
     * One TCP connect and one UDP send with the egress client from a container of the sandbox image on {@code network}
     * to a listener of the same image on the same network: one observation per protocol, SUCCEEDED when the listener got
     * the attempt's token.
     */
    static List<Observation> clientReachesNeighbour(AttackContext run, SandboxConfig config, String network, String tag) {
        String name = run.token() + "-net-listen-" + tag;
        String subject = "the egress client in a container on network " + network + " to a listener beside it";
        Duration timeout = run.settings().commandTimeout();
        ScriptOutput listening = ScriptOutput.of(run.target().run(Cmd.script(SCRIPT, "listen", config.image(), network, name, run.token(),
                Integer.toString(LISTENER_PORT)).asRoot(), timeout));
        String address = listening.value("LISTENER");
        if (address.isEmpty()) {
            run.target().run(Cmd.of("docker", "rm", "-f", name).asRoot(), Duration.ofSeconds(30));
            String failed = listening.value("LISTEN-FAILED");
            return List.of(Observation.couldNotRun(subject, failed.isEmpty() ? Reason.PROBE_ERROR : Reason.PRECONDITION_UNMET,
                    failed.isEmpty() ? "no listener: " + listening.result().describe() : failed));
        }
        List<String> specs = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (Protocol protocol : Protocol.values()) {
            String token = run.token() + ".n" + tag + "." + protocol.lower();
            tokens.add(token);
            specs.add(protocol.lower() + "/" + LISTENER_PORT + "/" + token);
        }
        CommandResult probe = run.target().run(EgressProbe.command(run.settings().probeTimeout(), address, specs)
                .inside(List.of("docker", "run", "--rm", "-i", "--name", run.token() + "-net-client-" + tag, "--label",
                        "dev.gjallarhorn.run=" + run.token(), "--network", network, config.image())).asRoot(), timeout);
        List<String> heardArgs = new ArrayList<>(List.of("heard", name));
        heardArgs.addAll(tokens);
        ScriptOutput heard = ScriptOutput.of(run.target().run(Cmd.script(SCRIPT, heardArgs.toArray(String[]::new)).asRoot(), timeout));
        return judge(subject, address, probe, heard, run.token() + ".n" + tag + ".");
    }

    static List<Observation> judge(String subject, String address, CommandResult probe, ScriptOutput heard, String tokenPrefix) {
        List<Observation> seen = new ArrayList<>();
        for (Protocol protocol : Protocol.values()) {
            String token = tokenPrefix + protocol.lower();
            String on = protocol.lower() + " " + subject;
            boolean got = heard.all("HEARD").stream().anyMatch(l -> l.word(0).equals(protocol.lower()) && l.word(1).equals(token));
            String client = probe.stdout().lines().filter(l -> l.startsWith("RESULT " + protocol.lower() + " ")).findFirst().orElse("");
            if (got) {
                seen.add(Observation.succeeded(on, "the listener at " + address + " got the token; client " + client));
            } else if (client.isEmpty()) {
                seen.add(Observation.couldNotRun(on, Reason.PROBE_ERROR, "the client printed no result (" + probe.describe() + ")"));
            } else {
                seen.add(Observation.blocked(on, "the listener at " + address + " got nothing; client " + client));
            }
        }
        return seen;
    }

    /**
     * Why a container's blocked {@code protocol} egress is no refusal the run can vouch for, or empty when it is: an
     * allowlisted attempt from that network reached the canary, or, without relying on the FORWARD path, the VM itself
     * reached the canary and the same client reached the listener beside it.
     */
    static Optional<String> blindBecause(Protocol protocol, List<Observation> allowlisted, List<Observation> vm, List<Observation> neighbour) {
        String proto = protocol.lower();
        if (reached(allowlisted, proto + "/")) {
            return Optional.empty();
        }
        boolean canary = reached(vm, proto + "/");
        boolean client = reached(neighbour == null ? List.of() : neighbour, proto + " ");
        if (canary && client) {
            return Optional.empty();
        }
        return Optional.of("no allowlisted " + proto + " port reached the canary from this network, and "
                + (canary ? "the container's client did not reach a listener beside it"
                : client ? "the VM itself did not reach the canary on an allowlisted " + proto + " port"
                : "neither the VM itself reached the canary nor the container's client a listener beside it"));
    }

    private static boolean reached(List<Observation> observations, String prefix) {
        return observations.stream().anyMatch(o -> o.outcome() == Outcome.SUCCEEDED && o.subject().startsWith(prefix));
    }
}
