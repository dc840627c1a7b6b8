package dev.gjallarhorn.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.host.HostCommand;
import dev.gjallarhorn.target.SshEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LimactlShimTest {

    static final SshEndpoint ENDPOINT = new SshEndpoint("lima", "127.0.0.1", 32799);
    static final String HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl root@twin";

    @Test
    void itsSshConfigPinsTheHostKeyAndKnownHostsNameTheEndpoint(@TempDir Path dir) {
        String config = LimactlShim.sshConfig(ENDPOINT, dir.resolve("id"), dir.resolve("known_hosts"));
        assertThat(config).contains("Host lima-openclaw-sandbox", "HostName 127.0.0.1", "Port 32799", "User lima",
                "StrictHostKeyChecking yes", "UserKnownHostsFile \"" + dir.resolve("known_hosts") + "\"", "GlobalKnownHostsFile /dev/null");
        assertThat(config).doesNotContainIgnoringCase("StrictHostKeyChecking no");
        assertThat(LimactlShim.knownHosts(ENDPOINT, List.of(HOST_KEY, "", "junk")))
                .isEqualTo("[127.0.0.1]:32799 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n");
        assertThat(LimactlShim.knownHosts(new SshEndpoint("u", "10.0.0.5", 22), List.of(HOST_KEY))).startsWith("10.0.0.5 ssh-ed25519 ");
    }

    @Test
    void theShimAnswersAsLimactlForTheOneInstanceAndItsSshIsPinned(@TempDir Path dir) throws Exception {
        Path checkout = Files.createDirectories(dir.resolve("bilrost/scripts"));
        Path gate = Files.writeString(checkout.resolve("sync-gate.sh"), "#!/bin/sh\necho gate\n");
        Files.writeString(checkout.resolve("lib.sh"), "helpers\n");
        Path fakeSsh = Files.writeString(dir.resolve("fake-ssh"), "#!/bin/sh\nfor a in \"$@\"; do echo \"[$a]\"; done\n");
        Files.setPosixFilePermissions(fakeSsh, PosixFilePermissions.fromString("rwx------"));
        try (LimactlShim shim = LimactlShim.create("gjh-test", ENDPOINT, dir.resolve("id_rsa"), List.of(HOST_KEY), gate, fakeSsh)) {
            assertThat(shim.dir().getFileName().toString()).startsWith("gjh-test-sync-gate-");
            assertThat(shim.script()).hasContent("#!/bin/sh\necho gate");
            assertThat(shim.checkout().resolve("scripts/lib.sh")).exists();
            assertThat(Files.readString(shim.checkout().resolve("lima/openclaw-sandbox.generated.yaml")))
                    .contains("location: \"" + shim.hostCheckout() + "\"", "mountPoint: \"/mnt/openclaw\"");
            Map<String, String> env = shim.environment("/usr/bin:/bin", List.of(), Optional.empty());
            Path limactl = shim.dir().resolve("bin/limactl");

            assertThat(run(env, limactl, "list", "--json").output())
                    .startsWith("{\"name\":\"openclaw-sandbox\",\"status\":\"Running\"");
            assertThat(run(env, limactl, "show-ssh", "--format=config", "openclaw-sandbox").output()).contains("StrictHostKeyChecking yes");
            HostCommand.Result other = run(env, limactl, "show-ssh", "--format=config", "default");
            assertThat(other.exit()).isNotZero();
            assertThat(other.output()).contains("no instance 'default'");

            String shell = run(env, limactl, "shell", "openclaw-sandbox", "--", "cat", "/var/x y", "$(id)").output();
            assertThat(shell).contains("[StrictHostKeyChecking=yes]", "[UserKnownHostsFile=" + shim.dir().resolve("known_hosts") + "]",
                    "[lima-openclaw-sandbox]", "[ cat /var/x\\ y \\$\\(id\\)]");
            assertThat(shell.indexOf("[StrictHostKeyChecking=yes]")).as("the pin comes before anything the caller passes")
                    .isLessThan(shell.indexOf("[-F]"));
            assertThat(shim.environment("/usr/bin", List.of(Path.of("/opt/scan")), Optional.empty()))
                    .containsEntry("PATH", shim.dir().resolve("bin") + ":/opt/scan:/usr/bin")
                    .containsEntry("TMPDIR", shim.dir().resolve("tmp").toString());
            Path kept = shim.dir();
            shim.close();
            assertThat(kept).doesNotExist();
        }
    }

    @Test
    void aPathWithoutAProgramKeepsEverythingElseOfItsDirectory(@TempDir Path dir) throws Exception {
        Path tools = Files.createDirectories(dir.resolve("tools"));
        Files.writeString(tools.resolve("gitleaks"), "x");
        Files.writeString(tools.resolve("rsync"), "x");
        Path other = Files.createDirectories(dir.resolve("other"));
        String path = LimactlShim.pathWithout(other + ":" + tools, "gitleaks", dir.resolve("views"));
        String[] dirs = path.split(":");
        assertThat(dirs[0]).isEqualTo(other.toString());
        assertThat(Path.of(dirs[1])).isNotEqualTo(tools);
        assertThat(Path.of(dirs[1]).resolve("rsync")).isSymbolicLink();
        assertThat(Path.of(dirs[1]).resolve("gitleaks")).doesNotExist();
    }

    private static HostCommand.Result run(Map<String, String> env, Path program, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of(program.toString()));
        argv.addAll(List.of(args));
        return HostCommand.run(Duration.ofSeconds(10), null, env, argv);
    }
}
