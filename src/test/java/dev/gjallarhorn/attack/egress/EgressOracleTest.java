package dev.gjallarhorn.attack.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gjallarhorn.canary.Canaries;
import dev.gjallarhorn.canary.CanaryPort;
import dev.gjallarhorn.probe.Identity;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EgressOracleTest {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    Canaries canaries;
    EgressPort port;

    @BeforeEach
    void open() {
        canaries = Canaries.open(LOOPBACK, LOOPBACK, List.of(CanaryPort.tcp(0)));
        port = new EgressPort(canaries.resolve(CanaryPort.tcp(0)), "test", false);
    }

    @AfterEach
    void close() {
        canaries.close();
    }

    EgressAttempt attempt(String token, int exit, String error) {
        return new EgressAttempt(port, Identity.LOGIN_USER, "lima", token, OptionalInt.of(exit), OptionalLong.of(12), error, Optional.empty(), "");
    }

    @Test
    void theCanarySeeingTheTokenIsSuccessWhateverTheClientSays() throws Exception {
        try (Socket s = new Socket(LOOPBACK, port.port().port()); OutputStream out = s.getOutputStream()) {
            out.write("tok-1\n".getBytes(StandardCharsets.US_ASCII));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !canaries.hitsWithToken("tok-1").isEmpty());
        assertThat(EgressOracle.judge(attempt("tok-1", 124, ""), canaries).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(EgressOracle.judge(attempt("tok-1", 0, ""), canaries).outcome()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void silenceAndATimeoutOrARefusalIsBlocked() {
        assertThat(EgressOracle.judge(attempt("tok-2", 124, ""), canaries).outcome()).isEqualTo(Outcome.BLOCKED);
        Observation refused = EgressOracle.judge(attempt("tok-2", 1, "write error: Operation not permitted"), canaries);
        assertThat(refused.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(refused.detail()).contains("Operation not permitted");
    }

    @Test
    void silenceWhileATcpClientClaimsSuccessIsConflictingEvidence() {
        Observation o = EgressOracle.judge(attempt("tok-3", 0, ""), canaries);
        assertThat(o.outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(o.reason()).contains(Reason.CONFLICTING_EVIDENCE);
    }

    @Test
    void aDatagramSentWithoutErrorThatNeverArrivedWasDroppedOnTheWay() {
        EgressPort udp = new EgressPort(CanaryPort.udp(9), "test", false);
        Observation o = EgressOracle.judge(new EgressAttempt(udp, Identity.LOGIN_USER, "a bridge container", "tok-4", OptionalInt.of(0),
                OptionalLong.of(600), "", Optional.empty(), ""), canaries);
        assertThat(o.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(o.detail()).contains("never arrived");
    }

    @Test
    void anAttemptThatNeverRanKeepsItsReason() {
        Observation o = EgressOracle.judge(EgressAttempt.notRun(port, Identity.UNPRIVILEGED, "nobody", "t", Reason.PRECONDITION_UNMET,
                "sudo: a password is required"), canaries);
        assertThat(o.reason()).contains(Reason.PRECONDITION_UNMET);
        assertThat(o.subject()).endsWith("as nobody");
    }

    @Test
    void parsesTheProbeScriptsResultLines() {
        EgressPort tcp443 = new EgressPort(CanaryPort.tcp(443), "HTTPS", true);
        EgressPort udp123 = new EgressPort(CanaryPort.udp(123), "NTP", false);
        Map<String, EgressAttempt> parsed = EgressProbe.parse("""
                noise before
                RESULT tcp 443 0 14\s
                RESULT udp 123 1 28 _: line 1: printf: write error: Operation not permitted
                RESULT tcp 9999 0 1
                """, Map.of("tcp 443", tcp443, "udp 123", udp123), Map.of("tcp 443", "a", "udp 123", "b"), Identity.LOGIN_USER, "lima");
        assertThat(parsed).containsOnlyKeys("tcp 443", "udp 123");
        assertThat(parsed.get("tcp 443").exit()).hasValue(0);
        assertThat(parsed.get("udp 123").error()).contains("Operation not permitted");
        assertThat(parsed.get("udp 123").token()).isEqualTo("b");
    }
}
