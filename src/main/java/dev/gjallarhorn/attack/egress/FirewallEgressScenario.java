package dev.gjallarhorn.attack.egress;

import dev.gjallarhorn.canary.Canaries;
import dev.gjallarhorn.canary.CanaryPort;
import dev.gjallarhorn.canary.DestinationGuard;
import dev.gjallarhorn.canary.Protocol;
import dev.gjallarhorn.host.Progress;
import dev.gjallarhorn.probe.Identity;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;

import dev.gjallarhorn.evidence.EvidenceStore;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.surface.Family;
import dev.gjallarhorn.surface.FirewallRuleset;
import dev.gjallarhorn.surface.Principal;
import dev.gjallarhorn.surface.Surface;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
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
import java.util.EnumSet;
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
            Observation none = Observation.couldNotRun("egress", Reason.PRECONDITION_UNMET, run.session().noCanariesBecause());
            return new ClaimEvaluation(CLAIM, List.of(PartEvaluation.claim(PART_BEYOND, Prediction.forClaim(run.claim(CLAIM)), List.of(none))),
                    "not probed: " + run.session().noCanariesBecause(), List.of(), started, Duration.between(started, Instant.now()));
        }
        Surface surface = run.surface();
        FirewallRuleset ruleset = surface.firewall();
        InetAddress canary = run.session().canaries().get().advertised();
        Route route = route(target, canary);
        String device = route.device();
        EgressPlan plan = EgressPlan.derive(ruleset, FirewallRuleset.Hook.OUTPUT, canary, device, seed(run), EgressPlan.SAMPLE);
        PacketPlan packets = PacketPlan.derive(ruleset, canary, device, seed(run));
        List<EgressProbe.Site> sites = sites(surface.identities(), target);
        var opened = run.openCanaries(plan.ports().stream().map(EgressPort::port).toList());
        if (opened.isEmpty()) {
            Observation none = Observation.couldNotRun("egress", Reason.PRECONDITION_UNMET, run.session().noCanariesBecause());
            return new ClaimEvaluation(CLAIM, List.of(PartEvaluation.claim(PART_BEYOND, Prediction.forClaim(run.claim(CLAIM)), List.of(none))),
                    "not probed: " + run.session().noCanariesBecause(), List.of(), started, Duration.between(started, Instant.now()));
        }
        try (Canaries canaries = opened.get()) {
            // a sampled port this host cannot listen on is only a sample: another one stands in next run
            List<EgressPort> ports = new ArrayList<>();
            List<String> unsampled = new ArrayList<>();
            for (EgressPort port : plan.ports()) {
                if (plan.sampled().contains(port.port()) && canaries.unavailable(port.port()).isPresent()) {
                    unsampled.add(port.port().toString());
                } else {
                    ports.add(port);
                }
            }
            DestinationGuard guard = run.guard(canaries);
            guard.check(canaries.advertised());
            Duration timeout = run.settings().probeTimeout();
            try (PacketRound round = PacketRound.prepare(packets, plan, canaries, sites, route.source())) {
                CompletableFuture<Void> sending = round.start(target, timeout);
                List<CompletableFuture<EgressProbe.Pass>> passes = new ArrayList<>();
                for (EgressProbe.Site site : sites) {
                    passes.add(CompletableFuture.supplyAsync(() -> EgressProbe.run(target, canaries, guard, site, ports, run.token(), timeout)));
                }
                List<EgressProbe.Pass> done = passes.stream().map(CompletableFuture::join).toList();
                sending.join();
                canaries.settle();

                List<Observation> beyond = new ArrayList<>();
                List<Observation> allowed = new ArrayList<>();
                Map<String, Set<Protocol>> seeingAs = new LinkedHashMap<>();
                StringBuilder table = new StringBuilder();
                for (EgressProbe.Pass pass : done) {
                    Map<EgressAttempt, Observation> judged = new LinkedHashMap<>();
                    pass.attempts().forEach(a -> judged.put(a, EgressOracle.judge(a, canaries)));
                    Set<Protocol> seeing = EnumSet.noneOf(Protocol.class);
                    judged.forEach((a, o) -> {
                        if (a.port().allowlisted() && o.outcome() == Outcome.SUCCEEDED) {
                            seeing.add(a.port().port().protocol());
                        }
                    });
                    seeingAs.put(pass.user(), seeing);
                    for (Map.Entry<EgressAttempt, Observation> e : judged.entrySet()) {
                        EgressAttempt attempt = e.getKey();
                        Observation observation = e.getValue();
                        if (attempt.port().allowlisted()) {
                            allowed.add(observation);
                        } else {
                            if (observation.outcome() == Outcome.BLOCKED && !seeing.contains(attempt.port().port().protocol())) {
                                observation = Observation.couldNotRun(observation.subject(), Reason.ORACLE_BLIND,
                                        "no allowlisted " + attempt.port().port().protocol().lower() + " port reached the canary as "
                                                + attempt.user() + ", so a drop cannot be told from an unreachable canary; " + observation.detail());
                            }
                            beyond.add(observation);
                        }
                        table.append(row(attempt, observation));
                    }
                }
                PacketRound.Judged sent = round.judge(canaries, seeingAs);
                beyond.addAll(sent.sourcePorts());
                plan.blind().forEach(b -> beyond.add(Observation.couldNotRun(b.substring(0, b.indexOf(':')), Reason.ORACLE_BLIND, b)));
                beyond.addAll(ipv4Unknown(ruleset));
                List<Observation> protocols = new ArrayList<>(sent.protocols());
                packets.blind().forEach(b -> protocols.add(Observation.couldNotRun(b.substring(0, b.indexOf(':')), Reason.ORACLE_BLIND, b)));
                ipv4Unknown(ruleset).forEach(o -> protocols.add(Observation.couldNotRun(o.subject() + " (protocols)", o.reason().orElseThrow(),
                        o.detail().replace("the ports", "the protocols").replace("a random sample", "ICMP and a sampled protocol"))));
                Outcome predicted = Prediction.forClaim(run.claim(CLAIM));
                List<PartEvaluation> parts = new ArrayList<>();
                parts.add(PartEvaluation.claim(PART_BEYOND, predicted, beyond));
                parts.add(PartEvaluation.control(PART_ALLOWED, allowed));
                parts.add(PartEvaluation.claim(PART_PROTOCOLS, predicted, protocols));
                parts.add(PartEvaluation.control(PART_COUNTED, sent.controls()));
                List<String> ipv6Open = new ArrayList<>(plan.ipv6Open());
                ipv6Open.addAll(packets.ipv6Open());
                parts.add(ipv6(predicted, ruleset, ipv6Open, surface.noIpv6(), surface.ipv6Disabled()));
                Duration took = Duration.between(started, Instant.now());
                String scope = EgressScope.describe(plan, packets, sites.stream().map(EgressProbe.Site::name).toList(), protocols,
                        sent.sourcePorts(), unsampled);
                List<Path> evidence = new ArrayList<>();
                evidence.add(writeEvidence(run.evidence(), target, canaries, done, table.toString(), plan, sites, route, unsampled, took,
                        scope, sent.table(), round.describe()).relativePath());
                evidence.addAll(surface.evidenceFiles().values());
                Progress.say("C-FIREWALL egress: " + ports.size() + " ports and " + packets.packets().size() + " other packets x " + sites.size()
                        + " identities in " + took.toMillis() + " ms");
                List<Observation> all = new ArrayList<>(beyond);
                all.addAll(protocols);
                return new ClaimEvaluation(CLAIM, parts, summary(all), evidence, started, took);
            }
        }
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

    /** How the target reaches the canary: the interface (for interface-limited rules) and its source address, if the route names one. */
    record Route(String device, String source) {
    }

    /** {@code ip route get CANARY} on the target; an unknown source (0.0.0.0) leaves the host's counters matching the token alone. */
    static Route route(Target target, InetAddress canary) {
        CommandResult route = target.run(Cmd.of("ip", "-o", "route", "get", canary.getHostAddress()), Duration.ofSeconds(20));
        return parseRoute(route.stdout());
    }

    static Route parseRoute(String text) {
        String[] words = text.strip().split("\\s+");
        String device = "unknown";
        String source = "0.0.0.0";
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i].equals("dev")) {
                device = words[i + 1];
            } else if (words[i].equals("src")) {
                source = words[i + 1];
            }
        }
        return new Route(device, source);
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

    private static String row(EgressAttempt a, Observation o) {
        String client = a.notRun().isPresent() ? "not run" : "exit " + a.exit().orElse(-1) + ", " + a.millis().orElse(0) + " ms";
        return String.format("%-8s %-10s %-36s %-10s %-18s %-24s %s%n", a.user(), a.port().port(), a.port().service(),
                a.port().allowlisted() ? "may leave" : "must stay", client, o.outcome() + o.reason().map(r -> "(" + r.slug() + ")").orElse(""),
                o.detail());
    }

    private static EvidenceStore.Evidence writeEvidence(EvidenceStore store, Target target, Canaries canaries, List<EgressProbe.Pass> passes,
                                                        String table, EgressPlan plan, List<EgressProbe.Site> sites, Route route,
                                                        List<String> unsampled, Duration took, String scope, String packetTable,
                                                        String packetRound) {
        StringBuilder text = new StringBuilder();
        text.append("C-FIREWALL egress matrix\n");
        text.append("target:   ").append(target.describe()).append('\n');
        text.append("canaries: ").append(canaries.advertised().getHostAddress()).append(" as the target sees this host (listening on ")
                .append(canaries.bindAddress().getHostAddress()).append("), reached through ").append(route.device())
                .append(" from ").append(route.source()).append('\n');
        text.append("oracle:   a canary that received the attempt's token = got out; no token and a client timeout or error = blocked;\n")
                .append("          other IP protocols: the host's counter for the packet's token at INPUT = got out\n");
        text.append("identities: ").append(sites.stream().map(EgressProbe.Site::name).collect(Collectors.joining(", ")))
                .append(" (from the surface; a bridge container and the sandbox: see N-CONTAINER-NETWORK-ISOLATION)\n");
        text.append("took:     ").append(took.toMillis()).append(" ms\n\n");
        text.append(scope).append('\n');
        text.append("what the target's ruleset gave (evidence/surface/firewall.txt has every rule):\n").append(plan.describe());
        if (!unsampled.isEmpty()) {
            text.append("sampled ports this host could not listen on (left out): ").append(unsampled).append('\n');
        }
        text.append('\n');
        text.append(String.format("%-8s %-10s %-36s %-10s %-18s %-24s %s%n", "identity", "port", "why tried", "claim", "client", "outcome", "evidence"));
        text.append(table).append('\n');
        text.append("other IP protocols and source ports (each identity also sends a datagram to an allowlisted port, and this host each\n")
                .append("protocol to itself: the counter's positive controls):\n");
        text.append(String.format("%-10s %-44s %-52s %-24s %s%n", "identity", "packet", "sender", "outcome", "evidence"));
        text.append(packetTable).append('\n').append(packetRound).append('\n');
        for (EgressProbe.Pass pass : passes) {
            pass.command().ifPresent(c -> text.append("command as ").append(pass.user()).append(": ").append(c.describe()).append('\n'));
        }
        text.append("\ncanary log (every connection or datagram received):\n");
        canaries.hits().forEach(h -> text.append("  ").append(h).append('\n'));
        return store.write(CLAIM, "egress-matrix.txt", text.toString());
    }

    /** For the ports of a pass: the canary ports to open. */
    static List<CanaryPort> canaryPorts(List<EgressPort> ports) {
        return ports.stream().map(EgressPort::port).toList();
    }
}
