package dev.gjallarhorn.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import dev.gjallarhorn.canary.Canaries;
import dev.gjallarhorn.canary.CanaryPort;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.SshTarget;
import dev.gjallarhorn.twin.AirGap;
import dev.gjallarhorn.twin.DockerEngine;
import dev.gjallarhorn.twin.Twin;
import dev.gjallarhorn.twin.TwinImages;
import dev.gjallarhorn.twin.TwinNetwork;
import dev.gjallarhorn.twin.TwinSources;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The twin's network is air-gapped: forwarded traffic beyond this host is dropped by the DOCKER-USER rule,
 * whatever the twin's own firewall allows, while this host (canaries, doubles) stays reachable. Proven
 * against a host "beyond" that the test creates itself, with a container on a network without the rule
 * as the positive control that the destination is reachable at all.
 */
@SharedTwin
class AirGapIT {

    static final int PORT = 443;
    static BeyondHost beyond;
    static DockerClient docker;
    static String base;

    @BeforeAll
    static void createBeyond() throws Exception {
        DockerEngine.ensureAvailable();
        docker = DockerClientFactory.instance().client();
        base = new TwinImages(docker, TwinSources.locate()).ensureBase();
        beyond = BeyondHost.create(PORT, Duration.ofMinutes(10));
    }

    @AfterAll
    static void removeBeyond() {
        if (beyond != null) {
            beyond.close();
        }
    }

    static String connect(String token) {
        return "exec 3<>/dev/tcp/" + BeyondHost.ADDRESS + "/" + PORT + " && echo " + token + " >&3";
    }

    @Test
    void forwardedTrafficLeavesAnOrdinaryNetworkButNotAnAirGappedOne() throws Exception {
        String id = Long.toHexString(System.nanoTime() & 0xffffff);
        String openNetwork = docker.createNetworkCmd().withName("gjh-it-open-" + id).withDriver("bridge").exec().getId();
        TwinNetwork gapped = TwinNetwork.create(docker, "gjh-it-gapped-" + id, "gjh-itg" + id);
        try (GenericContainer<?> open = sleeper(openNetwork); GenericContainer<?> inGap = sleeper(gapped.name())) {
            open.start();
            inGap.start();
            assertThat(AirGap.present(gapped.bridge())).as("the air-gap rule is installed with the network").isTrue();

            ExecResult control = open.execInContainer("timeout", "5", "bash", "-c", connect("open-" + id));
            assertThat(control.getExitCode()).as("positive control: %s", control.getStderr()).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> accepted("open-" + id));

            ExecResult gappedTry = inGap.execInContainer("timeout", "3", "bash", "-c", connect("gapped-" + id));
            assertThat(gappedTry.getExitCode()).as("the connect from the air-gapped network never completes").isNotZero();
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> !accepted("gapped-" + id));

            try (Canaries canary = Canaries.open(InetAddress.getByName(gapped.gateway()), InetAddress.getByName(gapped.gateway()),
                    List.of(CanaryPort.tcp(18443)))) {
                ExecResult toHost = inGap.execInContainer("timeout", "5", "bash", "-c",
                        "exec 3<>/dev/tcp/" + gapped.gateway() + "/18443 && echo host-" + id + " >&3");
                assertThat(toHost.getExitCode()).as("this host stays reachable: %s", toHost.getStderr()).isZero();
                await().atMost(Duration.ofSeconds(5)).until(() -> !canary.hitsWithToken("host-" + id).isEmpty());
            }
        } finally {
            docker.removeNetworkCmd(openNetwork).exec();
            gapped.remove(docker);
        }
        assertThat(AirGap.present(gapped.bridge())).as("the rule goes with the network").isFalse();
    }

    @Test
    void theTwinCannotReachBeyondThisHostEvenOnAPortItsFirewallAllows(Twin twin) throws Exception {
        String id = Long.toHexString(System.nanoTime() & 0xffffff);
        assertThat(AirGap.present(twin.record().bridge())).isTrue();
        try (SshTarget ssh = twin.connect(Duration.ofSeconds(15));
             Canaries canary = Canaries.open(InetAddress.getByName(twin.hostAddress()), InetAddress.getByName(twin.hostAddress()),
                     List.of(CanaryPort.tcp(PORT)))) {
            CommandResult toHost = ssh.run(Cmd.of("timeout", "5", "bash", "-c",
                    "exec 3<>/dev/tcp/" + twin.hostAddress() + "/" + PORT + " && echo twin-host-" + id + " >&3").asRoot(), Duration.ofSeconds(20));
            assertThat(toHost.succeeded()).as("443/tcp leaves the twin as far as this host: %s", toHost.stderr()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> !canary.hitsWithToken("twin-host-" + id).isEmpty());

            CommandResult beyondTry = ssh.run(Cmd.of("timeout", "3", "bash", "-c", connect("twin-" + id)).asRoot(), Duration.ofSeconds(20));
            assertThat(beyondTry.succeeded()).as("the same port to a host beyond this one never connects").isFalse();
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> !accepted("twin-" + id));
        }
    }

    private static boolean accepted(String token) {
        return beyond.accepted().stream().anyMatch(line -> line.endsWith(" " + token));
    }

    private static GenericContainer<?> sleeper(String network) {
        return new GenericContainer<>(DockerImageName.parse(base))
                .withCommand("sleep", "infinity")
                .withNetworkMode(network)
                .withLabels(Map.of("dev.gjallarhorn.test", "air-gap"));
    }
}
