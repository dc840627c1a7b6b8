package dev.gjallarhorn.attack.egress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.probe.Identity;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PacketOracleTest {

    static final Packet ICMP = Packet.icmp(8, 0, "icmp echo-request (8/0)", "always");
    static final Packet GRE = Packet.ip("gre", "[iptables-save] -A OUTPUT -p gre -j ACCEPT");
    static final Packet UDP53 = Packet.fromSourcePort("udp", 53, 40000, "rule");
    static final Packet TCP53 = Packet.fromSourcePort("tcp", 53, 40000, "rule");
    static final Optional<String> SEEN = Optional.of("the host's counter counted 1 packet");
    static final Optional<String> BLIND = Optional.of("the host's counter never saw lima's datagram");

    static PacketAttempt attempt(Packet packet, String user, int exit, String stage, int errno, String message) {
        return new PacketAttempt(packet, Identity.LOGIN_USER, user, "gjtoken00001", exit, 40, "perl", stage, errno, message, Optional.empty(), "");
    }

    static Observation judge(PacketAttempt attempt, Optional<String> arrived, Optional<String> blind) {
        return PacketOracle.judge(attempt, arrived, blind, attempt.user().equals("root"));
    }

    @Test
    void theCanarySideSeeingTheTokenIsSuccessWhateverTheSenderSaid() {
        assertThat(judge(attempt(ICMP, "root", 1, "send", 1, "Operation not permitted"), SEEN, BLIND).outcome()).isEqualTo(Outcome.SUCCEEDED);
        Observation got = judge(attempt(GRE, "root", 0, "sent", 0, ""), SEEN, Optional.empty());
        assertThat(got.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(got.subject()).isEqualTo("ip protocol gre as root");
    }

    @Test
    void silenceIsARefusalOnlyWhereTheControlsSaw() {
        Observation refused = judge(attempt(ICMP, "lima", 1, "send", 1, "Operation not permitted"), Optional.empty(), Optional.empty());
        assertThat(refused.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(refused.detail()).startsWith("refused by the target's packet filter");
        Observation dropped = judge(attempt(GRE, "root", 0, "sent", 0, ""), Optional.empty(), Optional.empty());
        assertThat(dropped.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(dropped.detail()).startsWith("dropped on the way");
        Observation blind = judge(attempt(GRE, "root", 0, "sent", 0, ""), Optional.empty(), BLIND);
        assertThat(blind.outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(blind.reason()).contains(Reason.ORACLE_BLIND);
        assertThat(blind.detail()).startsWith(BLIND.get());
        assertThat(judge(attempt(ICMP, "root", 1, "send", 1, "Operation not permitted"), Optional.empty(), BLIND).reason()).contains(Reason.ORACLE_BLIND);
    }

    @Test
    void aKernelThatRefusesAnIdentityTheSocketIsARefusalButNotForRoot() {
        Observation nobody = judge(attempt(GRE, "nobody", 1, "socket", 1, "Operation not permitted"), Optional.empty(), BLIND);
        assertThat(nobody.outcome()).as("nobody cannot make a GRE packet at all, whatever the counter saw").isEqualTo(Outcome.BLOCKED);
        assertThat(nobody.detail()).startsWith("refused by the kernel: nobody may not make such a packet at all");
        Observation lowPort = judge(attempt(UDP53, "lima", 1, "bind", 13, "Permission denied"), Optional.empty(), Optional.empty());
        assertThat(lowPort.outcome()).isEqualTo(Outcome.BLOCKED);
        Observation root = judge(attempt(GRE, "root", 1, "socket", 1, "Operation not permitted"), Optional.empty(), Optional.empty());
        assertThat(root.outcome()).as("root refused a raw socket: the probe could not run").isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(root.reason()).contains(Reason.PRECONDITION_UNMET);
        Observation inUse = judge(attempt(UDP53, "root", 1, "bind", 98, "Address already in use"), Optional.empty(), Optional.empty());
        assertThat(inUse.reason()).as("a port in use is no refusal").contains(Reason.PRECONDITION_UNMET);
        Observation unknown = judge(attempt(GRE, "root", 1, "socket", 0, "unknown protocol gre"), Optional.empty(), Optional.empty());
        assertThat(unknown.reason()).contains(Reason.PRECONDITION_UNMET);
    }

    @Test
    void noSenderOnTheTargetIsUndecidedNeverSilence() {
        Observation none = judge(attempt(GRE, "root", 1, "tool", 0, "no perl, python3 or ping here"), Optional.empty(), Optional.empty());
        assertThat(none.outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(none.reason()).contains(Reason.PRECONDITION_UNMET);
        assertThat(none.detail()).contains("no perl, python3 or ping here");
        PacketAttempt notRun = PacketAttempt.notRun(ICMP, Identity.LOGIN_USER, "lima", "gjtoken00001", Reason.TIMEOUT, "the probe command timed out");
        assertThat(judge(notRun, Optional.empty(), Optional.empty()).reason()).contains(Reason.TIMEOUT);
    }

    @Test
    void tcpAndUdpFromASourcePortFollowTheListener() {
        assertThat(judge(attempt(TCP53, "root", 124, "timeout", 0, "gave up after 8s"), Optional.empty(), Optional.empty()).outcome())
                .as("a connect that gave up while the control saw").isEqualTo(Outcome.BLOCKED);
        assertThat(judge(attempt(TCP53, "root", 124, "timeout", 0, "gave up after 8s"), Optional.empty(), BLIND).reason()).contains(Reason.TIMEOUT);
        assertThat(judge(attempt(UDP53, "root", 124, "timeout", 0, "gave up after 8s"), Optional.empty(), Optional.empty()).reason())
                .as("a datagram sender never hangs: a timeout is no result").contains(Reason.TIMEOUT);
        assertThat(judge(attempt(TCP53, "root", 0, "sent", 0, ""), Optional.empty(), Optional.empty()).reason())
                .as("connected and sent, the listener heard nothing").contains(Reason.CONFLICTING_EVIDENCE);
        assertThat(judge(attempt(UDP53, "root", 0, "sent", 0, ""), Optional.empty(), Optional.empty()).outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(judge(attempt(UDP53, "root", 0, "sent", 0, ""), Optional.of("the canary got the token"), Optional.empty()).subject())
                .isEqualTo("udp from source port 53 to 40000 as root");
    }
}
