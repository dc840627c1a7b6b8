package dev.gjallarhorn.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gjallarhorn.attack.AgentChannelAttack;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.attack.failures.ApiFailureScenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs attack classes through the JUnit engine as the attack suite does, against a target, into a reports
 * directory, and reads back the verdicts: what the harness's integration tests assert on.
 */
final class AttackRuns {

    static final ObjectMapper JSON = new ObjectMapper();
    /**
     * How many attack runs (each with its twin) go on at once in this JVM ({@code it.attackRuns}, 3 unless set): the
     * integration test classes run side by side, and more twins than this on a 2-core machine only make every run
     * slower and push bounded waits past their bounds.
     */
    private static final java.util.concurrent.Semaphore RUNS_AT_ONCE = new java.util.concurrent.Semaphore(Integer.getInteger("it.attackRuns", 3), true);

    /**
     * The verdict file of one run, by claim id, with its run record.
     *
     * @param took the run's own time, from when it got its turn among {@link #RUNS_AT_ONCE} to its end
     */
    record Result(Map<String, JsonNode> claims, JsonNode run, java.time.Duration took) {
        String label(String id) {
            return claims.get(id).path("label").asText();
        }

        /** A label of a claim's evaluation (e.g. {@code stoppedBy.exec-elevated}), or "" when it has none. */
        String labelOf(String id, String name) {
            return claims.get(id).path("labels").path(name).asText("");
        }

        /** The claim's observed summary. */
        String observed(String id) {
            return claims.get(id).path("observed").asText();
        }

        /** The verdict of the named part of a claim (the first part whose name contains {@code name}). */
        String part(String id, String name) {
            return partNode(id, name).path("label").asText();
        }

        /** What the named part's first observation saw (SUCCEEDED, BLOCKED, COULD_NOT_RUN): how to read a note. */
        String partOutcome(String id, String name) {
            return partNode(id, name).path("observations").path(0).path("outcome").asText();
        }

        /** The named part's observations as recorded, to say in a failed assertion what was seen. */
        String partSeen(String id, String name) {
            return partNode(id, name).path("observations").toString();
        }

        private JsonNode partNode(String id, String name) {
            for (JsonNode part : claims.get(id).path("parts")) {
                if (part.path("name").asText().contains(name)) {
                    return part;
                }
            }
            throw new AssertionError(id + " has no part named like '" + name + "': " + claims.get(id).path("parts"));
        }
    }

    /** Which API failure phases the agent channel provokes: all (minutes), the quick ones (under a minute), none. */
    enum FailurePhases {
        ALL, QUICK, OFF;

        String property() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private AttackRuns() {
    }

    /**
     * Runs the attacks. The agent channel (the gateway, its doubles and the Telegram conversation) costs minutes,
     * so it is on only when {@link AgentChannelAttack} is among them; other scenarios then note their agent parts.
     */
    static Result run(String target, Path reports, Class<?>... attacks) throws Exception {
        return run(target, reports, FailurePhases.ALL, attacks);
    }

    /** As {@link #run(String, Path, Class[])}, with the agent channel's API failure phases on or off. */
    static Result run(String target, Path reports, FailurePhases phases, Class<?>... attacks) throws Exception {
        List<DiscoverySelector> selectors = Arrays.stream(attacks).map(c -> (DiscoverySelector) selectClass(c)).toList();
        return run(target, reports, Arrays.asList(attacks).contains(AgentChannelAttack.class), phases, selectors);
    }

    /** As {@link #run(String, Path, Class[])} with more settings (e.g. an ssh: target's key and pin), agent channel off. */
    static Result run(String target, Path reports, Map<String, String> settings, Class<?>... attacks) throws Exception {
        List<DiscoverySelector> selectors = Arrays.stream(attacks).map(c -> (DiscoverySelector) selectClass(c)).toList();
        return run(target, reports, false, FailurePhases.OFF, settings, selectors);
    }

    /** Runs only the named test methods of one attack class (each takes the {@link AttackRun}). */
    static Result runMethods(String target, Path reports, Class<?> attack, String... methods) throws Exception {
        List<DiscoverySelector> selectors = Arrays.stream(methods)
                .map(m -> (DiscoverySelector) selectMethod(attack, m, AttackRun.class.getName())).toList();
        return run(target, reports, attack == AgentChannelAttack.class, FailurePhases.OFF, selectors);
    }

