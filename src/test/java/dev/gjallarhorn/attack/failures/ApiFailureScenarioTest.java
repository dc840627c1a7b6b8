package dev.gjallarhorn.attack.failures;

import dev.gjallarhorn.attack.agent.AgentChannel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.verdict.PartEvaluation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiFailureScenarioTest {

    static final Instant T = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void onlyAModelEndpointOtherThanTheDoubleItselfIsAGuard() {
        assertThat(ApiFailureProbe.modelPathGuard("http://127.0.0.1:" + AgentChannel.LLM_PORT + "/v1")).isEmpty();
        assertThat(ApiFailureProbe.modelPathGuard("http://127.0.0.1:" + AgentChannel.LLM_PORT)).as("no path after the port").isEmpty();
        assertThat(ApiFailureProbe.modelPathGuard("http://localhost:" + AgentChannel.LLM_PORT + "/")).isEmpty();
        assertThat(ApiFailureProbe.modelPathGuard("http://127.0.0.1:28090/v1")).hasValueSatisfying(why -> assertThat(why).contains("28090"));
        assertThat(ApiFailureProbe.modelPathGuard("(built-in provider)")).hasValueSatisfying(why -> assertThat(why).contains("built-in provider"));
    }

    /**
     * Issue 25: with the model path guarded but the Bot API's failures provoked and met, T-010's part (the Bot API)
     * is decided and never names the model path; T-003's part says the model API's failures were not provoked, and why.
     */
    @Test
    void eachUndecidedPartNamesItsOwnMissingPrecondition() {
        String guard = ApiFailureProbe.modelPathGuard("http://127.0.0.1:28090/v1").orElseThrow();
        List<ApiFailureScenario.Phase> phases = List.of(
                new ApiFailureScenario.Phase("a 502 from the Bot API", T, T.plusSeconds(6), "3 Bot API call(s) failed (getUpdates)",
                        Observation.blocked("recovery after a 502", "a normal turn completed 2 s after the failure ended"), true, true),
                new ApiFailureScenario.Phase("a cut stream from the model", T.plusSeconds(7), T.plusSeconds(7), "not provoked",
                        Observation.couldNotRun("recovery after a cut stream", Reason.PRECONDITION_UNMET, guard), false, false));
        ApiFailureScenario.ApiFailureFindings f = new ApiFailureScenario.ApiFailureFindings(T, Duration.ofSeconds(60), null, phases, List.of(),
                List.of("journald the journal since @1"), Path.of("evidence/T-003/api-failures.txt"), guard);

        PartEvaluation botToken = ApiFailureJudging.botTokenPart(f);
        assertThat(botToken.observations()).extracting(Observation::outcome).containsOnly(Outcome.BLOCKED);
        assertThat(botToken.observations()).noneMatch(o -> o.detail().contains("LLM double") || o.detail().contains("model endpoint"));

        PartEvaluation logs = ApiFailureJudging.logsPart(f, Outcome.BLOCKED);
        assertThat(logs.observations()).anySatisfy(o -> {
            assertThat(o.reason()).contains(Reason.PRECONDITION_UNMET);
            assertThat(o.subject()).contains("model API");
            assertThat(o.detail()).contains("model API's failures were not provoked").contains("28090");
        });
        assertThat(logs.observations()).anyMatch(o -> o.outcome() == Outcome.BLOCKED);
    }

    @Test
    void withNoFailureProvokedEveryPartSaysWhyOnce() {
        ApiFailureScenario.ApiFailureFindings f = new ApiFailureScenario.ApiFailureFindings(T, Duration.ZERO, "the config allowlists no sender to write during the phases",
                List.of(), List.of(), List.of(), Path.of("x"), null);
        assertThat(ApiFailureJudging.botTokenPart(f).observations()).singleElement()
                .satisfies(o -> assertThat(o.detail()).isEqualTo("the config allowlists no sender to write during the phases"));
        assertThat(ApiFailureJudging.logsPart(f, Outcome.BLOCKED).observations()).hasSize(1);
    }
}
