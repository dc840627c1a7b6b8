package dev.gjallarhorn.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.ExitCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged tool as a user starts it: {@code java -D… -jar target/gjallarhorn.jar …}, in a clean environment,
 * so that it restarts itself for Testcontainers. Options must survive that restart.
 */
class CommandLineIT {

    record Result(int exit, String out, long millis) {
    }

    static Result jar(List<String> jvmOptions, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", Path.of("target/gjallarhorn.jar").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("TESTCONTAINERS_")); // as a user's shell has it
        long started = System.nanoTime();
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), out, (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    void systemPropertiesSurviveTheRestart() throws Exception {
        Result result = jar(List.of("-Dgjallarhorn.allowUnidentified=true", "-Dgjallarhorn.timeout.connect=30s"), "settings");
        assertThat(result.exit()).as(result.out()).isZero();
        assertThat(result.out()).contains("gjallarhorn.allowUnidentified = true  (-D)").contains("gjallarhorn.timeout.connect = 30s  (-D)");
    }

    @Test
    void aBadSettingEndsInOneLineAndItsExitWithinSeconds() throws Exception {
        Result result = jar(List.of("-Dgjallarhorn.timeout.connect=-5"), "target", "check", "ssh://lima@127.0.0.1:1");
        System.out.println("a bad setting took " + result.millis() + " ms to be refused");
        assertThat(result.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(result.out().strip().lines()).singleElement().asString()
                .startsWith("gjallarhorn: gjallarhorn.timeout.connect: '-5' is not a positive duration");
    }
}
