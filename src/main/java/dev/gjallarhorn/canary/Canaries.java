package dev.gjallarhorn.canary;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The harness's own listeners on this host, one per port under test. They record every connection and
 * datagram they get, so "the packet left the target" is observed here rather than guessed there.
 *
 * <p>They bind to one address of this host ({@code bind}); the target reaches them at {@code advertised}
 * (the same address for a twin: its network's gateway; {@code 192.168.5.2} for a Lima VM, whose
 * user-mode network maps that address to the host's loopback, where the canaries then bind).
 */
public final class Canaries implements AutoCloseable {

    private static final int MAX_TOKEN = 128;

    private final InetAddress bind;
    private final InetAddress advertised;
    private final Map<CanaryPort, AutoCloseable> listeners = new LinkedHashMap<>();
    private final Map<CanaryPort, String> unavailable = new LinkedHashMap<>();
    private final Map<CanaryPort, CanaryPort> actual = new LinkedHashMap<>();
    private final List<CanaryHit> hits = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "canary");
        t.setDaemon(true);
        return t;
    });

    private Canaries(InetAddress bind, InetAddress advertised) {
        this.bind = bind;
        this.advertised = advertised;
    }

    /**
     * Opens a listener on every port. A port that cannot be bound (in use, not permitted) is recorded as
     * unavailable with the reason, not thrown: probes towards it then say they could not run. Port 0 asks
     * for any free port; {@link #resolve(CanaryPort)} gives the one chosen.
     */
    public static Canaries open(InetAddress bind, InetAddress advertised, Collection<CanaryPort> ports) {
        Canaries canaries = new Canaries(bind, advertised);
        for (CanaryPort port : ports) {
            canaries.listen(port);
        }
        return canaries;
    }

    public InetAddress advertised() {
        return advertised;
    }

    public InetAddress bindAddress() {
        return bind;
    }

    /** The port actually listened on for a requested one (differs only for port 0). */
    public CanaryPort resolve(CanaryPort requested) {
        return actual.getOrDefault(requested, requested);
    }

    /** Why a requested port has no listener, if it has none. */
    public Optional<String> unavailable(CanaryPort requested) {
        return Optional.ofNullable(unavailable.get(requested));
    }

    public List<CanaryHit> hits() {
        return Collections.unmodifiableList(new ArrayList<>(hits));
    }

    public List<CanaryHit> hitsWithToken(String token) {
        return hits.stream().filter(h -> h.token().equals(token)).toList();
    }

    /**
     * Waits until the canaries stop hearing anything new (late datagrams), at most three seconds. Whatever
     * arrives later could only add successes; it can never hide one already seen.
     */
    public void settle() {
        java.util.concurrent.atomic.AtomicInteger last = new java.util.concurrent.atomic.AtomicInteger(-1);
        try {
            org.awaitility.Awaitility.await().pollDelay(java.time.Duration.ofMillis(200)).pollInterval(java.time.Duration.ofMillis(300))
                    .atMost(java.time.Duration.ofSeconds(3)).until(() -> last.getAndSet(hits.size()) == hits.size());
        } catch (org.awaitility.core.ConditionTimeoutException stillArriving) {
            // judge with what arrived
        }
    }

    private void listen(CanaryPort requested) {
        try {
            if (requested.protocol() == Protocol.TCP) {
                ServerSocket server = new ServerSocket();
                server.setReuseAddress(true);
                server.bind(new InetSocketAddress(bind, requested.port()), 64);
                CanaryPort port = CanaryPort.tcp(server.getLocalPort());
                actual.put(requested, port);
                listeners.put(port, server);
                threads.execute(() -> acceptLoop(server, port));
            } else {
                DatagramSocket socket = new DatagramSocket(null);
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(bind, requested.port()));
                CanaryPort port = CanaryPort.udp(socket.getLocalPort());
                actual.put(requested, port);
                listeners.put(port, socket);
                threads.execute(() -> receiveLoop(socket, port));
            }
        } catch (IOException e) {
            unavailable.put(requested, "cannot listen on " + bind.getHostAddress() + " " + requested + ": " + e.getMessage());
        }
    }

    private void acceptLoop(ServerSocket server, CanaryPort port) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> record(client, port));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void record(Socket client, CanaryPort port) {
        try (client) {
            client.setSoTimeout(2000);
            String token = "";
            try {
                token = firstLine(client.getInputStream());
            } catch (IOException silentPeer) {
                // a connection without a token still got through
            }
            hits.add(new CanaryHit(port, (InetSocketAddress) client.getRemoteSocketAddress(), token, Instant.now()));
        } catch (IOException ignored) {
            // the peer went away; the accept itself was not recorded, as nothing was read
        }
    }

    private void receiveLoop(DatagramSocket socket, CanaryPort port) {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                continue;
            }
            String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
            hits.add(new CanaryHit(port, (InetSocketAddress) packet.getSocketAddress(), sanitise(text.split("\n", 2)[0]), Instant.now()));
        }
    }

    private static String firstLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while (line.length() < MAX_TOKEN && (b = in.read()) != -1 && b != '\n') {
            line.append((char) b);
        }
        return sanitise(line.toString());
    }

    /** Tokens are ours; anything else a peer sends is cut to printable token characters. */
    private static String sanitise(String text) {
        String kept = text.replaceAll("[^A-Za-z0-9._:-]", "");
        return kept.length() > MAX_TOKEN ? kept.substring(0, MAX_TOKEN) : kept;
    }

    @Override
    public void close() {
        for (AutoCloseable listener : listeners.values()) {
            try {
                listener.close();
            } catch (Exception ignored) {
                // closing a listener cannot fail in a way that matters here
            }
        }
        threads.shutdownNow();
    }
}
