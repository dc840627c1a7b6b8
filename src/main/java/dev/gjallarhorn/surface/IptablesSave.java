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
        RuleMatches m = new RuleMatches();
        List<PortRange> eitherPorts = new ArrayList<>();
        boolean negate = false;
        for (int i = 2; i < t.size(); i++) {
            String word = t.get(i);
            if (word.equals("!")) {
                negate = true;
                continue;
            }
            String value = i + 1 < t.size() ? t.get(i + 1) : "";
            i = match(m, eitherPorts, word, value, negate, i, t.size());
            negate = false;
        }
        if (eitherPorts.isEmpty()) {
            return List.of(m.rule(family, origin, table, chain, line));
        }
        List<PortRange> byDestination = new ArrayList<>(m.ports);
        byDestination.addAll(eitherPorts);
        List<PortRange> bySource = new ArrayList<>(m.sourcePorts);
        bySource.addAll(eitherPorts);
        return List.of(
                m.rule(family, origin, table, chain, byDestination, m.sourcePorts, line),
                m.rule(family, origin, table, chain, m.ports, bySource, line));
    }

    /**
     * Reads the word at index {@code i} (negated by a {@code !} before it) and, if it takes one, its {@code value}
     * into {@code m}; multiport's {@code --ports} go to {@code eitherPorts}.
     *
     * @return the index of the last word read; {@code words} (the line's length) after the jump, which ends the matches
     */
    private static int match(RuleMatches m, List<PortRange> eitherPorts, String word, String value, boolean negate, int i, int words) {
        return switch (word) {
            case "-p", "--protocol" -> {
                if (negate) {
                    m.unknown.add("! -p " + value);
                } else {
                    m.protocol = Optional.of(value);
                }
                yield i + 1;
            }
            case "-d", "--destination" -> {
                m.destination = Optional.of(value);
                m.destinationNegated = negate;
                yield i + 1;
            }
            case "-o", "--out-interface" -> {
                m.out = Optional.of(value);
                m.outNegated = negate;
                yield i + 1;
            }
            case "--dport", "--destination-port", "--dports", "--destination-ports" -> ports(m, m.ports, word, value, negate, i);
            case "--sport", "--source-port", "--sports", "--source-ports" -> ports(m, m.sourcePorts, word, value, negate, i);
            case "--ports", "--port" -> ports(m, eitherPorts, word, value, negate, i);
            case "--icmp-type", "--icmpv6-type" -> {
                if (negate) {
                    m.unknown.add("! " + word + " " + value);
                } else {
                    m.icmpType = Optional.of(value);
                }
                yield i + 1;
            }
            case "--uid-owner" -> {
                m.owner = Optional.of((negate ? "!" : "") + value);
                yield i + 1;
            }
            case "--ctstate", "--state" -> {
                m.stateOnly = !negate && !value.contains("NEW") && !value.contains("UNTRACKED");
                m.states = Optional.of((negate ? "! " : "") + value);
                yield i + 1;
            }
            case "-m", "--match" -> i + 1;
            case "-j", "-g", "--jump", "--goto" -> {
                m.verdict = value;
                yield words; // the target's own options follow; they do not select packets
            }
            default -> other(m, word, value, negate, i);
        };
    }

    /** A port list ({@code 22,80:90}) into {@code into}; a negated one is a match the parser does not know. */
    private static int ports(RuleMatches m, List<PortRange> into, String word, String value, boolean negate, int i) {
        if (negate) {
            m.unknown.add("! " + word + " " + value);
        } else {
            for (String part : value.split(",")) {
                into.add(PortRange.parse(part));
            }
        }
        return i + 1;
    }

    /** An option this parser does not know (unless harmless) with its value if it has one; a bare word is skipped. */
    private static int other(RuleMatches m, String word, String value, boolean negate, int i) {
        if (!word.startsWith("-")) {
            return i;
        }
        if (!HARMLESS.contains(word)) {
            m.unknown.add((negate ? "! " : "") + word + (value.startsWith("-") || value.isEmpty() ? "" : " " + value));
        }
        return !value.startsWith("-") && !value.equals("!") ? i + 1 : i;
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
