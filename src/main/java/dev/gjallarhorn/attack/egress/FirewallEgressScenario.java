package dev.gjallarhorn.attack.egress;

import dev.gjallarhorn.canary.Canaries;
import dev.gjallarhorn.canary.CanaryPort;
import dev.gjallarhorn.canary.DestinationGuard;
import dev.gjallarhorn.host.Progress;
import dev.gjallarhorn.probe.Identity;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;

import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.surface.Family;
import dev.gjallarhorn.surface.FirewallRuleset;
import dev.gjallarhorn.surface.Principal;
import dev.gjallarhorn.surface.Surface;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.Target;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.Prediction;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * {@code C-FIREWALL}: "UFW with an explicit egress allowlist; only HTTPS, DNS and Tailscale traffic leave the VM."
 *
 * <p>The ports come from the target ({@link EgressPlan}): the allowlist's, every port an ACCEPT on the output
 * path of either family could let out (iptables, ip6tables, nft, UFW's rule files), and a seeded random sample of
 * TCP and UDP ports. Every identity a process on the VM can be ({@link Surface#identities()}: the login user, root,
 * the gateway's service identity, an unrelated user, the owners of uid matches) connects to the harness's canaries
 * on all of them at once. What the canaries record decides: a non-allowlisted port that reached a canary
 * contradicts the claim. The allowlisted ports are the oracle's positive controls: if none got out for a protocol,
 * silence on that protocol is INCONCLUSIVE(oracle-blind). An ACCEPT towards a destination or interface no canary of
 * this run can stand at, and an IPv6 ruleset that lets more than the allowlist out (this run has no IPv6 canary),
 * are INCONCLUSIVE(oracle-blind) too, never HOLDS. A family's ruleset that could not be read, or read empty while the
 * firewall says it is on ({@link FirewallRuleset#unread()}), is INCONCLUSIVE(probe-error) for what it would have told
 * (the derived ports of IPv4, IPv6 egress); an empty IPv6 ruleset on a target without IPv6 is only a note.
 *
 * <p>The claim is about all traffic, not TCP and UDP destination ports alone ({@link PacketPlan}, {@link PacketRound}):
 * every identity also sends an ICMP echo, a packet of every other IP protocol an output ACCEPT names (and of a sampled
 * protocol no rule names), and TCP or UDP from every source port an ACCEPT names. A host-side counter per token on this
 * host's INPUT decides the protocols, with two positive controls: each identity's datagram to an allowlisted port must
 * be counted, and this host's own packet of each protocol. The evidence names each dimension an ACCEPT can match on
 * (protocol, destination and source port, owner, destination address, out interface, state, address family), the values
 * it took from the ruleset and what it could not cover ({@link EgressScope}).
 */
public final class FirewallEgressScenario {

    public static final String CLAIM = "C-FIREWALL";
    static final String PART_BEYOND = "egress beyond the allowlist is stopped";
    static final String PART_ALLOWED = "allowlisted egress reaches the canary (positive control)";
    static final String PART_PROTOCOLS = "egress by other IP protocols (ICMP and the protocols the ruleset names) is stopped";
    static final String PART_COUNTED = "the host's packet counter sees the target's packets and each protocol (positive control)";

    public ClaimEvaluation evaluate(AttackContext run) {
        Instant started = Instant.now();
        Target target = run.target();
        if (run.session().canaries().isEmpty()) {
            return notProbed(run, started);
        }
        Surface surface = run.surface();
        FirewallRuleset ruleset = surface.firewall();
        InetAddress canary = run.session().canaries().get().advertised();
        CanaryRoute route = CanaryRoute.of(target, canary);
        String device = route.device();
        EgressPlan plan = EgressPlan.derive(ruleset, FirewallRuleset.Hook.OUTPUT, canary, device, seed(run), EgressPlan.SAMPLE);
        PacketPlan packets = PacketPlan.derive(ruleset, canary, device, seed(run));
        List<EgressProbe.Site> sites = sites(surface.identities(), target);
        var opened = run.openCanaries(plan.ports().stream().map(EgressPort::port).toList());
        if (opened.isEmpty()) {
            return notProbed(run, started);
        }
        try (Canaries canaries = opened.get()) {
            List<String> unsampled = new ArrayList<>();
            List<EgressPort> ports = listening(plan, canaries, unsampled);
            DestinationGuard guard = run.guard(canaries);
            guard.check(canaries.advertised());
            Duration timeout = run.settings().probeTimeout();
            try (PacketRound round = PacketRound.prepare(packets, plan, canaries, sites, route.source())) {
                List<EgressProbe.Pass> done = sendAll(run, round, canaries, guard, sites, ports, timeout);
                canaries.settle();

                PortMatrix matrix = PortMatrix.judge(done, canaries);
                PacketRound.Judged sent = round.judge(canaries, matrix.seeingAs());
                List<Observation> beyond = beyond(matrix, sent, plan, ruleset);
                List<Observation> protocols = protocols(sent, packets, ruleset);
                List<PartEvaluation> parts = parts(Prediction.forClaim(run.claim(CLAIM)), beyond, matrix.allowed(), protocols, sent,
                        plan, packets, ruleset, surface);
                Duration took = Duration.between(started, Instant.now());
                String scope = EgressScope.describe(plan, packets, sites.stream().map(EgressProbe.Site::name).toList(), protocols,
                        sent.sourcePorts(), unsampled);
                List<Path> evidence = new ArrayList<>();
                evidence.add(EgressMatrixEvidence.write(run.evidence(), target, canaries, done, matrix.table(), plan, sites, route,
                        unsampled, took, scope, sent.table(), round.describe()).relativePath());
                evidence.addAll(surface.evidenceFiles().values());
                Progress.say("C-FIREWALL egress: " + ports.size() + " ports and " + packets.packets().size() + " other packets x " + sites.size()
                        + " identities in " + took.toMillis() + " ms");
                List<Observation> all = new ArrayList<>(beyond);
                all.addAll(protocols);
                return new ClaimEvaluation(CLAIM, parts, summary(all), evidence, started, took);
            }
        }
    }

    private static ClaimEvaluation notProbed(AttackContext run, Instant started) {
        Observation none = Observation.couldNotRun("egress", Reason.PRECONDITION_UNMET, run.session().noCanariesBecause());
        return new ClaimEvaluation(CLAIM, List.of(PartEvaluation.claim(PART_BEYOND, Prediction.forClaim(run.claim(CLAIM)), List.of(none))),
                "not probed: " + run.session().noCanariesBecause(), List.of(), started, Duration.between(started, Instant.now()));
    }

    /**
     * The plan's ports a canary listens on. A sampled port this host cannot listen on is only a sample: it goes to
     * {@code unsampled} (for the evidence), and another one stands in next run.
     */
    private static List<EgressPort> listening(EgressPlan plan, Canaries canaries, List<String> unsampled) {
        List<EgressPort> ports = new ArrayList<>();
        for (EgressPort port : plan.ports()) {
            if (plan.sampled().contains(port.port()) && canaries.unavailable(port.port()).isPresent()) {
                unsampled.add(port.port().toString());
            } else {
                ports.add(port);
            }
        }
        return ports;
    }

    /** Every identity's port pass and the packet round, side by side; returns the passes once both are done. */
    private static List<EgressProbe.Pass> sendAll(AttackContext run, PacketRound round, Canaries canaries, DestinationGuard guard,
                                                  List<EgressProbe.Site> sites, List<EgressPort> ports, Duration timeout) {
        Target target = run.target();
        CompletableFuture<Void> sending = round.start(target, timeout);
        List<CompletableFuture<EgressProbe.Pass>> passes = new ArrayList<>();
        for (EgressProbe.Site site : sites) {
            passes.add(CompletableFuture.supplyAsync(() -> EgressProbe.run(target, canaries, guard, site, ports, run.token(), timeout)));
        }
        List<EgressProbe.Pass> done = passes.stream().map(CompletableFuture::join).toList();
        sending.join();
        List<EgressProbe.Pass> retried = new ArrayList<>();
        for (int i = 0; i < done.size(); i++) {
            retried.add(EgressProbe.retryTimedOut(target, canaries, guard, sites.get(i), done.get(i), run.token(), timeout));
        }
        return retried;
    }

    /** The claim's part on TCP and UDP: the matrix beyond the allowlist, the source-port packets, what no canary can see. */
    private static List<Observation> beyond(PortMatrix matrix, PacketRound.Judged sent, EgressPlan plan, FirewallRuleset ruleset) {
        List<Observation> beyond = new ArrayList<>(matrix.beyond());
        beyond.addAll(sent.sourcePorts());
        plan.blind().forEach(b -> beyond.add(Observation.couldNotRun(b.substring(0, b.indexOf(':')), Reason.ORACLE_BLIND, b)));
        beyond.addAll(ipv4Unknown(ruleset));
        return beyond;
    }

    /** The claim's part on other IP protocols: the counted packets, what no canary can see, an unread IPv4 ruleset. */
    private static List<Observation> protocols(PacketRound.Judged sent, PacketPlan packets, FirewallRuleset ruleset) {
        List<Observation> protocols = new ArrayList<>(sent.protocols());
        packets.blind().forEach(b -> protocols.add(Observation.couldNotRun(b.substring(0, b.indexOf(':')), Reason.ORACLE_BLIND, b)));
        ipv4Unknown(ruleset).forEach(o -> protocols.add(Observation.couldNotRun(o.subject() + " (protocols)", o.reason().orElseThrow(),
                o.detail().replace("the ports", "the protocols").replace("a random sample", "ICMP and a sampled protocol"))));
        return protocols;
    }

    private static List<PartEvaluation> parts(Outcome predicted, List<Observation> beyond, List<Observation> allowed,
                                              List<Observation> protocols, PacketRound.Judged sent, EgressPlan plan,
                                              PacketPlan packets, FirewallRuleset ruleset, Surface surface) {
        List<PartEvaluation> parts = new ArrayList<>();
        parts.add(PartEvaluation.claim(PART_BEYOND, predicted, beyond));
        parts.add(PartEvaluation.control(PART_ALLOWED, allowed));
        parts.add(PartEvaluation.claim(PART_PROTOCOLS, predicted, protocols));
        parts.add(PartEvaluation.control(PART_COUNTED, sent.controls()));
        List<String> ipv6Open = new ArrayList<>(plan.ipv6Open());
        ipv6Open.addAll(packets.ipv6Open());
        parts.add(ipv6(predicted, ruleset, ipv6Open, surface.noIpv6(), surface.ipv6Disabled()));
        return parts;
    }

    /**
     * An IPv4 ruleset that could not be read: the ports an ACCEPT of it could let out were never derived, so only the
     * allowlist and the random sample were tried. One COULD_NOT_RUN (timeout, else probe-error) naming why; none when it was read.
     */
    static List<Observation> ipv4Unknown(FirewallRuleset ruleset) {
        FirewallRuleset.Unread unread = ruleset.unread().get(Family.IPV4);
        if (unread == null) {
            return List.of();
        }
        return List.of(Observation.couldNotRun("IPv4 ruleset", unread.timedOut() ? Reason.TIMEOUT : Reason.PROBE_ERROR, unread.why()
                + ": the ports an ACCEPT of it could let out are unknown, only the allowlist and a random sample were tried"));
    }

    /**
     * IPv6: judged by a canary when there is one; this run has none. A target without IPv6 lets nothing out over it
     * (a note); an unknown IPv6 ruleset is COULD_NOT_RUN (timeout, else probe-error) with why; an open IPv6 way out
     * is oracle-blind; a closed one a note.
     *
     * @param ipv6Open the IPv6 ways out beyond the allowlist ({@link EgressPlan#ipv6Open()})
     * @param noIpv6   why the target has no IPv6, if it has none ({@link Surface#noIpv6()})
     * @param disabled per interface, whether IPv6 is switched off on it ({@link Surface#ipv6Disabled()})
     */
    static PartEvaluation ipv6(Outcome predicted, FirewallRuleset ruleset, List<String> ipv6Open, Optional<String> noIpv6,
                               Map<String, Boolean> disabled) {
        String part = "IPv6 egress beyond the allowlist is stopped";
        if (noIpv6.isPresent()) {
            return PartEvaluation.note("IPv6 egress (this target has no IPv6)", Outcome.SUCCEEDED, List.of(
                    Observation.blocked("IPv6", "nothing can leave over IPv6: " + noIpv6.get())));
        }
        String state = disabled.isEmpty() ? "IPv6 state per interface unknown" : "IPv6 is on";
        FirewallRuleset.Unread unread = ruleset.unread().get(Family.IPV6);
        if (unread != null) {
            return PartEvaluation.claim(part, predicted, List.of(Observation.couldNotRun("IPv6 ruleset",
                    unread.timedOut() ? Reason.TIMEOUT : Reason.PROBE_ERROR, unread.why() + " (" + state
                            + "), and this target offers no IPv6 canary: IPv6 egress is unknown")));
        }
        if (ipv6Open.isEmpty()) {
            return PartEvaluation.note("IPv6 egress (no IPv6 canary on this target: ruleset only)", Outcome.SUCCEEDED, List.of(
                    Observation.blocked("IPv6 ruleset", "lets out nothing beyond the allowlist (" + state + ")")));
        }
        return PartEvaluation.claim(part, predicted, List.of(
                Observation.couldNotRun("IPv6 egress", Reason.ORACLE_BLIND, "the IPv6 ruleset lets more than the allowlist out ("
                        + ipv6Open.size() + " way(s), e.g. " + ipv6Open.get(0) + ") and this target offers no IPv6 canary; " + state)));
    }

    /** Every identity a process on the VM can be, once each, as the sites of an egress pass. */
    static List<EgressProbe.Site> sites(List<Principal> principals, Target target) {
        Set<String> seen = new LinkedHashSet<>();
        List<EgressProbe.Site> sites = new ArrayList<>();
        for (Principal p : principals) {
            if (!p.exists() || !seen.add(p.name())) {
                continue;
            }
            String tag = "i" + sites.size();
            if (p.name().equals(target.user())) {
                sites.add(new EgressProbe.Site(p.name(), tag, Identity.LOGIN_USER, c -> c));
            } else if (p.role().equals("root")) {
                sites.add(new EgressProbe.Site("root", tag, Identity.LOGIN_USER, Cmd::asRoot));
            } else {
                String user = p.name();
                sites.add(new EgressProbe.Site(user, tag, user.equals("nobody") ? Identity.UNPRIVILEGED : Identity.LOGIN_USER, c -> c.asUser(user)));
            }
        }
        return sites;
    }

    /** The run's one seed for its random port sample: {@code -Dgjallarhorn.egress.seed}, or drawn once per run. */
    public static long seed(AttackContext run) {
        return run.observeOnce(Seed.class, () -> new Seed(run.settings().egressSeed().orElseGet(() -> new SecureRandom().nextLong()))).value();
    }

    /** The sample's seed, shared by the VM's and the bridge's egress attacks of one run. */
    record Seed(long value) {
    }

    static String summary(List<Observation> observations) {
        Map<String, List<String>> byWay = new LinkedHashMap<>();
        for (Observation o : observations) {
            int as = o.subject().lastIndexOf(" as ");
            if (o.outcome() == Outcome.SUCCEEDED && as > 0) {
                String way = o.subject().substring(0, as).replaceAll(" \\(.*\\)", "");
                byWay.computeIfAbsent(way, k -> new ArrayList<>()).add(o.subject().substring(as + 4));
            }
        }
        long blocked = observations.stream().filter(o -> o.outcome() == Outcome.BLOCKED).count();
        long unknown = observations.stream().filter(o -> o.outcome() == Outcome.COULD_NOT_RUN).count();
        String left = byWay.isEmpty() ? "nothing outside the allowlist left the VM"
                : "left the VM outside the allowlist: " + byWay.entrySet().stream()
                        .map(e -> e.getKey() + " (as " + String.join(", ", e.getValue()) + ")").collect(Collectors.joining(", "));
        return left + "; " + blocked + " attempts blocked" + (unknown == 0 ? "" : ", " + unknown + " could not be checked");
    }

    /** For the ports of a pass: the canary ports to open. */
    static List<CanaryPort> canaryPorts(List<EgressPort> ports) {
        return ports.stream().map(EgressPort::port).toList();
    }
}