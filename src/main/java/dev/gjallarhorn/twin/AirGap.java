package dev.gjallarhorn.twin;

import dev.gjallarhorn.host.HostCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The rule that keeps a twin on this machine: in the host's {@code DOCKER-USER} chain, every packet that
 * enters from the twin's bridge and would be forwarded anywhere but back into that bridge is dropped.
 * Traffic to this host itself (its canaries and doubles) is not forwarded and stays allowed, whatever the
 * twin's own firewall does. Installed before the twin starts, removed after it stops.
 */
public final class AirGap {

    static final String COMMENT_PREFIX = "gjallarhorn-airgap:";

    private AirGap() {
    }

    public static void install(String bridge) {
        if (!HostCommand.isRootCached()) {
            throw new TwinUnavailable("the twin's air gap is a DOCKER-USER iptables rule and needs root; run the harness as root");
        }
        HostCommand.Result chain = HostCommand.run(Duration.ofSeconds(10), "iptables", "-w", "-L", "DOCKER-USER", "-n");
        if (!chain.ok()) {
            throw new TwinUnavailable("cannot air-gap the twin: the host has no DOCKER-USER chain (" + chain.lastLine()
                    + "); the Docker engine must manage iptables");
        }
        if (!present(bridge)) {
            HostCommand.Result added = HostCommand.run(Duration.ofSeconds(10), rule("-I", bridge));
            if (!added.ok()) {
                throw new TwinUnavailable("cannot add the air-gap rule for " + bridge + ": " + added.lastLine());
            }
        }
        if (!present(bridge)) {
            throw new TwinUnavailable("the air-gap rule for " + bridge + " is not in DOCKER-USER after adding it");
        }
    }

    public static void remove(String bridge) {
        while (present(bridge)) {
            HostCommand.Result removed = HostCommand.run(Duration.ofSeconds(10), rule("-D", bridge));
            if (!removed.ok()) {
                throw new TwinUnavailable("cannot remove the air-gap rule for " + bridge + ": " + removed.lastLine());
            }
        }
    }

    public static boolean present(String bridge) {
        return HostCommand.run(Duration.ofSeconds(10), rule("-C", bridge)).ok();
    }

    /** Bridges that still have a rule, for cleanup and residue checks. */
    public static List<String> bridgesWithRules() {
        HostCommand.Result listed = HostCommand.run(Duration.ofSeconds(10), "iptables", "-w", "-S", "DOCKER-USER");
        List<String> bridges = new ArrayList<>();
        for (String line : listed.output().split("\n")) {
            int at = line.indexOf(COMMENT_PREFIX);
            if (at >= 0) {
                String rest = line.substring(at + COMMENT_PREFIX.length());
                bridges.add(rest.split("[\\s\"]", 2)[0]);
            }
        }
        return bridges;
    }

    private static String[] rule(String action, String bridge) {
        return new String[] {"iptables", "-w", action, "DOCKER-USER", "-i", bridge, "!", "-o", bridge,
                "-m", "comment", "--comment", COMMENT_PREFIX + bridge, "-j", "DROP"};
    }
}
