package dev.gjallarhorn.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code claims} and {@code faults} in their own JVM, as a maintainer runs them, with Docker out of reach
 * ({@code DOCKER_HOST} pointing nowhere): they answer anyway, and say how long they took (printed, never asserted;
 * the README quotes it).
 */
class ClaimsCommandIT {

    static final Map<String, String> NO_DOCKER = Map.of("DOCKER_HOST", "tcp://127.0.0.1:9");

    @Test
    void claimsAndFaultsNeedNoDocker() throws Exception {
        for (String command : new String[] {"claims", "faults"}) {
            long started = System.nanoTime();
            Cli.Result result = Cli.run(NO_DOCKER, command);
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.println("[timing] java ... gjallarhorn " + command + " (own JVM, no Docker): " + millis + " ms");
            assertThat(result.exit()).as(command + ": " + result.err()).isZero();
            assertThat(result.out()).as(command).containsPattern(command.equals("claims") ? "^24 claims in " : "^\\d+ faults in ");
            assertThat(result.err()).as(command).doesNotContain("Docker").doesNotContain("Testcontainers");
        }
    }

    @Test
    void theRegisterChangeSummaryReachesStandardOutput(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path head = java.nio.file.Files.writeString(dir.resolve("head.md"), java.nio.file.Files.readString(
                java.nio.file.Path.of("scenarios/bilrost-threat-model.md")).replace("| 12 | Gap -- no rate limiting |", "| 12 | Mitigated (a limiter) |"));
        java.nio.file.Path reports = java.nio.file.Files.createDirectories(dir.resolve("reports"));
        java.nio.file.Files.writeString(reports.resolve("verdicts.json"), "{\"schema\":1,\"run\":{\"id\":\"gjh-it\"},\"claims\":[{\"id\":\"T-002\","
                + "\"claimed\":\"Mitigated\",\"verdict\":\"CONTRADICTED\",\"reason\":null,\"label\":\"CONTRADICTED\",\"observed\":\"all 20\"}]}");
        Cli.Result ids = Cli.run(NO_DOCKER, "register-change", "--base", "scenarios/bilrost-threat-model.md", "--threat-model", head.toString(), "--ids");
        assertThat(ids.out().strip()).as(ids.err()).isEqualTo("T-002");
        Cli.Result summary = Cli.run(NO_DOCKER, "register-change", "--base", "scenarios/bilrost-threat-model.md", "--threat-model", head.toString(),
                "--reports", reports.toString());
        assertThat(summary.exit()).as(summary.err()).isZero();
        assertThat(summary.out()).contains("| T-002 | status changed | Gap | Mitigated | **CONTRADICTED** | HOLDS |");
    }
}
