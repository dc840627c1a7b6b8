package dev.gjallarhorn.attack.egress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.canary.CanaryHit;
import dev.gjallarhorn.canary.CanaryPort;
import dev.gjallarhorn.canary.PacketCounters;
import dev.gjallarhorn.canary.Protocol;
import dev.gjallarhorn.probe.Identity;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.remote.RecordedTarget;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The packet round's judging and its probe's output, replayed: no host counter, no target. */
class PacketRoundTest {

    static final EgressProbe.Site ROOT = new EgressProbe.Site("root", "i1", Identity.LOGIN_USER, c -> c);
    static final EgressProbe.Site NOBODY = new EgressProbe.Site("nobody", "i3", Identity.UNPRIVILEGED, c -> c);
    static final Packet ICMP = Packet.icmp(8, 0, "icmp echo-request (8/0)", "always");
    static final Packet SAMPLED = Packet.ip("201", "the sample");
    static final Packet SPORT = Packet.fromSourcePort("udp", 53, 40000, "[iptables-save] -A ufw-user-output -p udp -m udp --sport 53 -j ACCEPT");
    static final Packet CONTROL = new Packet("udp", "0", "53", "udp/53 (allowlisted), counted on this host", "positive control");

    static PacketAttempt sent(Packet packet, EgressProbe.Site site, String token) {
        return new PacketAttempt(packet, site.identity(), site.name(), token, 0, 30, "perl", "sent", 0, "", Optional.empty(), "");
    }

    static PacketAttempt refused(Packet packet, EgressProbe.Site site, String token, String stage) {
        return new PacketAttempt(packet, site.identity(), site.name(), token, 1, 30, "perl", stage, 1, "Operation not permitted", Optional.empty(), "");
    }

    /** Root and nobody each sent ICMP, the sampled protocol, UDP from port 53 and their path control; this host its two controls. */
    static PacketRound.Sent sent() {
        Map<EgressProbe.Site, PacketProbe.Tokened> paths = new LinkedHashMap<>();
        paths.put(ROOT, new PacketProbe.Tokened(CONTROL, "gjrootpath01"));
        paths.put(NOBODY, new PacketProbe.Tokened(CONTROL, "gjnobodypath"));
        List<PacketProbe.Pass> passes = List.of(
                new PacketProbe.Pass(ROOT, Optional.empty(), List.of(refused(ICMP, ROOT, "gjrooticmp01", "send"), refused(SAMPLED, ROOT, "gjrootip2010", "send"),
                        sent(SPORT, ROOT, "gjrootsport1"), sent(CONTROL, ROOT, "gjrootpath01"))),
                new PacketProbe.Pass(NOBODY, Optional.empty(), List.of(refused(ICMP, NOBODY, "gjnobodyicmp", "send"),
                        refused(SAMPLED, NOBODY, "gjnobodyip20", "socket"), refused(SPORT, NOBODY, "gjnobodysprt", "bind"), sent(CONTROL, NOBODY, "gjnobodypath"))));
        EgressProbe.Site host = new EgressProbe.Site(PacketProbe.HOST, "h", Identity.LOGIN_USER, c -> c);
        List<PacketAttempt> fromHost = List.of(sent(ICMP, host, "gjhosticmp01"), sent(SAMPLED, host, "gjhostip2010"));
        return new PacketRound.Sent(passes, fromHost, paths, List.of(), "172.30.0.2");
    }

    static final Function<String, Optional<String>> ALL_COUNTED = t -> Optional.empty();
    static final Map<String, Set<Protocol>> SEEING = Map.of("root", EnumSet.allOf(Protocol.class), "nobody", EnumSet.allOf(Protocol.class));

    static PacketRound.Judged judge(Map<String, Long> counted, Function<String, List<CanaryHit>> hits) {
        return PacketRound.judge(sent(), new PacketCounters.Counts(counted, Optional.empty()), ALL_COUNTED, hits, SEEING);
    }

    static Map<String, Long> controlsCounted() {
        Map<String, Long> counted = new HashMap<>(Map.of("gjrootpath01", 3L, "gjnobodypath", 3L, "gjhosticmp01", 2L, "gjhostip2010", 1L));
        List.of("gjrooticmp01", "gjrootip2010", "gjnobodyicmp", "gjnobodyip20").forEach(t -> counted.put(t, 0L));
        return counted;
    }

    static Outcome outcome(List<Observation> observations, String subject) {
        return observations.stream().filter(o -> o.subject().equals(subject)).findFirst().orElseThrow().outcome();
    }

    @Test
    void everythingRefusedWhileEveryControlCountedHolds() {
        PacketRound.Judged judged = judge(controlsCounted(), t -> List.of());
        assertThat(judged.controls()).hasSize(4).allMatch(o -> o.outcome() == Outcome.SUCCEEDED);
        assertThat(judged.protocols()).hasSize(4).allMatch(o -> o.outcome() == Outcome.BLOCKED);
        assertThat(judged.sourcePorts()).hasSize(2).allMatch(o -> o.outcome() == Outcome.BLOCKED);
        assertThat(judged.table()).contains("this host", "udp/53 (allowlisted), counted on this host");
    }

