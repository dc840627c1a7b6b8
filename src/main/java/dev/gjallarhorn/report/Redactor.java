package dev.gjallarhorn.report;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one redaction step every piece of evidence passes before it is written anywhere: the secret values
 * this run learned (raw, base64, hex and url-encoded) and the shapes of well-known tokens.
 */
public final class Redactor {

    /** Shapes of tokens that are secret wherever they appear, learned or not. */
    static final List<Pattern> TOKEN_SHAPES = List.of(
            Pattern.compile("\\b\\d{6,12}:AA[A-Za-z0-9_-]{20,}"),          // Telegram bot token
            Pattern.compile("\\bsk-ant-[A-Za-z0-9_-]{16,}"),               // Anthropic
            Pattern.compile("\\bsk-(?:proj-|or-v1-)?[A-Za-z0-9_-]{20,}"),  // OpenAI, OpenRouter
            Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{20,}"),              // GitHub
            Pattern.compile("\\bgithub_pat_[A-Za-z0-9_]{20,}"));

    private final Map<String, String> learned = new LinkedHashMap<>();

    /** Remembers a secret value (in memory only) under a name that may appear in reports. */
    public synchronized void learn(String name, String value) {
        if (value == null || value.length() < 6) {
            return; // too short to scrub without mangling ordinary text
        }
        learned.put(value, name);
    }

    public synchronized void learnAll(Map<String, String> secrets) {
        secrets.forEach(this::learn);
    }

    /** Every form a learned value is searched for, longest first. */
    public synchronized Map<String, String> forms() {
        Map<String, String> forms = new LinkedHashMap<>();
        for (Map.Entry<String, String> secret : learned.entrySet()) {
            for (String form : encodings(secret.getKey())) {
                forms.putIfAbsent(form, secret.getValue());
            }
        }
        List<Map.Entry<String, String>> sorted = new ArrayList<>(forms.entrySet());
        sorted.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
        Map<String, String> ordered = new LinkedHashMap<>();
        sorted.forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return ordered;
    }

    static List<String> encodings(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        List<String> forms = new ArrayList<>(List.of(value,
                Base64.getEncoder().encodeToString(bytes),
                Base64.getEncoder().withoutPadding().encodeToString(bytes),
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
                HexFormat.of().formatHex(bytes),
                HexFormat.of().withUpperCase().formatHex(bytes)));
        String url = URLEncoder.encode(value, StandardCharsets.UTF_8);
        if (!url.equals(value)) {
            forms.add(url);
        }
        return forms;
    }

    public String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (Map.Entry<String, String> form : forms().entrySet()) {
            out = out.replace(form.getKey(), "[REDACTED:" + form.getValue() + "]");
        }
        for (Pattern shape : TOKEN_SHAPES) {
            Matcher m = shape.matcher(out);
            out = m.replaceAll("[REDACTED:token]");
        }
        return out;
    }
}
