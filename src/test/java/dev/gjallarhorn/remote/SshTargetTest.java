package dev.gjallarhorn.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SSH target against an in-JVM SSH server (Apache MINA SSHD): commands, limits, and every way a connect fails. */
class SshTargetTest {

    static SshServer sshd;
    static KeyPair login = SshKeys.generateLoginKey();
    static String hostFingerprint;
    static String hostKeyLine;
    static final String USER = System.getProperty("user.name");

    @BeforeAll
    static void start() throws Exception {
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider();
        sshd.setKeyPairProvider(hostKeys);
        sshd.setPublickeyAuthenticator((user, key, session) -> key.equals(login.getPublic()));
        sshd.setCommandFactory(ProcessShellCommandFactory.INSTANCE);
        sshd.start();
        KeyPair host = hostKeys.loadKeys(null).iterator().next();
        hostFingerprint = SshKeys.sha256Fingerprint(host.getPublic());
        hostKeyLine = SshKeys.authorizedKeysLine(host.getPublic(), "host");
    }

    @AfterAll
    static void stop() throws Exception {
        sshd.stop(true);
    }

    static SshTarget connect() {
        return SshTarget.connect(endpoint(), SshIdentity.inMemory(login), HostKeyPin.fingerprint(hostFingerprint), Duration.ofSeconds(5));
    }

    static SshEndpoint endpoint() {
        return new SshEndpoint(USER, "127.0.0.1", sshd.getPort());
    }

    @Test
    void runsACommandAndKeepsItsExitStatusAndStreams() {
        try (SshTarget target = connect()) {
            CommandResult result = target.run(Cmd.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(10));
            assertThat(result.stdout()).isEqualTo("out\n");
            assertThat(result.stderr()).isEqualTo("err\n");
            assertThat(result.exitStatus()).hasValue(3);
            assertThat(result.succeeded()).isFalse();
        }
    }

    @Test
    void sendsAScriptOnStandardInput() {
        try (SshTarget target = connect()) {
            CommandResult result = target.run(Cmd.script(new RemoteScript("t.sh", "printf '%s|' \"$@\"\n"), "a b", "$(id)"), Duration.ofSeconds(10));
            assertThat(result.stdout()).isEqualTo("a b|$(id)|");
            assertThat(result.succeeded()).isTrue();
        }
    }

    @Test
    void aCommandThatOverrunsItsTimeoutEndsWithoutAnExitStatus() {
        try (SshTarget target = connect()) {
            long started = System.nanoTime();
            CommandResult result = target.run(Cmd.of("sleep", "20"), Duration.ofSeconds(1));
            assertThat(result.timedOut()).isTrue();
            assertThat(result.exitStatus()).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(target.run(Cmd.of("true"), Duration.ofSeconds(10)).succeeded()).as("the connection is still usable").isTrue();
        }
    }

    @Test
    void manyChannelsShareOneConnection() {
        try (SshTarget target = connect()) {
            List<CompletableFuture<CommandResult>> runs = IntStream.range(0, 16)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> target.run(Cmd.of("echo", "n" + i), Duration.ofSeconds(20)))).toList();
            assertThat(runs.stream().map(CompletableFuture::join).map(CommandResult::stdout))
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 16).mapToObj(i -> "n" + i + "\n").toList());
        }
    }

    @Test
    void aHostKeyThatDiffersFromThePinIsRefusedNamingBoth() {
        String wrong = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assertThatThrownBy(() -> SshTarget.connect(endpoint(), SshIdentity.inMemory(login), HostKeyPin.fingerprint(wrong), Duration.ofSeconds(5)))
                .isInstanceOf(HostKeyRejected.class)
                .hasMessageContaining(hostFingerprint)
                .hasMessageContaining(wrong);
    }

    @Test
    void aKnownHostsFileCanPinTheKey(@TempDir Path dir) throws Exception {
        String[] parts = hostKeyLine.split(" ");
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + sshd.getPort() + " " + parts[0] + " " + parts[1] + "\n");
        try (SshTarget target = SshTarget.connect(endpoint(), SshIdentity.inMemory(login), HostKeyPin.knownHosts(knownHosts), Duration.ofSeconds(5))) {
            assertThat(target.run(Cmd.of("true"), Duration.ofSeconds(5)).succeeded()).isTrue();
        }
        Path other = Files.writeString(dir.resolve("other"), "[127.0.0.1]:1 " + parts[0] + " " + parts[1] + "\n");
        assertThatThrownBy(() -> SshTarget.connect(endpoint(), SshIdentity.inMemory(login), HostKeyPin.knownHosts(other), Duration.ofSeconds(5)))
                .as("a host missing from known_hosts is refused, not trusted").isInstanceOf(HostKeyRejected.class);
    }

    @Test
    void aKeyTheServerDoesNotAcceptIsAuthenticationRejected() {
        KeyPair stranger = SshKeys.generateLoginKey();
        assertThatThrownBy(() -> SshTarget.connect(endpoint(), SshIdentity.inMemory(stranger), HostKeyPin.fingerprint(hostFingerprint), Duration.ofSeconds(5)))
                .isInstanceOf(AuthenticationRejected.class)
                .hasMessageContaining("refused");
    }

    @Test
    void aPortNobodyListensOnIsUnreachable() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        int port = closed;
        assertThatThrownBy(() -> SshTarget.connect(new SshEndpoint(USER, "127.0.0.1", port), SshIdentity.inMemory(login),
                HostKeyPin.fingerprint(hostFingerprint), Duration.ofSeconds(5)))
                .isInstanceOf(TargetUnreachable.class)
                .hasMessageStartingWith("cannot reach ssh://" + USER + "@127.0.0.1:" + port);
    }
}