    /**
     * Runs the named attack tests ({@code SimpleClass.method}, as the attack index names them); the agent channel is on
     * only when one of them is an {@link AgentChannelAttack} test, with no API failure phases.
     */
    static Result runTests(String target, Path reports, java.util.Collection<String> tests) throws Exception {
        List<DiscoverySelector> selectors = new java.util.ArrayList<>();
        boolean agentChannel = false;
        for (String test : tests) {
            int dot = test.indexOf('.');
            Class<?> attack = Class.forName(AgentChannelAttack.class.getPackageName() + "." + test.substring(0, dot));
            agentChannel |= attack == AgentChannelAttack.class;
            selectors.add(selectMethod(attack, test.substring(dot + 1), AttackRun.class.getName()));
        }
        return run(target, reports, agentChannel, FailurePhases.OFF, selectors);
    }

    /** As {@link #runMethods(String, Path, Class, String...)} with more settings (e.g. an ssh: target's key and pin). */
    static Result runMethods(String target, Path reports, Map<String, String> settings, Class<?> attack, String... methods) throws Exception {
        List<DiscoverySelector> selectors = Arrays.stream(methods)
                .map(m -> (DiscoverySelector) selectMethod(attack, m, AttackRun.class.getName())).toList();
        return run(target, reports, attack == AgentChannelAttack.class, FailurePhases.OFF, settings, selectors);
    }

    private static Result run(String target, Path reports, boolean agentChannel, FailurePhases phases, List<DiscoverySelector> selectors)
            throws Exception {
        return run(target, reports, agentChannel, phases, Map.of(), selectors);
    }

    /**
     * One attack session with its own settings, given as JUnit configuration parameters (not system properties), so
     * that integration tests can attack several targets side by side in one JVM.
     */
    private static Result run(String target, Path reports, boolean agentChannel, FailurePhases phases, Map<String, String> settings,
                              List<DiscoverySelector> selectors) throws Exception {
        Map<String, String> parameters = new LinkedHashMap<>(settings);
        parameters.put("gjallarhorn.target", target);
        parameters.put("gjallarhorn.reports", reports.toString());
        parameters.put("gjallarhorn.agentChannel", Boolean.toString(agentChannel));
        parameters.put(ApiFailureScenario.PROPERTY, phases.property());
        long started;
        RUNS_AT_ONCE.acquire();
        long began = System.nanoTime();
        java.time.Duration took;
        try {
            started = EngineTestKit.engine("junit-jupiter").configurationParameters(parameters)
                    .selectors(selectors.toArray(new DiscoverySelector[0])).execute().testEvents().started().count();
        } finally {
            took = java.time.Duration.ofNanos(System.nanoTime() - began);
            RUNS_AT_ONCE.release();
        }
        assertThat(started).as("attacks that ran for " + selectors).isPositive();
        keep(target, reports);
        JsonNode verdicts = JSON.readTree(reports.resolve("verdicts.json").toFile());
        Map<String, JsonNode> claims = new LinkedHashMap<>();
        verdicts.path("claims").forEach(c -> claims.put(c.path("id").asText(), c));
        JsonNode run = JSON.readTree(reports.resolve("run.json").toFile());
        assertThat(run.path("residue")).as("the run left nothing on the target").isEmpty();
        assertThat(run.path("hygiene").path("leaks")).as("no report holds a secret").isEmpty();
        assertThat(run.path("harnessErrors")).as("no harness error during the run").isEmpty();
        return new Result(claims, run, took);
    }

    /** A copy of every run's reports under target/it-reports/, to read when an assertion fails. */
    private static void keep(String target, Path reports) throws IOException {
        Path copy = Path.of("target", "it-reports", target.replaceAll("[^A-Za-z0-9.+,-]", "_") + "-" + System.currentTimeMillis());
        try (var files = Files.walk(reports)) {
            for (Path file : files.toList()) {
                Path to = copy.resolve(reports.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to);
                }
            }
        }
    }

}
