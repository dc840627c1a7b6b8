package dev.gjallarhorn.canary;

import dev.gjallarhorn.host.HostCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The canary side for packets no listener can take (ICMP, other IP protocols): one iptables rule per token at the top
 * of this host's INPUT chain, where a packet to the canary address arrives, matching the sender's address, the
 * protocol and the token in the payload ({@code -m string}). The rules only count (no target); they are added before
 * the packets are sent, read after, and removed on {@link #close()}. Needs root and iptables with the string match
 * here; where either is missing every counter is blind, with why.
 */
public final class PacketCounters implements AutoCloseable {

    static final String COMMENT = "gjallarhorn-egress:";
    private static final Duration BOUND = Duration.ofSeconds(15);
    private static final Pattern COUNTED = Pattern.compile("--comment \"?" + Pattern.quote(COMMENT) + "([A-Za-z0-9]+)\"?.* -c (\\d+) \\d+\\s*$");

    /** A packet to count: its token, the protocol as iptables takes it, who sends it and to where. */
    public record Counter(String token, String protocol, String source, String destination) {
        List<String> rule(String action) {
            List<String> argv = new ArrayList<>(List.of("iptables", "-w", action, "INPUT"));
            if (action.equals("-I")) {
                argv.add("1");
            }
            argv.addAll(List.of("-s", source, "-d", destination, "-p", protocol, "-m", "string", "--algo", "bm", "--string", token,
                    "-m", "comment", "--comment", COMMENT + token));
            return argv;
        }
    }

    private final Map<String, Counter> installed = new LinkedHashMap<>();
    private final Map<String, String> failed = new LinkedHashMap<>();
    private final Optional<String> blind;
    private Thread hook;

    private PacketCounters(Optional<String> blind) {
        this.blind = blind;
    }

    /** Adds a rule per counter; one that cannot be added is blind with iptables' own words. */
    public static PacketCounters install(List<Counter> counters) {
        if (!HostCommand.isRootCached()) {
            return new PacketCounters(Optional.of("the harness is not root on this host, so it cannot add the iptables counter that would see "
                    + "a packet of this protocol arrive at the canary address"));
        }
        PacketCounters installed = new PacketCounters(Optional.empty());
        // a JVM stopped before close() still takes its rules off the host (close() is idempotent)
        Thread hook = new Thread(installed::close, "packet-counters-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        installed.hook = hook;
        for (Counter counter : counters) {
            HostCommand.Result added = HostCommand.run(BOUND, counter.rule("-I").toArray(String[]::new));
            if (added.ok()) {
                installed.installed.put(counter.token(), counter);
            } else {
                installed.failed.put(counter.token(), "cannot add the host's counter (" + String.join(" ", counter.rule("-I")) + "): "
                        + (added.timedOut() ? "timed out" : added.lastLine()));
            }
        }
        return installed;
    }

    /** Why a token cannot be counted, if it cannot. */
    public Optional<String> blind(String token) {
        if (blind.isPresent()) {
            return blind;
        }
        return installed.containsKey(token) ? Optional.empty() : Optional.of(failed.getOrDefault(token, "no counter was asked for this packet"));
    }

    /** Packets counted per token so far, or why the counters could not be read. */
    public Counts read() {
        if (blind.isPresent() || installed.isEmpty()) {
            return new Counts(Map.of(), blind.or(() -> Optional.of("no counter could be added")));
        }
        HostCommand.Result listed = HostCommand.run(BOUND, "iptables", "-w", "-S", "INPUT", "-v");
        if (!listed.ok()) {
            return new Counts(Map.of(), Optional.of("cannot read the host's counters: " + (listed.timedOut() ? "timed out" : listed.lastLine())));
        }
        return new Counts(parse(listed.output()), Optional.empty());
    }

    /** What {@link #read()} found: packets per token (a token whose rule is gone is absent), or why nothing was read. */
    public record Counts(Map<String, Long> packets, Optional<String> unread) {
        /** How many packets carried this token, if its counter was read. */
        public Optional<Long> of(String token) {
            return unread.isPresent() ? Optional.empty() : Optional.ofNullable(packets.get(token));
        }
    }

    static Map<String, Long> parse(String listing) {
        Map<String, Long> packets = new LinkedHashMap<>();
        for (String line : listing.split("\n")) {
            Matcher m = COUNTED.matcher(line);
            if (m.find()) {
                packets.merge(m.group(1), Long.parseLong(m.group(2)), Long::sum);
            }
        }
        return packets;
    }

    /** The rules as evidence: what each counts. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        installed.values().forEach(c -> lines.add(String.join(" ", c.rule("-I"))));
        failed.values().forEach(lines::add);
        blind.ifPresent(lines::add);
        return lines;
    }

    /**
     * Removes every rule this set added; one that cannot be removed is said on stderr, with the command that would
     * remove it (it only counts packets, but it must not stay).
     */
    @Override
    public synchronized void close() {
        for (Counter counter : installed.values()) {
            HostCommand.Result removed = HostCommand.run(BOUND, counter.rule("-D").toArray(String[]::new));
            if (!removed.ok()) {
                System.err.println("[gjallarhorn] could not remove the host's packet counter; remove it by hand: iptables "
                        + String.join(" ", counter.rule("-D").subList(1, counter.rule("-D").size())) + " ("
                        + (removed.timedOut() ? "timed out" : removed.lastLine()) + ")");
            }
        }
        installed.clear();
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs now, and finds nothing left to remove
            }
            hook = null;
        }
    }
}
