package dev.gjallarhorn.it;

import dev.gjallarhorn.host.HostCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A host "beyond this machine" that the test creates itself: a network namespace joined to the host by a
 * veth pair, with an address from TEST-NET-2 (198.51.100.0/30, documentation space that no real network
 * routes). Traffic from a container to it is forwarded by this host, exactly like traffic to the internet
 * would be, so it shows whether the air gap drops forwarded traffic. Nothing outside the machine is touched.
 */
final class BeyondHost implements AutoCloseable {

    static final String ADDRESS = "198.51.100.2";
    private static final String HOST_SIDE = "198.51.100.1/30";

    private final String namespace;
    private final String hostVeth;
    private final Process listener;
    private final List<String> accepted = new CopyOnWriteArrayList<>();

    private BeyondHost(String namespace, String hostVeth, Process listener) {
        this.namespace = namespace;
        this.hostVeth = hostVeth;
        this.listener = listener;
    }

    static BeyondHost create(int port, Duration lifetime) throws IOException, InterruptedException {
        String id = Long.toHexString(System.nanoTime() & 0xffffff);
        String namespace = "gjh-beyond-" + id;
        String hostVeth = "gjhb" + id;
        String innerVeth = "gjhn" + id;
        must("ip", "netns", "add", namespace);
        try {
            must("ip", "link", "add", hostVeth, "type", "veth", "peer", "name", innerVeth);
            must("ip", "link", "set", innerVeth, "netns", namespace);
            must("ip", "addr", "add", HOST_SIDE, "dev", hostVeth);
            must("ip", "link", "set", hostVeth, "up");
            must("ip", "netns", "exec", namespace, "ip", "addr", "add", ADDRESS + "/30", "dev", innerVeth);
            must("ip", "netns", "exec", namespace, "ip", "link", "set", innerVeth, "up");
            must("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up");
            must("ip", "netns", "exec", namespace, "ip", "route", "add", "default", "via", "198.51.100.1");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process listener = new ProcessBuilder("ip", "netns", "exec", namespace, java, "-cp", System.getProperty("java.class.path"),
                    BeyondListener.class.getName(), ADDRESS, Integer.toString(port), Long.toString(lifetime.toSeconds()))
                    .redirectErrorStream(true).start();
            BeyondHost host = new BeyondHost(namespace, hostVeth, listener);
            BufferedReader out = new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.US_ASCII));
            String first = out.readLine();
            if (!"LISTENING".equals(first)) {
                host.close();
                throw new IllegalStateException("the listener in " + namespace + " did not start: " + first);
            }
            Thread reader = new Thread(() -> out.lines().filter(l -> l.startsWith("ACCEPTED ")).forEach(host.accepted::add), "beyond-listener");
            reader.setDaemon(true);
            reader.start();
            return host;
        } catch (RuntimeException | IOException e) {
            HostCommand.run(Duration.ofSeconds(10), "ip", "netns", "del", namespace);
            HostCommand.run(Duration.ofSeconds(10), "ip", "link", "del", hostVeth);
            throw e;
        }
    }

    List<String> accepted() {
        return List.copyOf(accepted);
    }

    @Override
    public void close() {
        listener.destroyForcibly();
        HostCommand.run(Duration.ofSeconds(10), "ip", "netns", "del", namespace);
        HostCommand.run(Duration.ofSeconds(10), "ip", "link", "del", hostVeth);
    }

    private static void must(String... argv) {
        HostCommand.Result result = HostCommand.run(Duration.ofSeconds(15), argv);
        if (!result.ok()) {
            throw new IllegalStateException(String.join(" ", argv) + " failed: " + result.output());
        }
    }
}
