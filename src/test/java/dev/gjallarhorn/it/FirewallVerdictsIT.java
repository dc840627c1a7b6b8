package dev.gjallarhorn.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.attack.FirewallEgressAttack;
import dev.gjallarhorn.report.ExitPolicy;
import dev.gjallarhorn.twin.AirGap;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The C-FIREWALL attack end to end, as the attack suite runs it, on each twin that matters: the verdict,
 * the ports that got out, the JUnit outcome it maps to, the verdict file and the exit policy.
 */
class FirewallVerdictsIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void asProvisionedIsContradictedByHttpAndNtpLeavingTheVm(@TempDir Path reports) throws Exception {
        Attack attack = attack("twin:as-provisioned", reports);
        assertThat(attack.verdict()).isEqualTo("CONTRADICTED");
        attack.assertLeakedExactly("every identity: lima (also the service identity here), root, nobody",
                "tcp/80 as lima", "tcp/80 as nobody", "tcp/80 as root", "udp/123 as lima", "udp/123 as nobody", "udp/123 as root");
        assertThat(attack.failureMessage()).startsWith("CONTRADICTED: C-FIREWALL (claimed Exists)");
        assertThat(attack.exit()).isEqualTo(ExitCode.CLAIMS_FAILED);
        Path copy = Files.copy(Path.of("scenarios/bilrost-threat-model.md"), reports.resolve("bilrost-threat-model.md"));
        Process check = new ProcessBuilder("git", "apply", "--check", reports.resolve("register.patch").toString())
                .directory(copy.getParent().toFile()).redirectErrorStream(true).start();
        assertThat(check.waitFor()).as("register.patch applies to a copy of the input document: %s",
                new String(check.getInputStream().readAllBytes())).isZero();
    }

    @Test
    void asClaimedHolds(@TempDir Path reports) throws Exception {
        Attack attack = attack("twin:as-claimed", reports);
        assertThat(attack.verdict()).isEqualTo("HOLDS");
        assertThat(attack.leaked()).isEmpty();
        assertThat(attack.controls()).as("every allowlisted port reached the canary as every identity, so the oracle could see")
                .allMatch(outcome -> outcome.equals("SUCCEEDED")).hasSize(4 * 4);
        assertThat(attack.claim().path("parts").toString()).as("ICMP and a sampled protocol were sent, and each counter control counted")
                .contains("icmp echo-request (8/0) as root", "the host's packet counter sees");
        for (JsonNode part : attack.claim().path("parts")) {
            assertThat(part.path("verdict").asText()).as(part.path("name").asText()).isIn("HOLDS", "NOTED");
        }
        assertThat(Files.readString(reports.resolve("evidence/C-FIREWALL/egress-matrix.txt"))).contains("ports derived from the ruleset:", "random sample: ", "seed ", "destination-specific ACCEPTs:",
                "100.64.0.0/10: a canary can stand there: no; allowlisted", "identities: lima, root, openclaw, nobody");
        assertThat(attack.failureMessage()).isNull();
        assertThat(attack.exit()).isEqualTo(ExitCode.OK);
    }

    @Test
    void aPortOpenedWithPlainIptablesFlipsAsClaimed(@TempDir Path reports) throws Exception {
        Attack attack = attack("twin:as-claimed+iptables-allow-out-25", reports);
        assertThat(attack.verdict()).isEqualTo("CONTRADICTED");
        attack.assertLeakedExactly("every identity", "tcp/25 as lima", "tcp/25 as nobody", "tcp/25 as openclaw", "tcp/25 as root");
    }

    @Test
    void anExtraUfwRuleFlipsAsClaimed(@TempDir Path reports) throws Exception {
        Attack attack = attack("twin:as-claimed+ufw-allow-out-8080", reports);
        assertThat(attack.verdict()).isEqualTo("CONTRADICTED");
        attack.assertLeakedExactly("every identity", "tcp/8080 as lima", "tcp/8080 as nobody", "tcp/8080 as openclaw", "tcp/8080 as root");
    }

    @Test
    void icmpOutOfBeforeRulesAndASourcePortAcceptFlipAsClaimed(@TempDir Path reports) throws Exception {
        Attack attack = attack("twin:as-claimed+icmp-out-before-rules,udp-sport-53-out", reports);
        assertThat(attack.verdict()).isEqualTo("CONTRADICTED");
        List<String> protocols = new ArrayList<>();
        List<String> ports = new ArrayList<>();
        for (JsonNode part : attack.claim().path("parts")) {
            for (JsonNode o : part.path("observations")) {
                if (o.path("outcome").asText().equals("SUCCEEDED") && part.path("role").asText().equals("CLAIM")) {
                    (part.path("name").asText().contains("other IP protocols") ? protocols : ports).add(o.path("subject").asText());
                }
            }
        }
        assertThat(protocols).as("ICMP, which no TCP/UDP port matrix sends").contains("icmp echo-request (8/0) as root");
        assertThat(ports).as("a datagram from source port 53 to a port the allowlist does not have")
                .anyMatch(s -> s.matches("udp from source port 53 to \\d+ as root"));
        String matrix = Files.readString(reports.resolve("evidence/C-FIREWALL/egress-matrix.txt"));
        assertThat(matrix).contains("scope of the claim, dimension by dimension", "-A ufw-before-output -p icmp -j ACCEPT",
                "udp/53 to a sampled port <- ");
    }

    record Attack(JsonNode claim, String failureMessage, ExitCode exit) {
        String verdict() {
            return claim.path("verdict").asText();
        }

        Set<String> leaked() {
            Set<String> leaked = new TreeSet<>();
            for (JsonNode o : part("CLAIM").path("observations")) {
                if (o.path("outcome").asText().equals("SUCCEEDED")) {
                    leaked.add(o.path("subject").asText().replaceAll(" \\(.*\\)", ""));
                }
            }
            return leaked;
        }

        /**
         * What got out is exactly {@code expected}, except that on a busy machine an attempt may run out of its bound:
         * such an attempt must then be COULD_NOT_RUN(timeout) (never BLOCKED), and at least one must have got out.
         */
        void assertLeakedExactly(String why, String... expected) {
            Set<String> leaked = leaked();
            assertThat(leaked).as(why + ": nothing got out that should not have").isSubsetOf(expected).isNotEmpty();
            for (String subject : expected) {
                if (!leaked.contains(subject)) {
                    assertThat(outcomeOf(subject)).as(why + ": " + subject + " did not get out, so its bound must have run out")
                            .isEqualTo("COULD_NOT_RUN(timeout)");
                }
            }
        }

        private String outcomeOf(String subject) {
            for (JsonNode o : part("CLAIM").path("observations")) {
                if (o.path("subject").asText().replaceAll(" \\(.*\\)", "").equals(subject)) {
                    return o.path("outcome").asText() + (o.path("reason").isMissingNode() || o.path("reason").isNull()
                            || o.path("reason").asText().isEmpty() ? "" : "(" + o.path("reason").asText() + ")");
                }
            }
            return "not attempted";
        }

        List<String> controls() {
            List<String> outcomes = new ArrayList<>();
            part("CONTROL").path("observations").forEach(o -> outcomes.add(o.path("outcome").asText()));
            return outcomes;
        }

        private JsonNode part(String role) {
            for (JsonNode part : claim.path("parts")) {
                if (part.path("role").asText().equals(role)) {
                    return part;
                }
            }
            throw new AssertionError("no " + role + " part in " + claim);
        }
    }

    static Attack attack(String target, Path reports) throws Exception {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("gjallarhorn.target", target).configurationParameter("gjallarhorn.reports", reports.toString())
                .selectors(selectClass(FirewallEgressAttack.class)).execute();
        assertThat(results.testEvents().started().count()).isEqualTo(1);
        String failure = results.testEvents().failed().stream().findFirst()
                .flatMap(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class))
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                .map(t -> {
                    assertThat(t).as("a contradiction is an assertion failure, not an error").isInstanceOf(AssertionError.class);
                    return t.getMessage();
                }).orElse(null);
        JsonNode verdicts = JSON.readTree(reports.resolve("verdicts.json").toFile());
        assertThat(verdicts.path("claims")).as("every claim of the document is in the report").hasSize(24);
        JsonNode claim = null;
        for (JsonNode c : verdicts.path("claims")) {
            if (c.path("id").asText().equals("C-FIREWALL")) {
                claim = c;
            } else {
                assertThat(c.path("verdict").asText()).isEqualTo("NOT_EXERCISED");
            }
        }
        assertThat(claim).isNotNull();
        String matrix = Files.readString(reports.resolve("evidence/C-FIREWALL/egress-matrix.txt"));
        assertThat(matrix).contains("C-FIREWALL egress matrix");
        assertThat(claim.path("evidence").toString()).as("the ruleset the ports came from is evidence too").contains("evidence/surface/firewall.txt");
        JsonNode hygiene = JSON.readTree(reports.resolve("run.json").toFile()).path("hygiene");
        assertThat(hygiene.path("secretsLearned").asInt()).as("the twin's canary secrets were learned from its secrets.env").isGreaterThanOrEqualTo(7);
        assertThat(hygiene.path("leaks")).as("no report holds one of them").isEmpty();
        assertThat(Files.readString(reports.resolve("verdicts.md"))).contains("| C-FIREWALL | Firewall |");
        assertThat(Files.exists(reports.resolve("register.patch")))
                .as("a patch exactly when the claim is contradicted").isEqualTo(claim.path("verdict").asText().equals("CONTRADICTED"));
        // other tests' twins may run side by side: no rule may be left for a bridge that is gone
        // (another twin's network may be between its removal and its rule's removal: a leftover is one that stays)
        org.awaitility.Awaitility.await("the run removed its twin's air-gap rule with its network")
                .atMost(java.time.Duration.ofSeconds(20)).pollInterval(java.time.Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(AirGap.bridgesWithRules())
                        .allSatisfy(bridge -> assertThat(Path.of("/sys/class/net", bridge)).exists()));
        ExitPolicy.Outcome outcome = ExitPolicy.apply(reports, false, new PrintWriter(new StringWriter()));
        return new Attack(claim, failure, outcome.exit());
    }

}
