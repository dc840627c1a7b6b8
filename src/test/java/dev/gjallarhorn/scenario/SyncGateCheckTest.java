package dev.gjallarhorn.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SyncGateCheckTest {

    static final String PROBE = SyncGateScenario.PROBE.text();

    @Test
    void theProbeRunsExactlyTheCandidatesThePartsNameInTheirOrder() {
        Matcher m = Pattern.compile("CANDIDATES=\"([^\"]*)\"").matcher(PROBE);
        assertThat(m.find()).isTrue();
        List<String> inScript = Arrays.stream(m.group(1).trim().split("\\s+")).toList();
        assertThat(inScript).containsExactlyElementsOf(SyncGateCheck.allCandidates());
    }

    @Test
    void everyCandidateAndTheControlHaveAStagingFunction() {
        for (String candidate : SyncGateCheck.allCandidates()) {
            assertThat(PROBE).as(candidate).contains("c_" + candidate.replace('-', '_') + "() {");
        }
        assertThat(PROBE).contains("c_control() {");
    }

    @Test
    void partNamesAreDistinctAndEveryCandidateDecidesOnePart() {
        assertThat(Arrays.stream(SyncGateCheck.values()).map(SyncGateCheck::part)).doesNotHaveDuplicates();
        assertThat(SyncGateCheck.allCandidates()).doesNotHaveDuplicates()
                .allSatisfy(c -> assertThat(SyncGateCheck.of(c)).isPresent());
    }

    @Test
    void aCandidateLineOfTheInVmProbeBecomesItsObservation() {
        ScriptOutput out = ScriptOutput.of(new dev.gjallarhorn.target.CommandResult(dev.gjallarhorn.target.Cmd.of("true"),
                java.util.OptionalInt.of(0), String.join("\n",
                "CANDIDATE compressed 0 yes ACCEPTED;",
                "CANDIDATE secret 1 no BLOCK (scan) (secret scanner: finding: x:github-pat:2);REFUSED;",
                "CANDIDATE exec-bit 0 executable ACCEPTED;",
                "CANDIDATE exec-bit 1 not-executable BLOCK docs/x (executable);REFUSED;",
                "CANDIDATE odd 0 maybe"), "", java.time.Duration.ZERO, false));
        List<ScriptOutput.Line> lines = out.all("CANDIDATE");
        assertThat(SyncGateScenario.observe(lines.get(0)).outcome()).isEqualTo(dev.gjallarhorn.probe.Outcome.SUCCEEDED);
        assertThat(SyncGateScenario.observe(lines.get(1)).outcome()).isEqualTo(dev.gjallarhorn.probe.Outcome.BLOCKED);
        assertThat(SyncGateScenario.observe(lines.get(1)).detail()).contains("gate exit 1").contains("github-pat");
        assertThat(SyncGateScenario.observe(lines.get(2)).outcome()).isEqualTo(dev.gjallarhorn.probe.Outcome.SUCCEEDED);
        assertThat(SyncGateScenario.observe(lines.get(3)).outcome()).isEqualTo(dev.gjallarhorn.probe.Outcome.BLOCKED);
        assertThat(SyncGateScenario.observe(lines.get(4)).reason()).contains(dev.gjallarhorn.probe.Reason.PROBE_ERROR);
    }
}
