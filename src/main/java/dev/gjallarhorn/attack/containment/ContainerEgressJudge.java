package dev.gjallarhorn.attack.containment;

import dev.gjallarhorn.attack.egress.EgressAttempt;
import dev.gjallarhorn.attack.egress.EgressOracle;
import dev.gjallarhorn.attack.egress.EgressProbe;
import dev.gjallarhorn.canary.Canaries;
import dev.gjallarhorn.canary.Protocol;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What got out of the containers, judged from {@link ContainerEgressProbe}'s passes against what the canaries heard.
 * A BLOCKED attempt on a protocol whose positive controls saw nothing (no allowlisted port out of that network, the
 * VM not reaching the canary, no client reaching its neighbour) is COULD_NOT_RUN(oracle-blind) instead.
 */
final class ContainerEgressJudge {

    private ContainerEgressJudge() {
    }

    /**
     * @param sandbox  the sandbox container's attempts
     * @param allowed  the bridge containers' attempts on allowlisted ports, every network
     * @param denied   the bridge containers' attempts on every other port, every network
     * @param controls the VM reaching the canary, then each network's client reaching its neighbour
     */
    record Judged(List<Observation> sandbox, List<Observation> allowed, List<Observation> denied, List<Observation> controls) {
    }

    static Judged judge(ContainerEgressProbe.Passes passes, Canaries canaries) {
        List<Observation> vmObs = passes.vm().attempts().stream().map(a -> EgressOracle.judge(a, canaries)).toList();
        List<Observation> controls = new ArrayList<>(vmObs);
        controls.addAll(passes.neighbourControls());
        List<Observation> sandboxObs = passes.sandbox().attempts().stream().map(a -> EgressOracle.judge(a, canaries)).toList();
        List<Observation> allowed = new ArrayList<>();
        List<Observation> denied = new ArrayList<>();
        List<Observation> allowedAll = passes.bridges().stream().flatMap(b -> b.attempts().stream()).filter(a -> a.port().allowlisted())
                .map(a -> EgressOracle.judge(a, canaries)).toList();
        for (EgressProbe.Pass bridge : passes.bridges()) {
            List<Observation> netAllowed = new ArrayList<>();
            List<Observation> netDenied = new ArrayList<>();
            for (EgressAttempt a : bridge.attempts()) {
                (a.port().allowlisted() ? netAllowed : netDenied).add(EgressOracle.judge(a, canaries));
            }
            for (Protocol protocol : Protocol.values()) {
                Optional<String> blindBecause = ContainerNetworks.blindBecause(protocol, netAllowed, vmObs, passes.neighbours().get(bridge.user()));
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
            List<Observation> anyNeighbour = passes.neighbours().values().stream().flatMap(List::stream).toList();
            Optional<String> blindBecause = ContainerNetworks.blindBecause(protocol, allowedAll, vmObs, anyNeighbour);
            if (blindBecause.isPresent()) {
                sandboxObs = blind(sandboxObs, protocol, blindBecause.get());
            }
        }
        return new Judged(sandboxObs, allowed, denied, controls);
    }

    private static List<Observation> blind(List<Observation> observations, Protocol protocol, String why) {
        return observations.stream().map(o -> o.outcome() == Outcome.BLOCKED && o.subject().startsWith(protocol.lower() + "/")
                ? Observation.couldNotRun(o.subject(), Reason.ORACLE_BLIND, why + "; " + o.detail()) : o).toList();
    }
}
