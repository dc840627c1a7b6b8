package dev.gjallarhorn.attack.containment;

import dev.gjallarhorn.probe.ScriptOutput;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sandbox-replica.sh state} run locally with stand-ins for systemctl, getent and docker (a "container" whose
 * binds have the same path inside as on the VM, so docker exec runs the command here): a bound openclaw.json, a mount
 * list docker exec must not eat, docker exec failing for a reason of its own, and no state directory at all.
 */
class SandboxReplicaStateScriptTest {

    @TempDir
    Path dir;

    private String state(String mounts, String execFails) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path home = dir.resolve("home");
        fake(bin, "systemctl", "echo gw");
        fake(bin, "getent", "echo \"gw:x:1000:1000::" + home + ":/bin/sh\"");
        fake(bin, "docker", """
                case "$1" in
                  inspect) printf '%b' "$FAKE_MOUNTS" ;;
                  exec)
                    shift
                    # the real client copies its stdin into the container when given -i
                    if [ "$1" = -i ]; then shift; cat >/dev/null; fi
                    shift
                    if [ -n "$FAKE_EXEC_FAILS" ]; then echo "$FAKE_EXEC_FAILS" >&2; exit 126; fi
                    "$@" ;;
                esac
                """);
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", SandboxConfig.SCRIPT.text(), "sandbox-replica", "state", "tok1", "box");
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("FAKE_MOUNTS", mounts.replace("HOME", home.toString()));
        pb.environment().put("FAKE_EXEC_FAILS", execFails);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static void fake(Path bin, String name, String body) throws Exception {
        Path f = bin.resolve(name);
        Files.writeString(f, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Path stateDir() throws Exception {
        Path state = Files.createDirectories(dir.resolve("home/.openclaw"));
        Files.writeString(state.resolve("openclaw.json"), "{}\n");
        return state;
    }

    @Test
    void aBoundConfigFileIsAWayInNotARefusal() throws Exception {
        Path state = stateDir();
        String out = state("HOME/.openclaw/openclaw.json\tHOME/.openclaw/openclaw.json\n", "");
        assertThat(out).contains("STATE-WRITE written " + state.resolve("openclaw.json")).doesNotContain("refused");
        assertThat(Files.readString(state.resolve("openclaw.json"))).isEqualTo("{}\n");
    }

    @Test
    void everyMountIsTriedNotOnlyTheFirst() throws Exception {
        Path state = stateDir();
        Files.createDirectories(state.resolve("skills"));
        String out = state("HOME/.openclaw/skills\tHOME/.openclaw/skills\nHOME/.openclaw\tHOME/.openclaw\n", "");
        assertThat(out.lines().filter(l -> l.startsWith("STATE-WRITE written")).toList()).hasSize(2);
        try (var left = Files.list(state)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).noneMatch(n -> n.startsWith(".gjh-"));
        }
    }

    @Test
    void dockerExecFailingIsNoRefusal() throws Exception {
        stateDir();
        String out = state("HOME/.openclaw\tHOME/.openclaw\n", "OCI runtime exec failed: exec: \"sh\": executable file not found in $PATH");
        assertThat(out).contains("STATE-WRITE failed").doesNotContain("STATE-WRITE refused");
        ScriptOutput parsed = ScriptOutput.of(new dev.gjallarhorn.remote.CommandResult(dev.gjallarhorn.remote.Cmd.of("true"),
                java.util.OptionalInt.of(0), out, "", java.time.Duration.ZERO, false));
        assertThat(SandboxJudge.gatewayState(parsed, "the sandbox")).allMatch(o -> o.outcome() == dev.gjallarhorn.probe.Outcome.COULD_NOT_RUN);
    }

    @Test
    void noStateDirectoryIsNoAnswer() throws Exception {
        String out = state("HOME/.openclaw\tHOME/.openclaw\n", "");
        assertThat(out).contains("STATE-NOT-RUN").doesNotContain("STATE-WRITE");
    }
}
