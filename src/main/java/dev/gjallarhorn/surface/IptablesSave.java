package dev.gjallarhorn.surface;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the text of {@code iptables-save} / {@code ip6tables-save} (and UFW's {@code user.rules}, which is the
 * same format): {@code *table} sections, {@code :CHAIN POLICY [packets:bytes]} declarations and {@code -A CHAIN
 * match... -j TARGET} rules, with double-quoted arguments ({@code --comment "a \"b\""}).
 *
 * <p>No library on Maven Central reads this format; it is small and line-based. Unparseable lines are kept in
 * {@link Parsed#skipped()} so evidence can show them; nothing is dropped silently.
 */
public final class IptablesSave {

    /** Matches that only narrow a rule in ways that cannot matter to a probe from this machine's own sockets. */
    private static final Set<String> HARMLESS = Set.of("--comment", "--limit", "--limit-burst", "-i", "--in-interface");

    private IptablesSave() {
    }

    /** What one dump held: the rules in order, each chain's policy ({@code table/chain} to ACCEPT or DROP), lines not read. */
    public record Parsed(List<FirewallRule> rules, Map<String, String> policies, List<String> skipped, List<String> warnings) {
    }

    public static Parsed parse(String text, Family family, String origin) {
        List<FirewallRule> rules = new ArrayList<>();
        Map<String, String> policies = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String table = "filter";
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.equals("COMMIT")) {
                continue;
            }
            if (line.startsWith("#")) {
                if (line.contains("incompatible") || line.contains("Warning")) {
                    warnings.add(line);
                }
                continue;
            }
            if (line.startsWith("*")) {
                table = line.substring(1).trim();
            } else if (line.startsWith(":")) {
                String[] words = line.substring(1).split("\\s+");
                if (words.length >= 2 && !words[1].equals("-")) {
                    policies.put(table + "/" + words[0], words[1]);
                }
            } else if (line.startsWith("-A ")) {
                try {
                    rules.addAll(rule(tokens(line), family, origin, table, line));
                } catch (RuntimeException e) {
                    skipped.add(line + "  (" + e.getMessage() + ")");
                }
            } else {
                skipped.add(line);
            }
        }
        return new Parsed(rules, policies, skipped, warnings);
    }

    /**
     * The rule a line states; two for multiport's {@code --ports}, which matches a packet whose source OR destination
     * port is listed: one rule by destination port, one by source port.
     */
    private static List<FirewallRule> rule(List<String> t, Family family, String origin, String table, String line) {
        String chain = t.get(1);
        String verdict = "";
        Optional<String> protocol = Optional.empty();
        List<PortRange> ports = new ArrayList<>();
        List<PortRange> sourcePorts = new ArrayList<>();
        List<PortRange> eitherPorts = new ArrayList<>();
        Optional<String> icmpType = Optional.empty();
        Optional<String> states = Optional.empty();
        Optional<String> destination = Optional.empty();
        boolean destinationNegated = false;
        Optional<String> out = Optional.empty();
        boolean outNegated = false;
        Optional<String> owner = Optional.empty();
        boolean stateOnly = false;
        List<String> unknown = new ArrayList<>();
        boolean negate = false;
        for (int i = 2; i < t.size(); i++) {
            String word = t.get(i);
            if (word.equals("!")) {
                negate = true;
                continue;
            }
            String value = i + 1 < t.size() ? t.get(i + 1) : "";
            switch (word) {
                case "-p", "--protocol" -> {
                    if (negate) {
                        unknown.add("! -p " + value);
                    } else {
                        protocol = Optional.of(value);
                    }
                    i++;
                }
                case "-d", "--destination" -> {
                    destination = Optional.of(value);
                    destinationNegated = negate;
                    i++;
                }
                case "-o", "--out-interface" -> {
                    out = Optional.of(value);
                    outNegated = negate;
                    i++;
                }
                case "--dport", "--destination-port", "--dports", "--destination-ports" -> {
                    if (negate) {
                        unknown.add("! " + word + " " + value);
                    } else {
                        for (String part : value.split(",")) {
                            ports.add(PortRange.parse(part));
                        }
                    }
                    i++;
                }
                case "--sport", "--source-port", "--sports", "--source-ports" -> {
                    if (negate) {
                        unknown.add("! " + word + " " + value);
                    } else {
                        for (String part : value.split(",")) {
                            sourcePorts.add(PortRange.parse(part));
                        }
                    }
                    i++;
                }
                case "--ports", "--port" -> {
                    if (negate) {
                        unknown.add("! " + word + " " + value);
                    } else {
                        for (String part : value.split(",")) {
                            eitherPorts.add(PortRange.parse(part));
                        }
                    }
                    i++;
                }
                case "--icmp-type", "--icmpv6-type" -> {
                    if (negate) {
                        unknown.add("! " + word + " " + value);
                    } else {
                        icmpType = Optional.of(value);
                    }
                    i++;
                }
                case "--uid-owner" -> {
                    owner = Optional.of((negate ? "!" : "") + value);
                    i++;
                }
                case "--ctstate", "--state" -> {
                    stateOnly = !negate && !value.contains("NEW") && !value.contains("UNTRACKED");
                    states = Optional.of((negate ? "! " : "") + value);
                    i++;
                }
                case "-m", "--match" -> i++;
                case "-j", "-g", "--jump", "--goto" -> {
                    verdict = value;
                    i = t.size(); // the target's own options follow; they do not select packets
                }
                default -> {
                    if (word.startsWith("-")) {
                        if (!HARMLESS.contains(word)) {
                            unknown.add((negate ? "! " : "") + word + (value.startsWith("-") || value.isEmpty() ? "" : " " + value));
                        }
                        if (!value.startsWith("-") && !value.equals("!")) {
                            i++;
                        }
                    }
                }
            }
            negate = false;
        }
        if (eitherPorts.isEmpty()) {
            return List.of(new FirewallRule(family, origin, table, chain, verdict, protocol, ports, sourcePorts, icmpType, destination,
                    destinationNegated, out, outNegated, owner, stateOnly, states, unknown, line));
        }
        List<PortRange> byDestination = new ArrayList<>(ports);
        byDestination.addAll(eitherPorts);
        List<PortRange> bySource = new ArrayList<>(sourcePorts);
        bySource.addAll(eitherPorts);
        return List.of(
                new FirewallRule(family, origin, table, chain, verdict, protocol, byDestination, sourcePorts, icmpType, destination,
                        destinationNegated, out, outNegated, owner, stateOnly, states, unknown, line),
                new FirewallRule(family, origin, table, chain, verdict, protocol, ports, bySource, icmpType, destination,
                        destinationNegated, out, outNegated, owner, stateOnly, states, unknown, line));
    }

    /** Splits a rule line into words; a double-quoted argument is one word, with {@code \"} and {@code \\} unescaped. */
    static List<String> tokens(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                } else {
                    word.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
