package dev.gjallarhorn.twin;

import dev.gjallarhorn.host.HostCommand;
import dev.gjallarhorn.host.Progress;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Makes sure a Docker engine answers before anything asks Testcontainers for one. On a fresh Debian
 * machine run as root it installs {@code docker.io} and starts {@code dockerd}; where it cannot, it says in
 * one line what to run.
 */
public final class DockerEngine {

    private static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");
    private static final Path DAEMON_LOG = Path.of("/var/log/gjallarhorn-dockerd.log");
    private static volatile boolean checked;

    private DockerEngine() {
    }

    public static synchronized void ensureAvailable() {
        if (checked) {
            return;
        }
        Path socket = socket();
        if (socket == null || answers(socket)) {
            checked = true; // a remote DOCKER_HOST is the user's business; Testcontainers will say if it fails
            return;
        }
        if (!HostCommand.isRoot()) {
            throw new TwinUnavailable("no Docker engine answers on " + socket
                    + "; start one (e.g. sudo apt-get install docker.io && sudo dockerd &) or run as root so gjallarhorn can");
        }
        if (!HostCommand.onPath("dockerd")) {
            install();
        }
        start(socket);
        checked = true;
    }

    private static void install() {
        dev.gjallarhorn.host.HostPackages.ensure("docker.io", "dockerd");
    }

    private static void start(Path socket) {
        Progress.Step step = Progress.step("starting the Docker engine");
        if (Files.isDirectory(Path.of("/run/systemd/system"))) {
            HostCommand.run(Duration.ofMinutes(2), "systemctl", "start", "docker");
        } else {
            // no systemd here: a detached dockerd that outlives this JVM, as the machine's engine
            HostCommand.run(Duration.ofSeconds(10), "sh", "-c",
                    "setsid nohup dockerd >>" + DAEMON_LOG + " 2>&1 </dev/null &");
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (answers(socket)) {
                step.done("Docker engine is up");
                return;
            }
            sleep(Duration.ofMillis(500));
        }
        throw new TwinUnavailable("started dockerd but it did not answer on " + socket + " within 60 s; see " + DAEMON_LOG);
    }

    /** The engine's Unix socket from DOCKER_HOST, or the default; null for a non-Unix DOCKER_HOST. */
    private static Path socket() {
        String host = System.getenv("DOCKER_HOST");
        if (host == null || host.isBlank()) {
            return DEFAULT_SOCKET;
        }
        return host.startsWith("unix://") ? Path.of(host.substring("unix://".length())) : null;
    }

    static boolean answers(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(512);
            channel.read(buffer);
            String answer = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
            return answer.startsWith("HTTP/1.") && answer.contains(" 200 ");
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TwinUnavailable("interrupted while waiting for the Docker engine");
        }
    }
}
