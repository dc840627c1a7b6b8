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
 *
 * <p>Attacks that run side by side share one set of listeners: {@link #lease(Collection)} adds the ports it
 * needs (a fixed port is opened once for everyone; port 0 always gets a fresh one) and sees the hits that
 * arrived since it was taken. Every attempt carries its own token, so a lease judges by tokens, never by
 * whose listener it was. Closing a lease leaves the listeners open; closing the set closes them.
 */
public final class Canaries implements AutoCloseable {

    private static final int MAX_TOKEN = 128;

    private final Listeners shared;
    private final boolean owner;
    private final Instant since = Instant.now();
    private final Map<CanaryPort, String> unavailable = new LinkedHashMap<>();
    private final Map<CanaryPort, CanaryPort> actual = new LinkedHashMap<>();

    /** The listeners and everything they heard, shared by every lease of one set. */
    private static final class Listeners {
        final InetAddress bind;
        final InetAddress advertised;
        final Map<CanaryPort, AutoCloseable> open = new LinkedHashMap<>();
        final Map<CanaryPort, String> failed = new LinkedHashMap<>();
        final List<CanaryHit> hits = new CopyOnWriteArrayList<>();
        final ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "canary");
            t.setDaemon(true);
            return t;
        });

        Listeners(InetAddress bind, InetAddress advertised) {
            this.bind = bind;
            this.advertised = advertised;
        }
    }

    private Canaries(Listeners shared, boolean owner) {
        this.shared = shared;
        this.owner = owner;
    }

    /**
     * Opens a listener on every port. A port that cannot be bound (in use, not permitted) is recorded as
     * unavailable with the reason, not thrown: probes towards it then say they could not run. Port 0 asks
     * for any free port; {@link #resolve(CanaryPort)} gives the one chosen.
     */
    public static Canaries open(InetAddress bind, InetAddress advertised, Collection<CanaryPort> ports) {
        Canaries canaries = new Canaries(new Listeners(bind, advertised), true);
        for (CanaryPort port : ports) {
            canaries.listen(port);
        }
        return canaries;
    }

    /**
     * A lease on this set for more ports: listeners already open for a fixed port are shared, the others are
     * opened (port 0 always gets a new free port). The lease's hits are those heard since it was taken.
     */
    public Canaries lease(Collection<CanaryPort> ports) {
        Canaries lease = new Canaries(shared, false);
        for (CanaryPort port : ports) {
            lease.listen(port);
        }
        return lease;
    }

    public InetAddress advertised() {
        return shared.advertised;
    }

    public InetAddress bindAddress() {
        return shared.bind;
    }

    /** The port actually listened on for a requested one (differs only for port 0). */
    public CanaryPort resolve(CanaryPort requested) {
        return actual.getOrDefault(requested, requested);
    }

    /** Why a requested port has no listener, if it has none. */
    public Optional<String> unavailable(CanaryPort requested) {
        return Optional.ofNullable(unavailable.get(requested));
    }

    /** What the listeners heard since this set or lease was taken, in order of arrival. */
    public List<CanaryHit> hits() {
        return Collections.unmodifiableList(new ArrayList<>(shared.hits.stream().filter(h -> !h.at().isBefore(since)).toList()));
    }

    public List<CanaryHit> hitsWithToken(String token) {
        return shared.hits.stream().filter(h -> h.token().equals(token)).toList();
    }

    /**
     * Waits until the canaries stop hearing anything new (late datagrams), at most three seconds. Whatever
     * arrives later could only add successes; it can never hide one already seen.
     */
    public void settle() {
        java.util.concurrent.atomic.AtomicInteger last = new java.util.concurrent.atomic.AtomicInteger(-1);
        try {
            org.awaitility.Awaitility.await().pollDelay(java.time.Duration.ofMillis(200)).pollInterval(java.time.Duration.ofMillis(300))
                    .atMost(java.time.Duration.ofSeconds(3)).until(() -> last.getAndSet(shared.hits.size()) == shared.hits.size());
        } catch (org.awaitility.core.ConditionTimeoutException stillArriving) {
            // judge with what arrived
        }
    }

    private void listen(CanaryPort requested) {
        synchronized (shared) {
            if (requested.port() != 0 && shared.open.containsKey(requested)) {
                actual.put(requested, requested);
                return;
            }
            if (requested.port() != 0 && shared.failed.containsKey(requested)) {
                unavailable.put(requested, shared.failed.get(requested));
                return;
            }
            try {
                if (requested.protocol() == Protocol.TCP) {
                    ServerSocket server = new ServerSocket();
                    server.setReuseAddress(true);
                    server.bind(new InetSocketAddress(shared.bind, requested.port()), 64);
                    CanaryPort port = CanaryPort.tcp(server.getLocalPort());
                    actual.put(requested, port);
                    shared.open.put(port, server);
                    shared.threads.execute(() -> acceptLoop(server, port));
                } else {
                    DatagramSocket socket = new DatagramSocket(null);
                    socket.setReuseAddress(true);
                    socket.bind(new InetSocketAddress(shared.bind, requested.port()));
                    CanaryPort port = CanaryPort.udp(socket.getLocalPort());
                    actual.put(requested, port);
                    shared.open.put(port, socket);
                    shared.threads.execute(() -> receiveLoop(socket, port));
                }
            } catch (IOException e) {
                String why = "cannot listen on " + shared.bind.getHostAddress() + " " + requested + ": " + e.getMessage();
                unavailable.put(requested, why);
                if (requested.port() != 0) {
                    shared.failed.put(requested, why);
                }
            }
        }
    }

    private void acceptLoop(ServerSocket server, CanaryPort port) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                shared.threads.execute(() -> record(client, port));
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
            shared.hits.add(new CanaryHit(port, (InetSocketAddress) client.getRemoteSocketAddress(), token, Instant.now()));
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
            shared.hits.add(new CanaryHit(port, (InetSocketAddress) packet.getSocketAddress(), sanitise(text.split("\n", 2)[0]), Instant.now()));
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

    /** Closes the listeners if this is the set itself; a lease has nothing of its own to close. */
    @Override
    public void close() {
        if (!owner) {
            return;
        }
        synchronized (shared) {
            for (AutoCloseable listener : shared.open.values()) {
                try {
                    listener.close();
                } catch (Exception ignored) {
                    // closing a listener cannot fail in a way that matters here
                }
            }
            shared.threads.shutdownNow();
        }
    }
}
