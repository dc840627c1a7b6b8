package dev.gjallarhorn.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.report.ExitPolicy;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.run.RunSettings;
import dev.gjallarhorn.remote.SshKeys;
import dev.gjallarhorn.twin.Twin;
import dev.gjallarhorn.twin.TwinRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a user meets a target that will not be attacked: one clear line and a distinct exit code, never a
 * stack trace. Checked with the command line tool in its own JVM, against a running twin.
 */
@SharedTwin
class TargetErrorsIT {

    @Test
    void aGoodTargetIsReachedAndIdentified(Twin twin) throws Exception {
        TwinRecord r = twin.record();
        Cli.Result result = Cli.run("target", "check", r.sshUri(), "--identity", r.identityFile(), "--host-key", r.hostKeyFingerprint());
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("reached:  " + r.sshUri()).contains("bilrost:  /etc/openclaw");
    }

    @Test
    void aWrongKeyIsAuthenticationRejected(Twin twin, @TempDir Path dir) throws Exception {
        Path stranger = Files.writeString(dir.resolve("stranger"), SshKeys.privateKeyPem(SshKeys.generateLoginKey()));
        TwinRecord r = twin.record();
        assertOneLine(Cli.run("target", "check", r.sshUri(), "--identity", stranger.toString(), "--host-key", r.hostKeyFingerprint()),
                ExitCode.AUTHENTICATION_REJECTED, "refused key " + stranger);
    }

    @Test
    void aHostKeyMismatchIsRefused(Twin twin) throws Exception {
        TwinRecord r = twin.record();
        assertOneLine(Cli.run("target", "check", r.sshUri(), "--identity", r.identityFile(), "--host-key",
                "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), ExitCode.HOST_KEY_REJECTED, "does not match the pinned fingerprint");
    }

    @Test
    void anSshTargetWithoutAPinnedHostKeyIsRefused(Twin twin) throws Exception {
        TwinRecord r = twin.record();
        assertOneLine(Cli.run("target", "check", r.sshUri(), "--identity", r.identityFile()), ExitCode.HOST_KEY_REJECTED, "no host key pinned");
    }

    @Test
    void aClosedPortIsUnreachable(Twin twin) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        TwinRecord r = twin.record();
        assertOneLine(Cli.run("target", "check", "ssh://lima@127.0.0.1:" + closed, "--identity", r.identityFile(), "--host-key",
                r.hostKeyFingerprint()), ExitCode.TARGET_UNREACHABLE, "cannot reach ssh://lima@127.0.0.1:" + closed);
    }

    @Test
    void aTargetNobodyCanReadIsAUsageError() throws Exception {
        assertOneLine(Cli.run("target", "check", "vm:nowhere"), ExitCode.USAGE, "unknown target 'vm:nowhere'");
    }

    @Test
    void anAttackRunOnAnUnreachableTargetEndsWithThatErrorAndItsCode(Twin twin, @TempDir Path reports) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Properties p = new Properties();
        p.setProperty("gjallarhorn.home", System.getProperty("gjallarhorn.home"));
        p.setProperty("gjallarhorn.target", "ssh://lima@127.0.0.1:" + closed);
        p.setProperty("gjallarhorn.ssh.identity", twin.record().identityFile());
        p.setProperty("gjallarhorn.ssh.hostKeyFingerprint", twin.record().hostKeyFingerprint());
        p.setProperty("gjallarhorn.reports", reports.toString());
        try (AttackRun run = AttackRun.open(RunSettings.from(p))) {
            assertThat(run.failure()).hasValueSatisfying(f -> assertThat(f.exitCode()).isEqualTo(ExitCode.TARGET_UNREACHABLE));
        }
        ExitPolicy.Outcome outcome = ExitPolicy.apply(reports, false, new PrintWriter(new StringWriter()));
        assertThat(outcome.exit()).isEqualTo(ExitCode.TARGET_UNREACHABLE);
        assertThat(outcome.line()).startsWith("cannot reach ssh://lima@127.0.0.1:" + closed);
        Cli.Result gate = Cli.run("gate", "--reports", reports.toString());
        assertOneLine(gate, ExitCode.TARGET_UNREACHABLE, "cannot reach ssh://lima@127.0.0.1:" + closed);
    }

    private static void assertOneLine(Cli.Result result, ExitCode expected, String contains) {
        assertThat(result.exit()).as("exit code; stderr: %s", result.err()).isEqualTo(expected.code());
        assertThat(result.err().strip().lines()).as("one line on stderr").hasSize(1)
                .first().asString().startsWith("gjallarhorn: ").contains(contains);
        assertThat(result.err() + result.out()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
    }
}
