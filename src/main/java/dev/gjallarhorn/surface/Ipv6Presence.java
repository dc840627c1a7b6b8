package dev.gjallarhorn.surface;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Whether the target has IPv6 at all, from the firewall script's {@code ipv6} section. Pure functions. */
final class Ipv6Presence {

    private Ipv6Presence() {
    }

    /** Why the ipv6 section shows a target without IPv6, if it does; empty when it has IPv6 or the section is missing. */
    static Optional<String> absence(ScriptSection section) {
        if (section == null) {
            return Optional.empty();
        }
        List<String> lines = section.text().lines().map(String::strip).toList();
        if (lines.contains("if_inet6 missing") && lines.stream().noneMatch(l -> l.startsWith("disable_ipv6 "))) {
            return Optional.of("the kernel has no IPv6: /proc/net/if_inet6 and /proc/sys/net/ipv6 are missing");
        }
        if (!lines.contains("if_inet6 read")) {
            return Optional.empty();
        }
        Map<String, Boolean> disabled = disabledPerInterface(section.text());
        List<String> interfaces = disabled.keySet().stream().filter(i -> !i.equals("all") && !i.equals("default") && !i.equals("lo")).toList();
        if (!interfaces.isEmpty() && interfaces.stream().allMatch(disabled::get)) {
            return Optional.of("IPv6 is switched off on every interface (disable_ipv6)");
        }
        Set<String> addressed = new LinkedHashSet<>();
        lines.stream().filter(l -> l.startsWith("inet6 ")).map(l -> l.split("\\s+")).filter(w -> w.length >= 2).forEach(w -> addressed.add(w[1]));
        addressed.remove("lo");
        if (addressed.isEmpty()) {
            return Optional.of("no IPv6 address on any interface but lo (/proc/net/if_inet6)");
        }
        return Optional.empty();
    }

    /** Per interface, whether its {@code disable_ipv6 IFACE 0|1} line says IPv6 is switched off. */
    static Map<String, Boolean> disabledPerInterface(String text) {
        Map<String, Boolean> disabled = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] w = line.strip().split("\\s+");
            if (w.length == 3 && w[0].equals("disable_ipv6")) {
                disabled.put(w[1], w[2].equals("1"));
            }
        }
        return disabled;
    }
}
