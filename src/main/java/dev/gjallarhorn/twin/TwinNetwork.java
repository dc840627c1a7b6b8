package dev.gjallarhorn.twin;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import java.util.List;
import java.util.Map;

/**
 * The twin's own Docker network: a bridge with a known interface name, no IPv6, and the {@link AirGap}
 * rule on it. Its gateway address is this host as the twin sees it; the canaries listen there.
 */
public record TwinNetwork(String name, String id, String bridge, String gateway, String subnet) {

    static final String LABEL = "dev.gjallarhorn.twin-network";
    static final String LABEL_PID = "dev.gjallarhorn.owner-pid";

    public static TwinNetwork create(DockerClient docker, String name, String bridge) {
        String id = docker.createNetworkCmd()
                .withName(name)
                .withDriver("bridge")
                .withEnableIpv6(false)
                .withOptions(Map.of("com.docker.network.bridge.name", bridge))
                .withLabels(Map.of(LABEL, "true", LABEL_PID, Long.toString(ProcessHandle.current().pid())))
                .exec()
                .getId();
        try {
            Network network = docker.inspectNetworkCmd().withNetworkId(id).exec();
            List<Network.Ipam.Config> configs = network.getIpam().getConfig();
            if (configs == null || configs.isEmpty() || configs.get(0).getGateway() == null) {
                throw new TwinUnavailable("Docker gave the twin network " + name + " no gateway address");
            }
            TwinNetwork created = new TwinNetwork(name, id, bridge, configs.get(0).getGateway(), configs.get(0).getSubnet());
            AirGap.install(bridge);
            return created;
        } catch (RuntimeException e) {
            docker.removeNetworkCmd(id).exec();
            throw e;
        }
    }

    /**
     * Removes the network, then its air-gap rule; safe to call twice. While a container is still attached
     * the network cannot go, and the rule stays so that nothing attached to it can leave the machine.
     */
    public void remove(DockerClient docker) {
        try {
            docker.removeNetworkCmd(id).exec();
        } catch (NotFoundException alreadyGone) {
            // removed before, nothing to do
        }
        AirGap.remove(bridge);
    }
}
