package dev.gjallarhorn.attack.containment;

import dev.gjallarhorn.probe.ScriptOutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sandbox-replica.sh} run locally with bash and jq against a config in a temporary home, with systemctl,
 * getent, docker, ip and ss replaced by stubs: which settings it reads and which {@code docker run} it builds.
 */
class SandboxReplicaScriptTest {

    @TempDir
    Path dir;
    Path home;
    Path dockerLog;

    @BeforeEach
    void stubs() throws Exception {
        assumeTrue(onPath("bash") && onPath("jq"), "bash and jq are needed to run the replica script");
        home = Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(home.resolve(".openclaw/workspace"));
        dockerLog = dir.resolve("docker.log");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        stub(bin, "systemctl", "echo openclaw");
        stub(bin, "getent", "echo \"openclaw:x:1000:1000::" + home + ":/bin/bash\"");
        stub(bin, "docker", "[ \"$1\" = run ] && printf '%s\\n' \"$@\" >>'" + dockerLog + "'; exit 0");
        stub(bin, "ip", "exit 0");
        stub(bin, "ss", "exit 0");
    }

    private static void stub(Path bin, String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static boolean onPath(String program) {
        return List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream().anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    private void config(String json) throws IOException {
        Files.writeString(home.resolve(".openclaw/openclaw.json"), json);
    }

    private String run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", "-s", "--"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        pb.redirectErrorStream(false);
        Process p = pb.start();
        p.getOutputStream().write(SandboxConfig.SCRIPT.text().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private SandboxConfig read() throws Exception {
        return SandboxConfig.parse(ScriptOutput.of(new CommandResult(Cmd.of("recorded"), OptionalInt.of(0), run("config"), "", Duration.ZERO, false)));
    }

    private List<String> dockerRun() throws Exception {
        assertThat(run("create", "t")).contains("CONTAINER t-sandbox");
        return Files.readAllLines(dockerLog);
    }

    @Test
    void readOnlyRootFalseStartsAWritableRoot() throws Exception {
        config("{\"agents\":{\"defaults\":{\"sandbox\":{\"mode\":\"all\",\"docker\":{\"readOnlyRoot\":false,\"user\":\"1000:1000\"}}}}}");
        assertThat(read().setting("READ-ONLY-ROOT")).isEqualTo("false");
        assertThat(dockerRun()).doesNotContain("--read-only").contains("--user", "1000:1000");
    }

    @Test
    void anUnsetReadOnlyRootTakesOpenClawsDefault() throws Exception {
        config("{\"agents\":{\"defaults\":{\"sandbox\":{\"mode\":\"all\"}}}}");
        assertThat(dockerRun()).contains("--read-only", "--cap-drop", "ALL", "--network", "none");
    }

    @Test
    void theModeIsReadAndDefaultsToOff() throws Exception {
        config("{\"agents\":{\"defaults\":{\"sandbox\":{\"mode\":\"off\"}}}}");
        assertThat(read().setting("MODE")).isEqualTo("off");
        config("{\"agents\":{\"defaults\":{}}}");
        SandboxConfig unset = read();
        assertThat(unset.setting("MODE")).isEqualTo("off");
        assertThat(unset.setting("SCOPE")).isEqualTo("agent");
    }

    @Test
    void theDefaultAgentsOwnSandboxOverridesTheDefaults() throws Exception {
        config("{\"agents\":{\"defaults\":{\"sandbox\":{\"mode\":\"all\",\"scope\":\"session\",\"docker\":{\"capDrop\":[\"ALL\"]}}},"
                + "\"list\":[{\"id\":\"main\",\"sandbox\":{\"mode\":\"off\",\"docker\":{\"capDrop\":[],\"seccompProfile\":\"unconfined\"}}}]}}");
        SandboxConfig config = read();
        assertThat(config.setting("MODE")).isEqualTo("off");
        assertThat(config.setting("CAP-DROP")).isEqualTo("-");
        assertThat(dockerRun()).doesNotContain("--cap-drop").contains("seccomp=unconfined");
    }

    @Test
    void anUnreadableConfigIsSaidSoAndNotDefaulted() throws Exception {
        config("{ this is not json");
        SandboxConfig config = read();
        assertThat(config.unread()).contains("openclaw.json");
        assertThat(config.unreadReason()).isEqualTo(Reason.PRECONDITION_UNMET);
        assertThat(config.setting("MODE")).isEmpty();
        assertThat(run("create", "t")).contains("CREATE-FAILED").doesNotContain("CONTAINER");
    }
}
