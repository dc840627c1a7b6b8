package dev.gjallarhorn.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gjallarhorn.run.RunSettings;
import dev.gjallarhorn.run.TargetSpec;
import dev.gjallarhorn.twin.Twin;
import dev.gjallarhorn.twin.TwinRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The attack suite's benchmark ({@code mvn verify -Pbench}): against one warm target, a warm-up run, then
 * {@code -Dgjallarhorn.bench.runs} runs (default 3) with attack classes side by side
 * ({@code -Dgjallarhorn.concurrency}, default 4), then one run with concurrency 1, all in this one invocation so the
 * speed-up is measured side by side. Prints per attack class min/median/max wall time, each run's total, the sum of
 * the attacks and total ÷ longest attack (how close a run is to its own limit), and writes
 * {@code reports/bench.json}. A twin target ({@code twin}, {@code twin:PROFILE+FAULTS}) is started once and
 * attacked as an {@code ssh://} target. Timings are printed, never asserted; what fails the benchmark is a
 * verdict that differs between runs (speed must not buy flakiness).
 */
class AttackBench {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One run: its concurrency, wall time, per-class times and verdict labels. */
    record Run(String name, int concurrency, Duration total, Map<String, Duration> attacks, Map<String, String> verdicts) {
        Duration longest() {
            return attacks.values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
        }

        Duration sum() {
            return attacks.values().stream().reduce(Duration.ZERO, Duration::plus);
        }
    }

    @Test
    void benchmark() throws Exception {
        RunSettings settings = RunSettings.fromSystemProperties();
        int runs = Integer.parseInt(System.getProperty("gjallarhorn.bench.runs", "3"));
        int concurrency = settings.concurrency();
        Path out = settings.reports().resolve("bench");
        Files.createDirectories(out);
        Map<String, String> target = new LinkedHashMap<>();
        Twin twin = null;
        if (settings.targetSpec() instanceof TargetSpec.Twin spec) {
            twin = Twin.start(spec.spec(), Twin.Owner.RUN);
            TwinRecord r = twin.record();
            target.put("gjallarhorn.target", r.sshUri());
            target.put("gjallarhorn.ssh.identity", r.identityFile());
            target.put("gjallarhorn.ssh.hostKeyFingerprint", r.hostKeyFingerprint());
            target.put("gjallarhorn.canary.address", r.gateway());
            target.put("gjallarhorn.invasive", "true");
            System.out.println("[bench] attacking twin " + settings.target() + " as " + r.sshUri());
        }
        List<Run> all = new ArrayList<>();
        try {
            all.add(run("warm-up", concurrency, target, out));
            for (int i = 1; i <= runs; i++) {
                all.add(run("run-" + i, concurrency, target, out));
            }
            all.add(run("serial", 1, target, out));
        } finally {
            if (twin != null) {
                twin.close();
            }
        }
        List<Run> measured = all.subList(1, all.size() - 1);
        Run serial = all.get(all.size() - 1);
        ObjectNode report = report(settings.target(), concurrency, measured, serial, all);
        Files.writeString(settings.reports().resolve("bench.json"), JSON.writeValueAsString(report));
        print(report);
        assertThat(report.path("verdictsDiffer")).as("verdicts identical across all runs (warm-up, side by side and serial)").isEmpty();
    }

    private static Run run(String name, int concurrency, Map<String, String> target, Path out) {
        Map<String, String> parameters = new LinkedHashMap<>(target);
        parameters.put("gjallarhorn.reports", out.resolve(name).toString());
        parameters.put("gjallarhorn.attackSuite", "true");
        parameters.put("junit.jupiter.execution.parallel.enabled", Boolean.toString(concurrency > 1));
        parameters.put("junit.jupiter.execution.parallel.mode.default", "same_thread");
        parameters.put("junit.jupiter.execution.parallel.mode.classes.default", "concurrent");
        parameters.put("junit.jupiter.execution.parallel.config.strategy", "fixed");
        parameters.put("junit.jupiter.execution.parallel.config.fixed.parallelism", Integer.toString(concurrency));
        parameters.put("junit.jupiter.testclass.order.default", "org.junit.jupiter.api.ClassOrderer$OrderAnnotation");
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage("dev.gjallarhorn.attack"))
                .filters(includeClassNamePatterns(".*Attack"))
                .configurationParameters(parameters).build();
        // an attack's time runs from its first test's start to its last test's end: a wait for another
        // attack's resource lock before its tests begin is not its own time
        Map<String, Instant> started = new ConcurrentHashMap<>();
        Map<String, Duration> attacks = new ConcurrentHashMap<>();
        TestExecutionListener timer = new TestExecutionListener() {
            @Override
            public void executionStarted(TestIdentifier id) {
                classOf(id).ifPresent(c -> started.putIfAbsent(c, Instant.now()));
            }

            @Override
            public void executionFinished(TestIdentifier id, org.junit.platform.engine.TestExecutionResult result) {
                classOf(id).ifPresent(c -> attacks.put(c, Duration.between(started.get(c), Instant.now())));
            }
        };
        System.out.println("[bench] " + name + ": the attack suite, " + concurrency + " attack class(es) side by side …");
        Instant begun = Instant.now();
        LauncherFactory.create().execute(request, timer);
        Duration total = Duration.between(begun, Instant.now());
        Map<String, String> verdicts = new TreeMap<>();
        try {
            JsonNode file = JSON.readTree(out.resolve(name).resolve("verdicts.json").toFile());
            file.path("claims").forEach(c -> verdicts.put(c.path("id").asText(), c.path("label").asText()));
        } catch (java.io.IOException e) {
            verdicts.put("(no verdicts.json)", e.getMessage());
        }
        System.out.printf("[bench] %s took %.1f s%n", name, total.toMillis() / 1000.0);
        return new Run(name, concurrency, total, new TreeMap<>(attacks), verdicts);
    }

    /** The attack class of a test (a method of it). */
    private static Optional<String> classOf(TestIdentifier id) {
        return id.isTest() ? id.getSource().filter(org.junit.platform.engine.support.descriptor.MethodSource.class::isInstance)
                .map(s -> ((org.junit.platform.engine.support.descriptor.MethodSource) s).getJavaClass().getSimpleName()) : Optional.empty();
    }

    static ObjectNode report(String target, int concurrency, List<Run> measured, Run serial, List<Run> all) {
        ObjectNode root = JSON.createObjectNode();
        root.put("target", target);
        root.put("concurrency", concurrency);
        root.put("runs", measured.size());
        ObjectNode attacks = root.putObject("attacks");
        for (String attack : serial.attacks().keySet()) {
            List<Long> ms = measured.stream().map(r -> r.attacks().getOrDefault(attack, Duration.ZERO).toMillis()).sorted().toList();
            ObjectNode a = attacks.putObject(attack);
            a.put("minMs", ms.get(0));
            a.put("medianMs", ms.get(ms.size() / 2));
            a.put("maxMs", ms.get(ms.size() - 1));
            a.put("serialMs", serial.attacks().get(attack).toMillis());
        }
        List<Long> totals = measured.stream().map(r -> r.total().toMillis()).sorted().toList();
        long median = totals.get(totals.size() / 2);
        root.put("totalMedianMs", median);
        root.put("totalMinMs", totals.get(0));
        root.put("totalMaxMs", totals.get(totals.size() - 1));
        Run typical = measured.stream().filter(r -> r.total().toMillis() == median).findFirst().orElseThrow();
        root.put("sumOfAttacksMs", typical.sum().toMillis());
        root.put("longestAttackMs", typical.longest().toMillis());
        root.put("totalOverLongest", Math.round(100.0 * median / Math.max(1, typical.longest().toMillis())) / 100.0);
        root.put("serialTotalMs", serial.total().toMillis());
        root.put("speedUp", Math.round(100.0 * serial.total().toMillis() / Math.max(1, median)) / 100.0);
        ArrayNode differ = root.putArray("verdictsDiffer");
        Map<String, String> first = all.get(0).verdicts();
        for (Run r : all) {
            r.verdicts().forEach((id, label) -> {
                if (!label.equals(first.get(id))) {
                    differ.add(id + ": " + all.get(0).name() + " " + first.get(id) + ", " + r.name() + " " + label);
                }
            });
        }
        ObjectNode verdicts = root.putObject("verdicts");
        first.forEach(verdicts::put);
        return root;
    }

    static void print(ObjectNode report) {
        System.out.println();
        System.out.printf("gjallarhorn bench: %s, %d runs with %d attack classes side by side, then one serial run%n",
                report.path("target").asText(), report.path("runs").asInt(), report.path("concurrency").asInt());
        System.out.printf("%-24s %10s %10s %10s %10s%n", "attack", "min s", "median s", "max s", "serial s");
        report.path("attacks").fields().forEachRemaining(e -> System.out.printf("%-24s %10.1f %10.1f %10.1f %10.1f%n", e.getKey(),
                e.getValue().path("minMs").asLong() / 1000.0, e.getValue().path("medianMs").asLong() / 1000.0,
                e.getValue().path("maxMs").asLong() / 1000.0, e.getValue().path("serialMs").asLong() / 1000.0));
        System.out.printf("run total: median %.1f s (min %.1f, max %.1f); sum of the attacks %.1f s; total / longest attack %.2f%n",
                report.path("totalMedianMs").asLong() / 1000.0, report.path("totalMinMs").asLong() / 1000.0,
                report.path("totalMaxMs").asLong() / 1000.0, report.path("sumOfAttacksMs").asLong() / 1000.0,
                report.path("totalOverLongest").asDouble());
        System.out.printf("serial run: %.1f s; speed-up %.2fx; verdicts %s%n", report.path("serialTotalMs").asLong() / 1000.0,
                report.path("speedUp").asDouble(), report.path("verdictsDiffer").isEmpty() ? "identical in every run" : "DIFFER: " + report.path("verdictsDiffer"));
    }
}
