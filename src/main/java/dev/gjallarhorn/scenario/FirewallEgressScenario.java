package dev.gjallarhorn.scenario;

import dev.gjallarhorn.canary.Canaries;
import dev.gjallarhorn.canary.DestinationGuard;
import dev.gjallarhorn.canary.Protocol;
import dev.gjallarhorn.probe.Identity;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.probe.egress.EgressAttempt;
import dev.gjallarhorn.probe.egress.EgressMatrix;
import dev.gjallarhorn.probe.egress.EgressOracle;
import dev.gjallarhorn.probe.egress.EgressPort;
import dev.gjallarhorn.probe.egress.EgressProbe;
import dev.gjallarhorn.report.EvidenceStore;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.target.Cmd;
import dev.gjallarhorn.target.CommandResult;
import dev.gjallarhorn.target.Target;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.Prediction;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * {@code C-FIREWALL}: "UFW with an explicit egress allowlist; only HTTPS, DNS and Tailscale traffic leave the VM."
 *
 * <p>From inside the target, as the Lima-style user and as an unprivileged user, connect to the harness's
 * canaries on every port of {@link EgressMatrix#FIREWALL} at once. What the canaries record decides: a
 * non-allowlisted port that reached a canary contradicts the claim. The allowlisted ports are the oracle's
 * positive controls: if none of them got out for a protocol, a silent drop of that protocol cannot be told
 * from a canary that nothing could reach, and those results are INCONCLUSIVE(oracle-blind), never HOLDS.
 * Traffic to {@code 100.64.0.0/10} (the tailnet) is not probed: no canary of ours can live there.
 */
public final class FirewallEgressScenario {

    public static final String CLAIM = "C-FIREWALL";
    static final String PART_BEYOND = "egress beyond the allowlist is stopped";
    static final String PART_ALLOWED = "allowlisted egress reaches the canary (positive control)";

    private final List<EgressPort> matrix;

    public FirewallEgressScenario() {
        this(EgressMatrix.FIREWALL);
    }

    FirewallEgressScenario(List<EgressPort> matrix) {
        this.matrix = List.copyOf(matrix);
    }

    public ClaimEvaluation evaluate(AttackRun run) {
        Instant started = Instant.now();
        Target target = run.target();
        var opened = run.openCanaries(EgressMatrix.canaryPorts(matrix));
        if (opened.isEmpty()) {
            Observation none = Observation.couldNotRun("egress matrix", Reason.PRECONDITION_UNMET, run.session().noCanariesBecause());
            return new ClaimEvaluation(CLAIM, List.of(PartEvaluation.claim(PART_BEYOND, Prediction.forClaim(run.claim(CLAIM)), List.of(none))),
                    "not probed: " + run.session().noCanariesBecause(), List.of(), started, Duration.between(started, Instant.now()));
        }
        try (Canaries canaries = opened.get()) {
            DestinationGuard guard = run.guard(canaries);
            Duration timeout = run.settings().probeTimeout();
            List<CompletableFuture<EgressProbe.Pass>> passes = new ArrayList<>();
            for (Identity identity : List.of(Identity.LOGIN_USER, Identity.UNPRIVILEGED)) {
                passes.add(CompletableFuture.supplyAsync(() -> EgressProbe.run(target, canaries, guard, identity, matrix, run.token(), timeout)));
            }
            List<EgressProbe.Pass> done = passes.stream().map(CompletableFuture::join).toList();
            canaries.settle();

            List<Observation> beyond = new ArrayList<>();
            List<Observation> allowed = new ArrayList<>();
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
            List<Path> evidence = new ArrayList<>();
            evidence.add(writeEvidence(run.evidence(), target, canaries, done, table.toString()).relativePath());
            List<PartEvaluation> parts = List.of(
                    PartEvaluation.claim(PART_BEYOND, Prediction.forClaim(run.claim(CLAIM)), beyond),
                    PartEvaluation.control(PART_ALLOWED, allowed));
            return new ClaimEvaluation(CLAIM, parts, summary(beyond), evidence, started, Duration.between(started, Instant.now()));
        }
    }


    static String summary(List<Observation> beyond) {
        Map<String, List<String>> byPort = new LinkedHashMap<>();
        for (Observation o : beyond) {
            if (o.outcome() == Outcome.SUCCEEDED) {
                String port = o.subject().split(" ", 2)[0];
                String who = o.subject().substring(o.subject().lastIndexOf(" as ") + 4);
                byPort.computeIfAbsent(port, k -> new ArrayList<>()).add(who);
            }
        }
        long blocked = beyond.stream().filter(o -> o.outcome() == Outcome.BLOCKED).count();
        long unknown = beyond.stream().filter(o -> o.outcome() == Outcome.COULD_NOT_RUN).count();
        String left = byPort.isEmpty() ? "no port outside the allowlist left the VM"
                : "left the VM outside the allowlist: " + byPort.entrySet().stream()
                        .map(e -> e.getKey() + " (as " + String.join(", ", e.getValue()) + ")").collect(Collectors.joining(", "));
        return left + "; " + blocked + " attempts blocked" + (unknown == 0 ? "" : ", " + unknown + " could not be checked");
    }

    private static String row(EgressAttempt a, Observation o) {
        String client = a.notRun().isPresent() ? "not run" : "exit " + a.exit().orElse(-1) + ", " + a.millis().orElse(0) + " ms";
        return String.format("%-8s %-10s %-24s %-10s %-18s %-24s %s%n", a.user(), a.port().port(), a.port().service(),
                a.port().allowlisted() ? "may leave" : "must stay", client, o.outcome() + o.reason().map(r -> "(" + r.slug() + ")").orElse(""),
                o.detail());
    }

    private static EvidenceStore.Evidence writeEvidence(EvidenceStore store, Target target, Canaries canaries,
                                                        List<EgressProbe.Pass> passes, String table) {
        StringBuilder text = new StringBuilder();
        text.append("C-FIREWALL egress matrix\n");
        text.append("target:   ").append(target.describe()).append('\n');
        text.append("canaries: ").append(canaries.advertised().getHostAddress()).append(" as the target sees this host (listening on ")
                .append(canaries.bindAddress().getHostAddress()).append(")\n");
        text.append("oracle:   a canary that received the attempt's token = got out; no token and a client timeout or error = blocked\n");
        text.append("not probed: 100.64.0.0/10 (tailnet) - no canary can live there\n\n");
        text.append(String.format("%-8s %-10s %-24s %-10s %-18s %-24s %s%n", "identity", "port", "service", "claim", "client", "outcome", "evidence"));
        text.append(table).append('\n');
        for (EgressProbe.Pass pass : passes) {
            pass.command().ifPresent(c -> text.append("command as ").append(pass.user()).append(": ").append(c.describe()).append('\n'));
        }
        text.append("\ncanary log (every connection or datagram received):\n");
        canaries.hits().forEach(h -> text.append("  ").append(h).append('\n'));
        text.append("\nsecond evidence, configuration only (not used for the verdict):\n");
        CommandResult ufw = target.run(Cmd.of("ufw", "status", "verbose").asRoot(), Duration.ofSeconds(20));
        text.append("$ sudo ufw status verbose  (").append(ufw.describe()).append(")\n").append(ufw.stdout()).append(ufw.stderr()).append('\n');
        CommandResult output = target.run(Cmd.of("iptables", "-S", "OUTPUT").asRoot(), Duration.ofSeconds(20));
        text.append("$ sudo iptables -S OUTPUT  (").append(output.describe()).append(")\n").append(output.stdout()).append(output.stderr()).append('\n');
        return store.write(CLAIM, "egress-matrix.txt", text.toString());
    }
}
