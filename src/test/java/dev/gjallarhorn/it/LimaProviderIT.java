package dev.gjallarhorn.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.run.RunSettings;
import dev.gjallarhorn.attack.egress.FirewallEgressScenario;
import dev.gjallarhorn.twin.Twin;
import dev.gjallarhorn.twin.TwinRecord;
import dev.gjallarhorn.verdict.Verdict;
import dev.gjallarhorn.verdict.VerdictKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code lima:} target with a stub {@code limactl} on PATH and instance files that point at a running
 * twin: find the ssh config, start a stopped instance, create one only when asked, pin the host key from
 * the serial console log, then attack through it.
 */
@SharedTwin
class LimaProviderIT {

    @TempDir
    Path dir;
    Path limaHome;
    Path state;
    Map<String, String> environment;

    @BeforeEach
    void stub() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path limactl = bin.resolve("limactl");
        try (var in = getClass().getResourceAsStream("/lima-stub/limactl")) {
            Files.copy(in, limactl, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(limactl, PosixFilePermissions.fromString("rwxr-xr-x"));
        limaHome = Files.createDirectories(dir.resolve("lima-home"));
        state = Files.createDirectories(dir.resolve("stub-state"));
        Files.createDirectories(state.resolve("instances"));
        Files.createFile(state.resolve("calls.log"));
        environment = new HashMap<>(System.getenv());
        environment.put("PATH", bin + ":" + System.getenv("PATH"));
        environment.put("LIMA_HOME", limaHome.toString());
        environment.put("STUB_STATE", state.toString());
    }

    /** The files Lima keeps for an instance: an ssh.config (pointing at the twin) and the serial console log. */
    void instanceFiles(Path into, String name, Twin twin, boolean withSerialLog) throws Exception {
        TwinRecord r = twin.record();
        Files.createDirectories(into);
        Files.writeString(into.resolve("ssh.config"), """
                Host lima-%s
                  IdentityFile "%s"
                  StrictHostKeyChecking no
                  UserKnownHostsFile /dev/null
                  Hostname 127.0.0.1
                  Port %d
                  User %s
                """.formatted(name, r.identityFile(), r.sshPort(), r.user()));
        if (withSerialLog) {
            Files.writeString(into.resolve("serial.log"), """
                    [   12.3] cloud-init[812]: Generating public/private ed25519 key pair.
                    <14>Nov 25 10:00:00 cloud-init: -----BEGIN SSH HOST KEY FINGERPRINTS-----
                    <14>Nov 25 10:00:00 cloud-init: 256 %s root@lima-stub (ED25519)
                    <14>Nov 25 10:00:00 cloud-init: -----END SSH HOST KEY FINGERPRINTS-----
                    """.formatted(r.hostKeyFingerprint()));
        }
    }

    RunSettings settings(String target, Twin twin, boolean create) {
        Properties p = new Properties();
        p.setProperty("gjallarhorn.home", System.getProperty("gjallarhorn.home"));
        p.setProperty("gjallarhorn.target", target);
        p.setProperty("gjallarhorn.reports", dir.resolve("reports").toString());
        // a real Lima VM reaches the host at 192.168.5.2; this stub instance is a twin, which reaches it at its gateway
        p.setProperty("gjallarhorn.canary.address", twin.hostAddress());
        p.setProperty("gjallarhorn.canary.bind", twin.hostAddress());
        if (create) {
            p.setProperty("gjallarhorn.lima.create", "true");
        }
        return RunSettings.from(p);
    }

    List<String> calls() throws Exception {
        return Files.readAllLines(state.resolve("calls.log"));
    }

    @Test
    void aStoppedInstanceIsStartedThenAttackedWithItsSerialLogPinningTheHostKey(Twin twin) throws Exception {
        instanceFiles(limaHome.resolve("bilrost"), "bilrost", twin, true);
        Files.writeString(state.resolve("instances/bilrost"), "Stopped\n");
        try (AttackRun run = AttackRun.open(settings("lima:bilrost", twin, false), environment)) {
            assertThat(run.failure()).isEmpty();
            assertThat(run.session().kind()).isEqualTo("lima:bilrost");
            Verdict verdict = run.record(new FirewallEgressScenario().evaluate(run));
            assertThat(verdict.kind()).as(verdict.why()).isEqualTo(VerdictKind.HOLDS);
        }
        assertThat(calls()).contains("start --tty=false bilrost");
        assertThat(calls()).noneMatch(c -> c.startsWith("create"));
    }

    @Test
    void aRunningInstanceIsNotStartedAgain(Twin twin) throws Exception {
        instanceFiles(limaHome.resolve("running"), "running", twin, true);
        Files.writeString(state.resolve("instances/running"), "Running\n");
        try (AttackRun run = AttackRun.open(settings("lima:running", twin, false), environment)) {
            assertThat(run.failure()).isEmpty();
        }
        assertThat(calls()).noneMatch(c -> c.startsWith("start"));
    }

    @Test
    void aMissingInstanceIsNotCreatedUnlessAskedTo(Twin twin) throws Exception {
        try (AttackRun run = AttackRun.open(settings("lima:ghost", twin, false), environment)) {
            assertThat(run.failure()).hasValueSatisfying(f -> {
                assertThat(f.exitCode()).isEqualTo(ExitCode.TARGET_UNREACHABLE);
                assertThat(f.getMessage()).contains("no Lima instance ghost").contains("-Dgjallarhorn.lima.create=true");
            });
        }
        assertThat(calls()).noneMatch(c -> c.startsWith("create"));
    }

    @Test
    void aMissingInstanceIsCreatedFromTheTemplateWhenAskedTo(Twin twin) throws Exception {
        instanceFiles(state.resolve("seed"), "fresh", twin, true);
        try (AttackRun run = AttackRun.open(settings("lima:fresh", twin, true), environment)) {
            assertThat(run.failure()).isEmpty();
        }
        Path template = Path.of(System.getProperty("gjallarhorn.home"), "lima/bilrost-twin.yaml").toAbsolutePath();
        assertThat(calls()).containsSubsequence("create --name=fresh --tty=false " + template, "start --tty=false fresh");
    }

    @Test
    void withoutASerialLogOrAPinTheHostKeyIsRefused(Twin twin) throws Exception {
        instanceFiles(limaHome.resolve("unpinned"), "unpinned", twin, false);
        Files.writeString(state.resolve("instances/unpinned"), "Running\n");
        try (AttackRun run = AttackRun.open(settings("lima:unpinned", twin, false), environment)) {
            assertThat(run.failure()).hasValueSatisfying(f -> {
                assertThat(f.exitCode()).isEqualTo(ExitCode.HOST_KEY_REJECTED);
                assertThat(f.getMessage()).contains("no host key to pin for lima:unpinned");
            });
        }
    }
}
