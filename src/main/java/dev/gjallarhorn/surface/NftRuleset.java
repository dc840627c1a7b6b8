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

    private static List<FirewallRule> rules(JsonNode rule) {
        String family = rule.path("family").asText();
        String table = rule.path("table").asText();
        String chain = rule.path("chain").asText();
        String verdict = "";
        Optional<String> protocol = Optional.empty();
        List<PortRange> ports = new ArrayList<>();
        List<PortRange> sourcePorts = new ArrayList<>();
        Optional<String> icmpType = Optional.empty();
        Optional<String> states = Optional.empty();
        Optional<String> destination = Optional.empty();
        boolean destinationNegated = false;
        Optional<String> addressFamily = Optional.empty();
        Optional<String> out = Optional.empty();
        boolean outNegated = false;
        Optional<String> owner = Optional.empty();
        boolean stateOnly = false;
        List<String> unknown = new ArrayList<>();
        for (JsonNode expr : rule.path("expr")) {
            String kind = expr.fieldNames().hasNext() ? expr.fieldNames().next() : "";
            JsonNode body = expr.path(kind);
            switch (kind) {
                case "match" -> {
                    String op = body.path("op").asText("==");
                    boolean negated = op.equals("!=");
                    JsonNode left = body.path("left");
                    JsonNode right = body.path("right");
                    if (left.has("payload")) {
                        String proto = left.path("payload").path("protocol").asText();
                        String field = left.path("payload").path("field").asText();
                        if (field.equals("dport") && !negated) {
                            if (!proto.equals("th")) {
                                protocol = Optional.of(proto);
                            }
                            ports.addAll(portsOf(right));
                        } else if (field.equals("sport") && !negated) {
                            if (!proto.equals("th")) {
                                protocol = Optional.of(proto);
                            }
                            sourcePorts.addAll(portsOf(right));
                        } else if (field.equals("type") && !negated && (proto.equals("icmp") || proto.equals("icmpv6"))) {
                            protocol = Optional.of(proto.equals("icmp") ? "icmp" : "ipv6-icmp");
                            icmpType = Optional.of(right.asText(right.toString()));
                        } else if (field.equals("protocol") && proto.equals("ip") && !negated && right.isTextual()) {
                            protocol = Optional.of(right.asText());
                        } else if (field.equals("nexthdr") && proto.equals("ip6") && !negated && right.isTextual()) {
                            protocol = Optional.of(right.asText());
                        } else if (field.equals("daddr")) {
                            destination = Optional.of(addressOf(right));
                            destinationNegated = negated;
                            addressFamily = Optional.of(proto);
                        } else {
                            unknown.add(proto + " " + field + " " + op + " " + right);
                        }
                    } else if (left.has("meta")) {
                        String key = left.path("meta").path("key").asText();
                        switch (key) {
                            case "oifname", "oif" -> {
                                out = Optional.of(right.asText(right.toString()));
                                outNegated = negated;
                            }
                            case "l4proto" -> protocol = right.isTextual() ? Optional.of(right.asText()) : protocol;
                            case "skuid" -> owner = Optional.of((negated ? "!" : "") + right.asText(right.toString()));
                            case "nfproto" -> addressFamily = Optional.of(right.asText().equals("ipv6") ? "ip6" : "ip");
                            case "iifname", "iif" -> { }
                            default -> unknown.add("meta " + key + " " + op + " " + right);
                        }
                    } else if (left.has("ct") && left.path("ct").path("key").asText().equals("state")) {
                        String named = right.toString();
                        stateOnly = !negated && !named.contains("new") && !named.contains("untracked");
                        states = Optional.of((negated ? "! " : "") + named.replaceAll("[\\[\\]\"]", "").toUpperCase(Locale.ROOT));
                    } else {
                        unknown.add(left + " " + op + " " + right);
                    }
                }
                case "accept" -> verdict = "ACCEPT";
                case "drop" -> verdict = "DROP";
                case "reject" -> verdict = "REJECT";
                case "return" -> verdict = "RETURN";
                case "jump", "goto" -> verdict = body.path("target").asText();
                case "log" -> verdict = verdict.isEmpty() ? "LOG" : verdict;
                case "counter", "limit", "comment" -> { }
                case "xt" -> {
                    if (body.path("type").asText().equals("target")) {
                        verdict = body.path("name").asText();
                    } else {
                        unknown.add("xt " + body.path("name").asText());
                    }
                }
                default -> unknown.add(kind);
            }
        }
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
        String text = "nft " + family + " " + table + " " + chain + ": " + rule.path("expr");
        List<FirewallRule> out4and6 = new ArrayList<>();
        for (Family f : families) {
            out4and6.add(new FirewallRule(f, "nft", family + "/" + table, chain, verdict, protocol, ports, sourcePorts, icmpType, destination,
                    destinationNegated, out, outNegated, owner, stateOnly, states, unknown, text));
        }
        return out4and6;
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
