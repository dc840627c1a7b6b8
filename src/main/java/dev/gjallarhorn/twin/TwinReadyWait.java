package dev.gjallarhorn.twin;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Ready means: provisioning wrote {@code ready} to {@code /run/bilrost-twin/state} and sshd answers with an
 * {@code SSH-2.0} banner on the mapped port. A failed provisioning step fails at once with its message.
 */
final class TwinReadyWait extends AbstractWaitStrategy {

    @Override
    protected void waitUntilReady() {
        Instant deadline = Instant.now().plus(startupTimeout);
        String state = "";
        while (Instant.now().isBefore(deadline)) {
            if (!waitStrategyTarget.isRunning()) {
                throw new ContainerLaunchException("the twin stopped while booting; last output: " + tail(waitStrategyTarget.getLogs()));
            }
            state = read("cat", "/run/bilrost-twin/state");
            if (state.startsWith("failed")) {
                throw new ContainerLaunchException("twin provisioning " + state + ": "
                        + tail(read("journalctl", "-u", "bilrost-twin-configure", "--no-pager", "-n", "20", "-o", "cat")));
            }
            if (state.equals("ready") && sshBanner()) {
                return;
            }
            sleep();
        }
        throw new ContainerLaunchException("the twin was not ready within " + startupTimeout.toSeconds() + " s (state: '"
                + state + "'); " + tail(read("journalctl", "-u", "bilrost-twin-configure", "--no-pager", "-n", "20", "-o", "cat")));
    }

    private String read(String... command) {
        try {
            ExecResult result = waitStrategyTarget.execInContainer(command);
            return result.getStdout().trim();
        } catch (Exception e) {
            return "";
        }
    }

    private boolean sshBanner() {
        int port = waitStrategyTarget.getMappedPort(22);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(2000);
            String banner = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return banner != null && banner.startsWith("SSH-2.0");
        } catch (Exception e) {
            return false;
        }
    }

    private static String tail(String text) {
        String flat = text.strip().replaceAll("\\s*\n\\s*", " | ");
        return flat.length() > 600 ? "…" + flat.substring(flat.length() - 600) : flat;
    }

    private static void sleep() {
        try {
            Thread.sleep(Duration.ofMillis(300).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerLaunchException("interrupted while waiting for the twin");
        }
    }
}
