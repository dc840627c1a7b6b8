package dev.gjallarhorn.attack.agent;

import dev.gjallarhorn.probe.ScriptOutput;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's setup as the agent-channel script's {@code status} action reads it ({@code KEY value} lines:
 * {@code APIROOT}, {@code MODEL-URL}, {@code ALLOWFROM}, {@code SERVICE}, ...), and what follows from it: whether the
 * gateway already talks to the doubles, and which senders its config admits.
 */
record GatewayStatus(ScriptOutput status) {

    /** The sender used where the config lets everyone in. */
    static final long ANY_SENDER = 555000199L;

    /** The value of {@code key}; empty when the status has no such line. */
    String value(String key) {
        return status.value(key);
    }

    /** The gateway talks to the Telegram double and to the LLM double (or a limiter in front of it) already. */
    boolean wired() {
        return value("APIROOT").equals("http://127.0.0.1:" + AgentChannel.TELEGRAM_PORT) && modelIsTheDouble();
    }

    /** The model endpoint is on the target's loopback: the double, or a twin fault's limiter in front of it. */
    boolean modelIsTheDouble() {
        return value("MODEL-URL").matches("http://(127\\.0\\.0\\.1|localhost):280\\d\\d(/.*)?");
    }

    /** The senders the gateway's config admits by id: the owner the threat model assumes. */
    List<Long> allowedSenders() {
        return Arrays.stream(value("ALLOWFROM").split(",")).map(s -> s.replaceFirst("^(telegram|tg):", "").trim())
                .filter(s -> s.matches("\\d+")).map(Long::valueOf).toList();
    }

    /**
     * A sender the config lets in: the first allowlisted id, or {@link #ANY_SENDER} where {@code "*"} lets everyone
     * in; empty where only paired senders get in.
     */
    Optional<Long> admittedSender() {
        List<Long> allowed = allowedSenders();
        if (!allowed.isEmpty()) {
            return Optional.of(allowed.get(0));
        }
        return Arrays.asList(value("ALLOWFROM").split(",")).contains("*") ? Optional.of(ANY_SENDER) : Optional.empty();
    }
}
