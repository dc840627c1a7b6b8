package dev.gjallarhorn.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CanariesTest {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void recordsTcpConnectionsWithTheirToken() throws Exception {
        try (Canaries canaries = Canaries.open(LOOPBACK, LOOPBACK, List.of(CanaryPort.tcp(0)))) {
            CanaryPort port = canaries.resolve(CanaryPort.tcp(0));
            try (Socket socket = new Socket(LOOPBACK, port.port()); OutputStream out = socket.getOutputStream()) {
                out.write("gjh-1a2b.l.tcp443\n".getBytes(StandardCharsets.US_ASCII));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> !canaries.hitsWithToken("gjh-1a2b.l.tcp443").isEmpty());
            assertThat(canaries.hits()).singleElement().satisfies(hit -> assertThat(hit.port()).isEqualTo(port));
        }
    }

    @Test
    void recordsUdpDatagramsWithTheirToken() throws Exception {
        try (Canaries canaries = Canaries.open(LOOPBACK, LOOPBACK, List.of(CanaryPort.udp(0)));
             DatagramSocket client = new DatagramSocket()) {
            CanaryPort port = canaries.resolve(CanaryPort.udp(0));
            byte[] token = "gjh-1a2b.u.udp53\n".getBytes(StandardCharsets.US_ASCII);
            client.send(new DatagramPacket(token, token.length, new InetSocketAddress(LOOPBACK, port.port())));
            await().atMost(Duration.ofSeconds(5)).until(() -> !canaries.hitsWithToken("gjh-1a2b.u.udp53").isEmpty());
        }
    }

    @Test
    void leasesShareTheListenersOfAFixedPortAndEachSeesWhatCameSinceItWasTaken() throws Exception {
        int fixed;
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            fixed = probe.getLocalPort();
        }
        try (Canaries set = Canaries.open(LOOPBACK, LOOPBACK, List.of())) {
            Canaries first = set.lease(List.of(CanaryPort.tcp(fixed)));
            send(fixed, "gjh-aaaa.first");
            await().atMost(Duration.ofSeconds(5)).until(() -> !first.hitsWithToken("gjh-aaaa.first").isEmpty());
            Canaries second = set.lease(List.of(CanaryPort.tcp(fixed), CanaryPort.tcp(0)));
            assertThat(second.unavailable(CanaryPort.tcp(fixed))).as("the same listener, not a second bind").isEmpty();
            assertThat(second.resolve(CanaryPort.tcp(0)).port()).as("port 0 gets a fresh port").isNotEqualTo(fixed);
            send(fixed, "gjh-bbbb.second");
            await().atMost(Duration.ofSeconds(5)).until(() -> !second.hitsWithToken("gjh-bbbb.second").isEmpty());
            assertThat(second.hits()).extracting(CanaryHit::token).containsExactly("gjh-bbbb.second");
            assertThat(first.hits()).extracting(CanaryHit::token).contains("gjh-aaaa.first", "gjh-bbbb.second");
            first.close(); // a lease leaves the listeners open
            send(fixed, "gjh-cccc.after");
            await().atMost(Duration.ofSeconds(5)).until(() -> !second.hitsWithToken("gjh-cccc.after").isEmpty());
        }
    }

    private static void send(int port, String token) throws Exception {
        try (Socket socket = new Socket(LOOPBACK, port); OutputStream out = socket.getOutputStream()) {
            out.write((token + "\n").getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void nothingSentMeansNothingRecorded() throws Exception {
        try (Canaries canaries = Canaries.open(LOOPBACK, LOOPBACK, List.of(CanaryPort.tcp(0), CanaryPort.udp(0)))) {
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> canaries.hits().isEmpty());
        }
    }

    @Test
    void aPortThatCannotBeBoundIsReportedNotThrown() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
            CanaryPort busy = CanaryPort.tcp(taken.getLocalPort());
            try (Canaries canaries = Canaries.open(LOOPBACK, LOOPBACK, List.of(busy))) {
                assertThat(canaries.unavailable(busy)).hasValueSatisfying(why -> assertThat(why).contains("cannot listen"));
            }
        }
    }

    @Test
    void theGuardAllowsOnlyLoopbackAndTheCanaries() throws Exception {
        InetAddress canary = InetAddress.getByName("172.30.0.1");
        DestinationGuard guard = new DestinationGuard(Set.of(canary));
        assertThat(guard.check(canary)).isEqualTo(canary);
        assertThat(guard.check(LOOPBACK)).isEqualTo(LOOPBACK);
        for (String other : List.of("172.30.0.2", "192.168.5.3", "100.64.0.1", "203.0.113.7")) {
            assertThatThrownBy(() -> guard.check(InetAddress.getByName(other))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("refusing to probe " + other);
        }
    }
}
