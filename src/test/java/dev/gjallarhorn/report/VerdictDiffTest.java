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
            "INCONCLUSIVE(timeout), INCONCLUSIVE(timeout), UNCHANGED",
            "INCONCLUSIVE(timeout), INCONCLUSIVE(oracle-blind), CHANGED",
            "HOLDS, HOLDS, UNCHANGED",
            "NOT_EXERCISED, NOT_EXERCISED, UNCHANGED",
            "HOLDS, STALE, CHANGED",
            "CONTRADICTED, NOT_EXERCISED, CHANGED"})
    void classifiesEveryMove(String before, String after, Direction expected) {
        assertThat(VerdictDiff.classify(before, after)).isEqualTo(expected);
    }

    static Path verdicts(Path dir, String name, String target, String... idLabel) throws Exception {
        StringBuilder claims = new StringBuilder();
        for (int i = 0; i < idLabel.length; i += 2) {
            claims.append(i == 0 ? "" : ",").append("{\"id\":\"").append(idLabel[i]).append("\",\"label\":\"").append(idLabel[i + 1]).append("\"}");
        }
        return Files.writeString(dir.resolve(name), "{\"run\":{\"id\":\"" + name + "\",\"target\":\"" + target + "\"},\"claims\":[" + claims + "]}");
    }

    @Test
    void comparesRunsOfTheSameTarget(@TempDir Path dir) throws Exception {
        Path before = verdicts(dir, "before.json", "lima:bilrost", "C-FIREWALL", "HOLDS", "T-003", "CONTRADICTED", "T-001", "HOLDS");
        Path after = verdicts(dir, "after.json", "lima:bilrost", "C-FIREWALL", "CONTRADICTED", "T-003", "HOLDS", "T-001", "HOLDS");
        VerdictDiff.Result result = VerdictDiff.compare(before, after).orElseThrow();
        assertThat(result.comparable()).isTrue();
        assertThat(result.with(Direction.NEW_REGRESSION)).extracting(VerdictDiff.Change::id).containsExactly("C-FIREWALL");
        assertThat(result.with(Direction.FIXED_SINCE_LAST)).extracting(VerdictDiff.Change::id).containsExactly("T-003");
        VerdictDiff.write(dir, result);
        assertThat(VerdictDiff.read(dir)).contains(result);
        assertThat(Files.readString(dir.resolve("diff.md"))).contains("| C-FIREWALL | HOLDS | CONTRADICTED | NEW_REGRESSION |");
    }

    @Test
    void aBaselineOfAnotherTargetIsNotCompared(@TempDir Path dir) throws Exception {
        Path before = verdicts(dir, "before.json", "twin:as-claimed", "C-FIREWALL", "HOLDS");
        Path after = verdicts(dir, "after.json", "twin", "C-FIREWALL", "CONTRADICTED");
        VerdictDiff.Result result = VerdictDiff.compare(before, after).orElseThrow();
        assertThat(result.comparable()).isFalse();
        assertThat(VerdictDiff.summary(result)).contains("not compared");
    }

    @Test
    void noBaselineNoDiff(@TempDir Path dir) throws Exception {
        assertThat(VerdictDiff.compare(dir.resolve("missing.json"), verdicts(dir, "after.json", "twin"))).isEmpty();
    }
}
