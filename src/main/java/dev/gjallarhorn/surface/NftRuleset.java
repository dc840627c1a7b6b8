package dev.gjallarhorn.surface;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code nft -j list ruleset} (libnftables' JSON schema, version 1) with Jackson: base chains with their
 * hook and policy, and each rule's matches on transport protocol ({@code meta l4proto}, {@code ip protocol}), destination and
 * source port (single, set, range), ICMP type, daddr,
 * oifname, meta skuid and ct state, with its verdict. A rule of an {@code inet} table that names no address
 * family stands for both. Expressions it does not know go to {@link FirewallRule#unknown()}; rules that
 * iptables-nft wrote in its compat form ({@code xt}) are read as far as they can be and are also in
 * {@code iptables-save}'s view.
 */
public final class NftRuleset {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NftRuleset() {
    }

    /** The rules, each base chain's hook ({@code family/table/chain} to {@code output}, {@code forward}, …) and policy. */
    public record Parsed(List<FirewallRule> rules, Map<String, String> hooks, Map<String, String> policies, List<String> skipped) {
    }

    public static Parsed parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not nft JSON: " + e.getMessage(), e);
        }
        List<FirewallRule> rules = new ArrayList<>();
        Map<String, String> hooks = new LinkedHashMap<>();
        Map<String, String> policies = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (JsonNode item : root.path("nftables")) {
            JsonNode chain = item.path("chain");
            if (!chain.isMissingNode() && chain.has("hook")) {
                String key = chain.path("family").asText() + "/" + chain.path("table").asText() + "/" + chain.path("name").asText();
                hooks.put(key, chain.path("hook").asText());
                policies.put(key, chain.path("policy").asText("accept").toUpperCase(Locale.ROOT));
            }
            JsonNode rule = item.path("rule");
            if (!rule.isMissingNode()) {
                try {
                    rules.addAll(rules(rule));
                } catch (RuntimeException e) {
                    skipped.add(rule + "  (" + e.getMessage() + ")");
                }
            }
        }
        return new Parsed(rules, hooks, policies, skipped);
    }

    /** The rule as it stands in each address family it can match: one for {@code ip} and {@code ip6} tables, up to two for {@code inet}. */
    private static List<FirewallRule> rules(JsonNode rule) {
        String family = rule.path("family").asText();
        String table = rule.path("table").asText();
        String chain = rule.path("chain").asText();
        RuleReading read = new RuleReading();
        for (JsonNode expr : rule.path("expr")) {
            read.expr(expr);
        }
        String text = "nft " + family + " " + table + " " + chain + ": " + rule.path("expr");
        List<FirewallRule> out4and6 = new ArrayList<>();
        for (Family f : read.families(family)) {
            out4and6.add(read.matches.rule(f, "nft", family + "/" + table, chain, text));
        }
        return out4and6;
    }

    /** One rule's expressions as they are read: its matches and verdict, and the address family it names ({@code ip}, {@code ip6}), if any. */
    private static final class RuleReading {

        final RuleMatches matches = new RuleMatches();
        Optional<String> addressFamily = Optional.empty();

        void expr(JsonNode expr) {
            String kind = expr.fieldNames().hasNext() ? expr.fieldNames().next() : "";
            JsonNode body = expr.path(kind);
            RuleMatches m = matches;
            switch (kind) {
                case "match" -> match(body);
                case "accept" -> m.verdict = "ACCEPT";
                case "drop" -> m.verdict = "DROP";
                case "reject" -> m.verdict = "REJECT";
                case "return" -> m.verdict = "RETURN";
                case "jump", "goto" -> m.verdict = body.path("target").asText();
                case "log" -> m.verdict = m.verdict.isEmpty() ? "LOG" : m.verdict;
                case "counter", "limit", "comment" -> { }
                case "xt" -> {
                    if (body.path("type").asText().equals("target")) {
                        m.verdict = body.path("name").asText();
                    } else {
                        m.unknown.add("xt " + body.path("name").asText());
                    }
                }
                default -> m.unknown.add(kind);
            }
        }

        private void match(JsonNode body) {
            String op = body.path("op").asText("==");
            boolean negated = op.equals("!=");
            JsonNode left = body.path("left");
            JsonNode right = body.path("right");
            if (left.has("payload")) {
                payload(left.path("payload").path("protocol").asText(), left.path("payload").path("field").asText(), op, negated, right);
            } else if (left.has("meta")) {
                meta(left.path("meta").path("key").asText(), op, negated, right);
            } else if (left.has("ct") && left.path("ct").path("key").asText().equals("state")) {
                String named = right.toString();
                matches.stateOnly = !negated && !named.contains("new") && !named.contains("untracked");
                matches.states = Optional.of((negated ? "! " : "") + named.replaceAll("[\\[\\]\"]", "").toUpperCase(Locale.ROOT));
            } else {
                matches.unknown.add(left + " " + op + " " + right);
            }
        }

        /** A match on a header field: ports, ICMP type, transport protocol or destination address. */
        private void payload(String proto, String field, String op, boolean negated, JsonNode right) {
            RuleMatches m = matches;
            if (field.equals("dport") && !negated) {
                if (!proto.equals("th")) {
                    m.protocol = Optional.of(proto);
                }
                m.ports.addAll(portsOf(right));
            } else if (field.equals("sport") && !negated) {
                if (!proto.equals("th")) {
                    m.protocol = Optional.of(proto);
                }
                m.sourcePorts.addAll(portsOf(right));
            } else if (field.equals("type") && !negated && (proto.equals("icmp") || proto.equals("icmpv6"))) {
                m.protocol = Optional.of(proto.equals("icmp") ? "icmp" : "ipv6-icmp");
                m.icmpType = Optional.of(right.asText(right.toString()));
            } else if (field.equals("protocol") && proto.equals("ip") && !negated && right.isTextual()) {
                m.protocol = Optional.of(right.asText());
            } else if (field.equals("nexthdr") && proto.equals("ip6") && !negated && right.isTextual()) {
                m.protocol = Optional.of(right.asText());
            } else if (field.equals("daddr")) {
                m.destination = Optional.of(addressOf(right));
                m.destinationNegated = negated;
                addressFamily = Optional.of(proto);
            } else {
                m.unknown.add(proto + " " + field + " " + op + " " + right);
            }
        }

        /** A match on packet metadata: out interface, transport protocol, owner uid, address family. */
        private void meta(String key, String op, boolean negated, JsonNode right) {
            RuleMatches m = matches;
            switch (key) {
                case "oifname", "oif" -> {
                    m.out = Optional.of(right.asText(right.toString()));
                    m.outNegated = negated;
                }
                case "l4proto" -> m.protocol = right.isTextual() ? Optional.of(right.asText()) : m.protocol;
                case "skuid" -> m.owner = Optional.of((negated ? "!" : "") + right.asText(right.toString()));
                case "nfproto" -> addressFamily = Optional.of(right.asText().equals("ipv6") ? "ip6" : "ip");
                case "iifname", "iif" -> { }
                default -> m.unknown.add("meta " + key + " " + op + " " + right);
            }
        }

        /** The families a rule of a {@code family} table matches: an inet, bridge or netdev rule both, unless it names one. */
        List<Family> families(String family) {
            List<Family> families = new ArrayList<>();
            switch (family) {
                case "ip" -> families.add(Family.IPV4);
                case "ip6" -> families.add(Family.IPV6);
                case "inet", "bridge", "netdev" -> {
                    if (addressFamily.isEmpty() || addressFamily.get().equals("ip")) {
                        families.add(Family.IPV4);
                    }
                    if (addressFamily.isEmpty() || addressFamily.get().equals("ip6")) {
                        families.add(Family.IPV6);
                    }
                }
                default -> families.add(Family.IPV4);
            }
            return families;
        }
    }

    private static List<PortRange> portsOf(JsonNode right) {
        List<PortRange> ports = new ArrayList<>();
        if (right.isNumber()) {
            ports.add(PortRange.of(right.asInt()));
        } else if (right.has("range")) {
            ports.add(new PortRange(right.path("range").path(0).asInt(), right.path("range").path(1).asInt()));
        } else if (right.has("set")) {
            right.path("set").forEach(e -> ports.addAll(portsOf(e)));
        } else if (right.isTextual()) {
            ports.add(PortRange.parse(right.asText()));
        } else {
            throw new IllegalArgumentException("ports I cannot read: " + right);
        }
        return ports;
    }

    private static String addressOf(JsonNode right) {
        if (right.isTextual()) {
            return right.asText();
        }
        if (right.has("prefix")) {
            return right.path("prefix").path("addr").asText() + "/" + right.path("prefix").path("len").asInt();
        }
        return right.toString();
    }
}
