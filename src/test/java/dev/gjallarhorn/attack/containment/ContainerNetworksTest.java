package dev.gjallarhorn.attack.containment;

import dev.gjallarhorn.probe.ScriptOutput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.canary.Protocol;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The container networks' listing and the positive controls that need no FORWARD path, on recorded output. */
class ContainerNetworksTest {

    private static CommandResult result(String stdout) {
        return new CommandResult(Cmd.of("container-networks.sh"), OptionalInt.of(0), stdout, "", Duration.ZERO, false);
    }

    @Test
    void everyBridgeNetworkIsListedWithItsInterface() {
        ContainerNetworks.Listing listing = ContainerNetworks.parse(ScriptOutput.of(result(
                "NETWORK bridge docker0 172.17.0.1\nNETWORK sbx-tools sbx0 172.18.0.1\nNETWORK other br-0123456789ab 172.19.0.1\nNETWORKS read\n")));
        assertThat(listing.unread()).isNull();
        assertThat(listing.networks()).extracting(ContainerNetworks.Network::describe)
                .containsExactly("network bridge (bridge docker0)", "network sbx-tools (bridge sbx0)", "network other (bridge br-0123456789ab)");
    }

    @Test
    void aListingThatFailedSaysWhy() {
        assertThat(ContainerNetworks.parse(ScriptOutput.of(result("NETWORKS unread permission denied\n"))).unread())
                .contains("permission denied");
        assertThat(ContainerNetworks.parse(ScriptOutput.of(result(""))).unread()).contains("printed nothing");
    }

    @Test
    void theListenerHearingTheTokenIsTheClientsControl() {
        List<Observation> seen = ContainerNetworks.judge("client", "172.17.0.3",
                result("RESULT tcp 8080 0 3 \nRESULT udp 8080 0 402 \n"),
                ScriptOutput.of(result("HEARD tcp run1.nb0.tcp\n")), "run1.nb0.");
        assertThat(seen).extracting(Observation::outcome).containsExactly(Outcome.SUCCEEDED, Outcome.BLOCKED);
        assertThat(ContainerNetworks.judge("client", "x", result(""), ScriptOutput.of(result("")), "run1.nb0."))
                .extracting(Observation::outcome).containsOnly(Outcome.COULD_NOT_RUN);
    }

    private static final List<Observation> VM_REACHED = List.of(Observation.succeeded("tcp/443 (https) as the VM itself", "canary got it"));
    private static final List<Observation> NEIGHBOUR_REACHED = List.of(Observation.succeeded("tcp client", "heard"));
    private static final List<Observation> ALL_DROPPED = List.of(Observation.blocked("tcp/443 (https) as a container on network bridge", "dropped"));

    @Test
    void everyContainerCallDroppedIsARefusalWhenTheVmAndTheClientBothSaw() {
        // rt-egress-docker-user-drop, rt-ip-forward-off: nothing leaves a container, yet the canary and the client work
        assertThat(ContainerNetworks.blindBecause(Protocol.TCP, ALL_DROPPED, VM_REACHED, NEIGHBOUR_REACHED)).isEmpty();
    }

    @Test
    void withoutEitherControlTheDropIsBlindness() {
        assertThat(ContainerNetworks.blindBecause(Protocol.TCP, ALL_DROPPED, VM_REACHED, List.of(Observation.blocked("tcp client", "nothing"))))
                .hasValueSatisfying(w -> assertThat(w).contains("client did not reach"));
        assertThat(ContainerNetworks.blindBecause(Protocol.TCP, ALL_DROPPED, List.of(), NEIGHBOUR_REACHED))
                .hasValueSatisfying(w -> assertThat(w).contains("VM itself did not reach"));
        assertThat(ContainerNetworks.blindBecause(Protocol.UDP, ALL_DROPPED, VM_REACHED, NEIGHBOUR_REACHED)).as("tcp sight is no udp sight")
                .isPresent();
    }

    @Test
    void anAllowlistedCallThatGotOutIsSightEnough() {
        List<Observation> out = List.of(Observation.succeeded("tcp/443 (https) as a container on network sbx-tools", "canary got it"));
        assertThat(ContainerNetworks.blindBecause(Protocol.TCP, out, List.of(), null)).isEmpty();
    }
}
