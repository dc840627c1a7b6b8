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
}
