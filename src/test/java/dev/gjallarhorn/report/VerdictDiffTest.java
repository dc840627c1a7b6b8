package dev.gjallarhorn.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.report.VerdictDiff.Direction;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VerdictDiffTest {

    @ParameterizedTest(name = "{0} -> {1} is {2}")
    @CsvSource({
            "HOLDS, CONTRADICTED, NEW_REGRESSION",
            "NOT_EXERCISED, CONTRADICTED, NEW_REGRESSION",
            ", CONTRADICTED, NEW_REGRESSION",
            "INCONCLUSIVE(timeout), CONTRADICTED, NEW_REGRESSION",
            "CONTRADICTED, CONTRADICTED, STILL_CONTRADICTED",
            "CONTRADICTED, HOLDS, FIXED_SINCE_LAST",
            "CONTRADICTED, STALE, FIXED_SINCE_LAST",
            "HOLDS, INCONCLUSIVE(target-unreachable), NEWLY_INCONCLUSIVE",
            "CONTRADICTED, INCONCLUSIVE(timeout), NEWLY_INCONCLUSIVE",
            "INCONCLUSIVE(timeout), INCONCLUSIVE(timeout), STILL_INCONCLUSIVE",
            "INCONCLUSIVE(timeout), INCONCLUSIVE(oracle-blind), STILL_INCONCLUSIVE",
            "HOLDS, HOLDS, UNCHANGED",
            "NOT_EXERCISED, NOT_EXERCISED, UNCHANGED",
            "HOLDS, STALE, CHANGED",
            "CONTRADICTED, NOT_EXERCISED, CHANGED"})
    void classifiesEveryMove(String before, String after, Direction expected) {
        assertThat(VerdictDiff.classify(before, after)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} then {1} is {2}")
    @CsvSource({
            "HOLDS CONTRADICTED HOLDS, CONTRADICTED, FLAPPING",
            "CONTRADICTED HOLDS, CONTRADICTED, FLAPPING",
            "HOLDS HOLDS HOLDS, CONTRADICTED, NEW_REGRESSION",
            "HOLDS CONTRADICTED, HOLDS, FLAPPING",
            "CONTRADICTED CONTRADICTED, HOLDS, FIXED_SINCE_LAST"})
    void aClaimThatGoesBackAndForthIsFlapping(String earlier, String now, Direction expected) {
        java.util.List<String> recent = new java.util.ArrayList<>(java.util.List.of(earlier.split(" ")));
        String lastDecided = recent.get(recent.size() - 1);
        recent.add(now);
        assertThat(VerdictDiff.classify(lastDecided, now, 0, recent)).isEqualTo(expected);
    }

    @Test
    void aDiffIsWrittenAndReadBack(@TempDir Path dir) throws Exception {
        VerdictDiff.Result result = new VerdictDiff.Result(true, "lima:bilrost", "the last decided run", java.util.List.of(
                new VerdictDiff.Change("C-FIREWALL", "HOLDS", "CONTRADICTED", Direction.NEW_REGRESSION, 0, "gjh-1", "2026-11-01T00:00:00Z", "2026-10-01T00:00:00Z"),
                new VerdictDiff.Change("T-001", "HOLDS", "INCONCLUSIVE(timeout)", Direction.STILL_INCONCLUSIVE, 2, "gjh-1", "2026-11-01T00:00:00Z", "2026-10-01T00:00:00Z")),
                3, java.util.List.of());
        VerdictDiff.write(dir, result);
        assertThat(VerdictDiff.read(dir)).contains(result);
        assertThat(Files.readString(dir.resolve("diff.md"))).contains("| C-FIREWALL | HOLDS (2026-11-01T00:00:00Z) | CONTRADICTED | NEW_REGRESSION |");
        assertThat(result.regressions()).containsExactly("C-FIREWALL");
    }

    @Test
    void aDiffFileThatCannotBeReadIsOneLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("diff.json"), "{\"changes\":[{\"direction\":\"SIDEWAYS\"}]}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> VerdictDiff.read(dir))
                .isInstanceOf(dev.gjallarhorn.HarnessError.class).hasMessageContaining("diff.json cannot be read");
    }
}
