package dev.gjallarhorn.attack.egress;

import dev.gjallarhorn.canary.Canaries;
import dev.gjallarhorn.canary.CanaryHit;
import dev.gjallarhorn.canary.CanaryPort;
import dev.gjallarhorn.canary.PacketCounters;
import dev.gjallarhorn.canary.Protocol;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.remote.Target;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The packets of a {@link PacketPlan}, sent by every identity, with their oracles and positive controls:
 * <ul>
 *   <li>ICMP and other IP protocols are counted by a rule per token on this host's INPUT ({@link PacketCounters}),
 *       matching the target's address as its route to the canary gives it. Two controls say whether a count of
 *       nothing means anything: each identity also sends a tokened datagram to an allowlisted UDP port (the counter
 *       must see the target's packets arrive), and this host sends each protocol to its own canary address (the
 *       counter must count that protocol).</li>
 *   <li>TCP and UDP from a source port go to a sampled canary port; the listener decides, and the port matrix's
 *       allowlisted ports as the same identity are the control.</li>
 * </ul>
 */
public final class PacketRound implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<EgressProbe.Site, List<PacketProbe.Tokened>> bySite;
    private final Map<EgressProbe.Site, PacketProbe.Tokened> pathControls;
    private final Map<String, PacketProbe.Tokened> hostControls;
    private final Map<String, String> hostControlOf = new LinkedHashMap<>();
    private final List<String> unsent;
    private final PacketCounters counters;
    private final List<String> counterRules;
    private final String address;
    private final String source;
    private final String hostAddress;
    private List<PacketProbe.Pass> passes = List.of();
    private List<PacketAttempt> fromHost = List.of();

    private PacketRound(Map<EgressProbe.Site, List<PacketProbe.Tokened>> bySite, Map<EgressProbe.Site, PacketProbe.Tokened> pathControls,
                        Map<String, PacketProbe.Tokened> hostControls, List<String> unsent, PacketCounters counters,
                        String address, String source, String hostAddress) {
        this.bySite = bySite;
        this.pathControls = pathControls;
        this.hostControls = hostControls;
        this.unsent = unsent;
        this.counters = counters;
        this.counterRules = counters.describe();
        this.address = address;
        this.source = source;
        this.hostAddress = hostAddress;
    }

    /**
     * Tokens every packet for every identity, points source-port packets at a sampled canary port of their protocol
     * that is listening, and adds the host's counters.
     *
     * @param source the target's address as its route to the canary gives it, which every packet is sent from and the
     *               counters match (0.0.0.0 when the route named none: the counters then match the token alone)
     */
    public static PacketRound prepare(PacketPlan plan, EgressPlan ports, Canaries canaries, List<EgressProbe.Site> sites, String source) {
        String address = canaries.advertised().getHostAddress();
        String hostAddress = canaries.bindAddress().getHostAddress();
        List<Packet> packets = new ArrayList<>();
        List<String> unsent = new ArrayList<>();
        for (Packet packet : plan.packets()) {
            if (packet.counted() || packet.destinationPort() != 0) {
                packets.add(packet);
                continue;
            }
            Protocol protocol = packet.kind().equals("tcp") ? Protocol.TCP : Protocol.UDP;
            Optional<CanaryPort> listening = ports.sampled().stream().filter(p -> p.protocol() == protocol)
                    .filter(p -> canaries.unavailable(p).isEmpty()).map(canaries::resolve).findFirst();
            if (listening.isPresent()) {
                packets.add(packet.towards(listening.get().port()));
            } else {
                unsent.add(packet.label() + ": no sampled " + protocol.lower() + " canary port is listening to send it to");
            }
        }
        String from = source.equals("0.0.0.0") ? "0.0.0.0/0" : source;
        List<PacketCounters.Counter> wanted = new ArrayList<>();
        Map<EgressProbe.Site, List<PacketProbe.Tokened>> bySite = new LinkedHashMap<>();
        Map<EgressProbe.Site, PacketProbe.Tokened> pathControls = new LinkedHashMap<>();
        CanaryPort allowlisted = EgressAllowlist.CONTROLS.stream().map(EgressPort::port).filter(p -> p.protocol() == Protocol.UDP).findFirst().orElseThrow();
        for (EgressProbe.Site site : sites) {
            List<PacketProbe.Tokened> tokened = new ArrayList<>();
            for (Packet packet : packets) {
                PacketProbe.Tokened t = new PacketProbe.Tokened(packet, token());
                tokened.add(t);
                if (packet.counted()) {
                    wanted.add(new PacketCounters.Counter(t.token(), packet.counterProtocol(), from, address));
                }
            }
            Packet control = new Packet("udp", "0", Integer.toString(allowlisted.port()), allowlisted + " (allowlisted), counted on this host", "positive control");
            PacketProbe.Tokened c = new PacketProbe.Tokened(control, token());
            pathControls.put(site, c);
            tokened.add(c);
            wanted.add(new PacketCounters.Counter(c.token(), "udp", from, address));
            bySite.put(site, tokened);
        }
        Map<String, PacketProbe.Tokened> hostControls = new LinkedHashMap<>();
        for (Packet packet : packets) {
            if (packet.counted() && !hostControls.containsKey(packet.spec(""))) {
                PacketProbe.Tokened t = new PacketProbe.Tokened(packet, token());
                hostControls.put(packet.spec(""), t);
                // any source: Docker's MASQUERADE for the twin's subnet may rewrite what this host sends itself
                wanted.add(new PacketCounters.Counter(t.token(), packet.counterProtocol(), "0.0.0.0/0", hostAddress));
            }
        }
        return new PacketRound(bySite, pathControls, hostControls, unsent, PacketCounters.install(wanted), address, source, hostAddress);
    }

    /** Sends everything: each identity's packets from the target, this host's controls from here, side by side. */
    public CompletableFuture<Void> start(Target target, Duration timeout) {
        List<CompletableFuture<PacketProbe.Pass>> running = new ArrayList<>();
        bySite.forEach((site, packets) -> running.add(CompletableFuture.supplyAsync(
                () -> PacketProbe.run(target, site, address, source, packets, timeout))));
        CompletableFuture<List<PacketAttempt>> host = CompletableFuture.supplyAsync(
                () -> PacketProbe.fromHost(hostAddress, List.copyOf(hostControls.values()), timeout));
        return CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).thenCombine(host, (done, controls) -> {
            passes = running.stream().map(CompletableFuture::join).toList();
            fromHost = controls;
            return null;
        });
    }

    /** What the round decided, by part: other protocols, source-port packets, and the positive controls. */
    public record Judged(List<Observation> protocols, List<Observation> sourcePorts, List<Observation> controls, String table) {
    }

    /**
     * @param seeing per identity, the protocols whose allowlisted ports reached a canary in the port matrix
     */
    public Judged judge(Canaries canaries, Map<String, Set<Protocol>> seeing) {
        return judge(new Sent(passes, fromHost, pathControls, unsent, source), counters.read(), counters::blind, canaries::hitsWithToken, seeing);
    }

    /** What was sent: each identity's pass, this host's controls, each identity's path control, packets with no port to go to. */
    record Sent(List<PacketProbe.Pass> passes, List<PacketAttempt> fromHost, Map<EgressProbe.Site, PacketProbe.Tokened> pathControls,
                List<String> unsent, String source) {
    }

    /**
     * The judging itself, with no host in reach.
     *
     * @param counterBlind why a token has no counter, if it has none
     * @param hits         what the canary listeners heard with a token
     */
    static Judged judge(Sent sent, PacketCounters.Counts counts, Function<String, Optional<String>> counterBlind,
                        Function<String, List<CanaryHit>> hits, Map<String, Set<Protocol>> seeing) {
        List<PacketProbe.Pass> passes = sent.passes();
        List<PacketAttempt> fromHost = sent.fromHost();
        String source = sent.source();
        List<Observation> controls = new ArrayList<>();
        Map<String, Optional<String>> hostBlind = hostControls(fromHost, counts, controls);
        List<Observation> protocols = new ArrayList<>();
        List<Observation> sourcePorts = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        for (PacketProbe.Pass pass : passes) {
            String user = pass.site().name();
            boolean root = user.equals("root");
            PacketProbe.Tokened pathControl = sent.pathControls().get(pass.site());
            Optional<String> notSeeing = pathControl(pass, pathControl, counts, controls, table);
            for (PacketAttempt attempt : pass.attempts()) {
                if (attempt.token().equals(pathControl.token())) {
                    continue;
                }
                Observation o;
                if (attempt.packet().counted()) {
                    Optional<Long> n = counts.of(attempt.token());
                    Optional<String> blind = counterBlind.apply(attempt.token()).or(counts::unread).or(() -> notSeeing.isPresent() ? notSeeing
                            : hostBlind.getOrDefault(attempt.packet().spec(""), Optional.of("no control of this host for " + attempt.packet().label())));
                    o = PacketOracle.judge(attempt, n.filter(c -> c > 0).map(c -> "the host's counter at INPUT counted " + c + " packet(s) with its token from "
                            + source), blind, root);
                    protocols.add(o);
                } else {
                    o = fromSourcePort(attempt, user, hits.apply(attempt.token()), seeing.getOrDefault(user, Set.of()), root);
                    sourcePorts.add(o);
                }
                table.append(row(attempt, o));
            }
        }
        for (String why : sent.unsent()) {
            sourcePorts.add(Observation.couldNotRun(why.substring(0, why.indexOf(':')), Reason.PRECONDITION_UNMET, why));
        }
        for (PacketAttempt control : fromHost) {
            table.append(row(control, controls.stream().filter(o -> o.subject().equals(control.subject())).findFirst().orElseThrow()));
        }
        return new Judged(protocols, sourcePorts, controls, table.toString());
    }

    /**
     * This host's own packet of each protocol, counted: each one's observation goes to {@code controls}. Returns, per
     * packet spec, why the counter is blind to that protocol (empty if it counted this host's packet).
     */
    private static Map<String, Optional<String>> hostControls(List<PacketAttempt> fromHost, PacketCounters.Counts counts,
                                                              List<Observation> controls) {
        Map<String, Optional<String>> hostBlind = new LinkedHashMap<>();
        for (PacketAttempt control : fromHost) {
            Optional<Long> n = counts.of(control.token());
            Observation o = counted(control, n, counts, "this host's own " + control.packet().label());
            controls.add(o);
            hostBlind.put(control.packet().spec(""), o.outcome() == Outcome.SUCCEEDED ? Optional.empty()
                    : Optional.of("the host's counter did not count this host's own " + control.packet().label() + " (" + o.detail() + ")"));
        }
        return hostBlind;
    }

    /**
     * An identity's datagram to an allowlisted port, counted: its observation goes to {@code controls} and its row to
     * {@code table}; returns why the counter could not have seen that identity's packets (empty if it saw this one).
     */
    private static Optional<String> pathControl(PacketProbe.Pass pass, PacketProbe.Tokened pathControl, PacketCounters.Counts counts,
                                                List<Observation> controls, StringBuilder table) {
        String user = pass.site().name();
        Optional<String> pathBlind = Optional.of("no result for " + user + "'s datagram to " + pathControl.packet().label());
        for (PacketAttempt attempt : pass.attempts()) {
            if (attempt.token().equals(pathControl.token())) {
                Observation o = counted(attempt, counts.of(attempt.token()), counts, user + "'s " + attempt.packet().label());
                controls.add(o);
                pathBlind = o.outcome() == Outcome.SUCCEEDED ? Optional.empty()
                        : Optional.of("the host's counter never saw " + user + "'s datagram to " + attempt.packet().label()
                                + ", so it could not have seen this packet arrive either (" + o.detail() + ")");
                table.append(row(attempt, o));
            }
        }
        return pathBlind;
    }

    /** A TCP or UDP packet from a source port, judged by the canary listener; blind unless {@code seeing} has its protocol. */
    private static Observation fromSourcePort(PacketAttempt attempt, String user, List<CanaryHit> heard, Set<Protocol> seeing,
                                              boolean root) {
        Protocol protocol = attempt.packet().kind().equals("tcp") ? Protocol.TCP : Protocol.UDP;
        Optional<String> blind = seeing.contains(protocol) ? Optional.empty()
                : Optional.of("no allowlisted " + protocol.lower() + " port reached the canary as " + user
                        + ", so a drop cannot be told from an unreachable canary");
        return PacketOracle.judge(attempt, heard.isEmpty() ? Optional.empty() : Optional.of("the canary got the token from "
                + heard.get(0).peer().getAddress().getHostAddress() + ":" + heard.get(0).peer().getPort()), blind, root);
    }

    private static Observation counted(PacketAttempt attempt, Optional<Long> n, PacketCounters.Counts counts, String what) {
        if (n.filter(c -> c > 0).isPresent()) {
            return Observation.succeeded(attempt.subject(), "the host's counter counted " + n.get() + " packet(s) of " + what);
        }
        if (counts.unread().isPresent()) {
            return Observation.couldNotRun(attempt.subject(), Reason.ORACLE_BLIND, counts.unread().get());
        }
        return Observation.blocked(attempt.subject(), "the host's counter saw nothing of " + what + "; sender " + attempt.client());
    }

    private static String row(PacketAttempt a, Observation o) {
        return String.format("%-10s %-44s %-52s %-24s %s%n", a.user(), a.packet().label(), a.client(),
                o.outcome() + o.reason().map(r -> "(" + r.slug() + ")").orElse(""), o.detail());
    }

    /** The host's counter rules, the packets no port was found for, and each identity's command, as evidence. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append("host counters (iptables INPUT, counting only; added before the packets were sent, removed after):\n");
        (counterRules.isEmpty() ? List.of("none") : counterRules).forEach(r -> text.append("  ").append(r).append('\n'));
        for (PacketProbe.Pass pass : passes) {
            pass.command().ifPresent(c -> text.append("packet command as ").append(pass.site().name()).append(": ").append(c.describe()).append('\n'));
        }
        return text.toString();
    }

    private static String token() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder token = new StringBuilder("gj");
        for (int i = 0; i < 10; i++) {
            token.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return token.toString();
    }

    @Override
    public void close() {
        counters.close();
    }
}