    @Test
    void aCountedTokenOrAHeardOneGotOut() {
        Map<String, Long> counted = controlsCounted();
        counted.put("gjrooticmp01", 1L);
        CanaryHit hit = new CanaryHit(CanaryPort.udp(40000), new InetSocketAddress("172.30.0.2", 53), "gjrootsport1", Instant.now());
        PacketRound.Judged judged = judge(counted, t -> t.equals("gjrootsport1") ? List.of(hit) : List.of());
        assertThat(outcome(judged.protocols(), "icmp echo-request (8/0) as root")).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome(judged.protocols(), "icmp echo-request (8/0) as nobody")).isEqualTo(Outcome.BLOCKED);
        assertThat(outcome(judged.sourcePorts(), "udp from source port 53 to 40000 as root")).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void anIdentityWhosePathControlWasNotCountedLeavesItsPacketsBlind() {
        Map<String, Long> counted = controlsCounted();
        counted.put("gjrootpath01", 0L);
        PacketRound.Judged judged = judge(counted, t -> List.of());
        Observation icmp = judged.protocols().stream().filter(o -> o.subject().equals("icmp echo-request (8/0) as root")).findFirst().orElseThrow();
        assertThat(icmp.reason()).contains(Reason.ORACLE_BLIND);
        assertThat(icmp.detail()).startsWith("the host's counter never saw root's datagram to udp/53");
        assertThat(outcome(judged.protocols(), "icmp echo-request (8/0) as nobody")).isEqualTo(Outcome.BLOCKED);
        assertThat(outcome(judged.controls(), "udp/53 (allowlisted), counted on this host as root")).isEqualTo(Outcome.BLOCKED);
    }

    @Test
    void aProtocolThisHostCouldNotCountItselfIsBlindForEveryIdentityThatSentIt() {
        Map<String, Long> counted = controlsCounted();
        counted.put("gjhostip2010", 0L);
        PacketRound.Judged judged = judge(counted, t -> List.of());
        Observation root = judged.protocols().stream().filter(o -> o.subject().equals("ip protocol 201 as root")).findFirst().orElseThrow();
        assertThat(root.reason()).contains(Reason.ORACLE_BLIND);
        assertThat(root.detail()).startsWith("the host's counter did not count this host's own ip protocol 201");
        assertThat(outcome(judged.protocols(), "ip protocol 201 as nobody")).as("the kernel refused nobody the socket: no counter needed")
                .isEqualTo(Outcome.BLOCKED);
        assertThat(outcome(judged.protocols(), "icmp echo-request (8/0) as root")).isEqualTo(Outcome.BLOCKED);
    }

    @Test
    void countersThatCouldNotBeAddedOrReadAreBlindNeverHolds() {
        PacketRound.Judged notRoot = PacketRound.judge(sent(), new PacketCounters.Counts(Map.of(), Optional.of("the harness is not root on this host")),
                t -> Optional.of("the harness is not root on this host"), t -> List.of(), SEEING);
        assertThat(notRoot.controls()).allMatch(o -> o.reason().equals(Optional.of(Reason.ORACLE_BLIND)));
        assertThat(outcome(notRoot.protocols(), "icmp echo-request (8/0) as root")).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(notRoot.protocols().stream().filter(o -> o.subject().equals("icmp echo-request (8/0) as root")).findFirst().orElseThrow().detail())
                .startsWith("the harness is not root on this host");
    }

    @Test
    void aSourcePortPacketIsBlindWhenNoAllowlistedPortOfItsProtocolReachedTheCanaryAsThatIdentity() {
        PacketRound.Judged judged = PacketRound.judge(sent(), new PacketCounters.Counts(controlsCounted(), Optional.empty()), ALL_COUNTED,
                t -> List.of(), Map.of("root", EnumSet.of(Protocol.TCP), "nobody", EnumSet.allOf(Protocol.class)));
        Observation root = judged.sourcePorts().stream().filter(o -> o.subject().startsWith("udp from source port 53 to 40000 as root")).findFirst().orElseThrow();
        assertThat(root.reason()).contains(Reason.ORACLE_BLIND);
    }

    @Test
    void theProbesLinesAreReadByTokenAndAMissingOneIsNoResult() {
        List<PacketProbe.Tokened> packets = List.of(new PacketProbe.Tokened(ICMP, "gjaaaaaaaaaa"), new PacketProbe.Tokened(SAMPLED, "gjbbbbbbbbbb"),
                new PacketProbe.Tokened(SPORT, "gjcccccccccc"));
        RecordedTarget target = new RecordedTarget("lima").whenScript("packet-probe.sh").prints("""
                PACKET icmp 8 0 gjaaaaaaaaaa 1 143 perl send 1 Operation not permitted
                PACKET ip 201 - gjbbbbbbbbbb 0 33 python3 sent 0\s
                garbage
                """);
        PacketProbe.Pass pass = PacketProbe.run(target, NOBODY, "172.30.0.1", "172.30.0.2", packets, Duration.ofSeconds(2));
        assertThat(target.ran()).singleElement().satisfies(c -> assertThat(c.argv()).contains("172.30.0.1", "172.30.0.2",
                "icmp/8/0/gjaaaaaaaaaa", "ip/201/-/gjbbbbbbbbbb", "udp/53/40000/gjcccccccccc"));
        assertThat(pass.attempts()).hasSize(3);
        PacketAttempt icmp = pass.attempts().get(0);
        assertThat(icmp.stage()).isEqualTo("send");
        assertThat(icmp.errno()).isEqualTo(1);
        assertThat(icmp.message()).isEqualTo("Operation not permitted");
        assertThat(pass.attempts().get(1).sent()).isTrue();
        assertThat(pass.attempts().get(1).tool()).isEqualTo("python3");
        assertThat(pass.attempts().get(2).notRun()).contains(Reason.PRECONDITION_UNMET);
        assertThat(pass.attempts().get(2).notRunWhy()).startsWith("the probe printed no result for this packet");
    }
}
