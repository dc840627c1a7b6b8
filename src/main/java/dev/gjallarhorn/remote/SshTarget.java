package dev.gjallarhorn.remote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.userauth.UserAuthException;

/** A target reached over one SSH connection (sshj); every command gets its own session channel. */
public final class SshTarget implements Target {

    private static final int MAX_CAPTURE = 4 * 1024 * 1024;
    /**
     * Commands in flight at once on the one connection. OpenSSH allows 10 sessions per connection by default
     * (MaxSessions); attacks run side by side, so the rest wait for a free channel within their own timeout.
     */
    static final int CHANNELS = 8;

    private final java.util.concurrent.Semaphore channels = new java.util.concurrent.Semaphore(CHANNELS, true);

    private final SSHClient client;
    private final SshEndpoint endpoint;
    private final ExecutorService streams = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "ssh-stream");
        thread.setDaemon(true);
        return thread;
    });

    private final String hostKey;

    private SshTarget(SSHClient client, SshEndpoint endpoint, String hostKey) {
        this.client = client;
        this.endpoint = endpoint;
        this.hostKey = hostKey;
    }

    /** The fingerprint ({@code SHA256:…}) of the host key this connection verified against the pin: which machine this is. */
    public String hostKey() {
        return hostKey;
    }

    /**
     * Connects and logs in, or throws a {@link dev.gjallarhorn.HarnessError} whose message is one line:
     * {@link TargetUnreachable}, {@link HostKeyRejected} or {@link AuthenticationRejected}.
     */
    public static SshTarget connect(SshEndpoint endpoint, SshIdentity identity, HostKeyPin pin, Duration connectTimeout) {
        DefaultConfig config = new DefaultConfig();
        config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        SSHClient client = new SSHClient(config);
        PinVerifier verifier = new PinVerifier(pin);
        client.addHostKeyVerifier(verifier);
        client.setConnectTimeout((int) connectTimeout.toMillis());
        client.getConnection().getKeepAlive().setKeepAliveInterval(10);
        try {
            client.connect(endpoint.host(), endpoint.port());
        } catch (TransportException e) {
            closeQuietly(client);
            if (e.getDisconnectReason() == DisconnectReason.HOST_KEY_NOT_VERIFIABLE || verifier.refused.get() != null) {
                throw new HostKeyRejected("host key of " + endpoint + " is " + verifier.refused.get()
                        + ", which does not match the " + pin.describe(), e);
            }
            throw new TargetUnreachable("cannot reach " + endpoint + ": " + oneLine(e), e);
        } catch (ConnectException | NoRouteToHostException | SocketTimeoutException | UnknownHostException e) {
            closeQuietly(client);
            throw new TargetUnreachable("cannot reach " + endpoint + ": " + describeConnectFailure(e), e);
        } catch (IOException e) {
            closeQuietly(client);
            throw new TargetUnreachable("cannot reach " + endpoint + ": " + oneLine(e), e);
        }
        try {
            client.authPublickey(endpoint.user(), identity.keyProvider(client));
        } catch (UserAuthException e) {
            closeQuietly(client);
            throw new AuthenticationRejected(endpoint + " refused " + identity.describe() + " for user " + endpoint.user(), e);
        } catch (IOException e) {
            closeQuietly(client);
            throw new TargetUnreachable("lost " + endpoint + " while logging in: " + oneLine(e), e);
        }
        return new SshTarget(client, endpoint, verifier.accepted.get());
    }

    /**
     * {@inheritDoc} Safe to call from several threads: each command has its own channel, at most {@value #CHANNELS}
     * at once; waiting for a free channel counts against the command's timeout.
     */
    @Override
    public CommandResult run(Cmd cmd, Duration timeout) {
        long started = System.nanoTime();
        try {
            if (!channels.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return new CommandResult(cmd, OptionalInt.empty(), "", "no free channel on the connection within " + timeout.toSeconds() + " s",
                        Duration.ofNanos(System.nanoTime() - started), true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetUnreachable("interrupted while waiting for a channel to " + endpoint, e);
        }
        try {
            return runOnChannel(cmd, timeout, started);
        } finally {
            channels.release();
        }
    }

    private CommandResult runOnChannel(Cmd cmd, Duration timeout, long started) {
        try (Session session = client.startSession()) {
            Session.Command command = session.exec(cmd.render());
            Future<byte[]> out = streams.submit(() -> drain(command.getInputStream()));
            Future<byte[]> err = streams.submit(() -> drain(command.getErrorStream()));
            sendStdin(command, cmd);
            boolean timedOut = false;
            byte[] stdout = new byte[0];
            byte[] stderr = new byte[0];
            long deadline = started + timeout.toNanos();
            try {
                stdout = out.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                stderr = err.get(Math.max(0, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                timedOut = true;
                signalQuietly(command);
            }
            OptionalInt status = OptionalInt.empty();
            if (!timedOut) {
                command.join(5, TimeUnit.SECONDS);
                Integer exit = command.getExitStatus();
                status = exit == null ? OptionalInt.empty() : OptionalInt.of(exit);
            }
            command.close();
            return new CommandResult(cmd, status, utf8(stdout), utf8(stderr), Duration.ofNanos(System.nanoTime() - started), timedOut);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetUnreachable("interrupted while running " + cmd + " on " + endpoint, e);
        } catch (ExecutionException | IOException e) {
            if (!client.isConnected()) {
                throw new TargetUnreachable("lost the connection to " + endpoint + " while running " + cmd, e);
            }
            throw new TargetUnreachable("could not run " + cmd + " on " + endpoint + ": " + oneLine(e), e);
        }
    }

    /** The client, for port forwards that must ride on the one connection of the run. */
    public SSHClient client() {
        return client;
    }

    @Override
    public String describe() {
        return endpoint.uri();
    }

    @Override
    public String user() {
        return endpoint.user();
    }

    public SshEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        streams.shutdownNow();
        closeQuietly(client);
    }

    /**
     * Sends the command's standard input and then EOF. A command that has already exited may have closed
     * its side; what it did is then told by its exit status and output, not by this write.
     */
    private static void sendStdin(Session.Command command, Cmd cmd) {
        OutputStream stdin = command.getOutputStream();
        try {
            if (cmd.hasStdin()) {
                stdin.write(cmd.stdin());
                stdin.flush();
            }
            stdin.close();
        } catch (IOException alreadyExited) {
            // see above
        }
    }

    private static byte[] drain(InputStream in) throws IOException {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
            int room = MAX_CAPTURE - kept.size();
            if (room > 0) {
                kept.write(buffer, 0, Math.min(room, n));
            }
        }
        return kept.toByteArray();
    }

    private static void signalQuietly(Session.Command command) {
        try {
            command.signal(Signal.KILL);
        } catch (TransportException ignored) {
            // the channel is closed right after; a server that ignores signals still loses its streams
        }
    }

    private static void closeQuietly(SSHClient client) {
        try {
            client.disconnect();
        } catch (IOException ignored) {
            // nothing to do: we are giving the connection up anyway
        }
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String describeConnectFailure(IOException e) {
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e instanceof SocketTimeoutException) {
            return "no answer (timed out)";
        }
        return oneLine(e);
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }

    /** Checks the offered key against the pin and remembers a refused key's fingerprint for the error. */
    private static final class PinVerifier implements HostKeyVerifier {
        private final HostKeyPin pin;
        private final AtomicReference<String> refused = new AtomicReference<>();
        private final AtomicReference<String> accepted = new AtomicReference<>();

        PinVerifier(HostKeyPin pin) {
            this.pin = pin;
        }

        @Override
        public boolean verify(String hostname, int port, PublicKey key) {
            if (pin.accepts(hostname, port, key)) {
                accepted.set(SshKeys.sha256Fingerprint(key));
                return true;
            }
            refused.set(SshKeys.sha256Fingerprint(key));
            return false;
        }

        @Override
        public List<String> findExistingAlgorithms(String hostname, int port) {
            return pin instanceof HostKeyPin.KnownHosts knownHosts ? knownHosts.algorithms(hostname, port) : List.of();
        }
    }
}
