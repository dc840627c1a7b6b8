package dev.gjallarhorn.twin;

import java.security.SecureRandom;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fake secrets in the shapes of the real ones, unique to one twin, for the twin's secrets file. Each holds
 * {@code GJHCANARY} so a stray copy is easy to recognise; none of them is valid anywhere.
 */
public final class CanarySecrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private CanarySecrets() {
    }

    public static Map<String, String> generate() {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("ANTHROPIC_API_KEY", "sk-ant-api03-GJHCANARY" + random(40));
        secrets.put("OPENAI_API_KEY", "sk-proj-GJHCANARY" + random(40));
        secrets.put("OPENROUTER_API_KEY", "sk-or-v1-GJHCANARY" + random(40));
        secrets.put("GH_TOKEN", "ghp_GJHCANARY" + random(27));
        secrets.put("TELEGRAM_BOT_TOKEN", (100000000 + RANDOM.nextInt(899999999)) + ":AAGJHCANARY" + random(24));
        secrets.put("OPENCLAW_GATEWAY_TOKEN", "gjhcanary-gw-token-" + random(24));
        secrets.put("OPENCLAW_GATEWAY_PASSWORD", "gjhcanary-gw-pass-" + random(16));
        return Collections.unmodifiableMap(secrets);
    }

    /** The file as the host keeps it, one KEY=VALUE line each. */
    public static String asEnvFile(Map<String, String> secrets) {
        StringBuilder text = new StringBuilder("# Bilrost secrets (canary values made by gjallarhorn; none is real)\n");
        secrets.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return text.toString();
    }

    private static String random(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
        }
        return s.toString();
    }
}
