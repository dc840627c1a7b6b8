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

    /** One way a learned secret can appear in text: the value itself or one of its encodings. */
    public record Form(String text, String secretName, String encoding) {
    }

    /** Every form a learned value is searched for, longest first. */
    public synchronized List<Form> forms() {
        List<Form> forms = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Map.Entry<String, String> secret : learned.entrySet()) {
            for (Map.Entry<String, String> encoded : encodings(secret.getKey()).entrySet()) {
                if (seen.add(encoded.getValue())) {
                    forms.add(new Form(encoded.getValue(), secret.getValue(), encoded.getKey()));
                }
            }
        }
        forms.sort(Comparator.comparingInt((Form f) -> f.text().length()).reversed());
        return forms;
    }

    static Map<String, String> encodings(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        Map<String, String> forms = new LinkedHashMap<>();
        forms.put("raw", value);
        forms.put("base64", Base64.getEncoder().encodeToString(bytes));
        forms.put("base64 (unpadded)", Base64.getEncoder().withoutPadding().encodeToString(bytes));
        forms.put("base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        forms.put("hex", HexFormat.of().formatHex(bytes));
        forms.put("HEX", HexFormat.of().withUpperCase().formatHex(bytes));
        String url = URLEncoder.encode(value, StandardCharsets.UTF_8);
        if (!url.equals(value)) {
            forms.put("url-encoded", url);
        }
        String json = jsonEscaped(value);
        if (!json.equals(value)) {
            forms.put("json-escaped", json); // as the value stands inside a JSON string written by Jackson
        }
        // inside a longer base64 text (a Basic auth header is base64 of "user:" + secret) the value's characters
        // start at any of three offsets; the characters that depend on its bytes alone are the same wherever it sits
        for (int offset = 1; offset <= 2; offset++) {
            byte[] shifted = new byte[offset + bytes.length];
            System.arraycopy(bytes, 0, shifted, offset, bytes.length);
            String encoded = Base64.getEncoder().withoutPadding().encodeToString(shifted);
            int from = (offset + 2) / 3 * 4;
            int to = (offset + bytes.length) / 3 * 4;
            if (to - from >= 12) {
                forms.put("base64 (inside a longer text, offset " + offset + ")", encoded.substring(from, to));
            }
        }
        return forms;
    }

    /** The value as JSON writes it inside a string: quote, backslash and control characters escaped. */
    static String jsonEscaped(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    public boolean knowsSecrets() {
        return !learned.isEmpty();
    }

    public String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (Form form : forms()) {
            out = out.replace(form.text(), "[REDACTED:" + form.secretName() + "]");
        }
        for (Pattern shape : TOKEN_SHAPES) {
            Matcher m = shape.matcher(out);
            out = m.replaceAll("[REDACTED:token]");
        }
        return out;
    }
}
