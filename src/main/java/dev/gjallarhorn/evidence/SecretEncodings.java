package dev.gjallarhorn.evidence;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** The ways one secret value can be written in text: raw and in the encodings {@link Redactor} scrubs. Pure functions. */
final class SecretEncodings {

    private SecretEncodings() {
    }

    /**
     * The value's forms by encoding name ({@code raw}, {@code base64}, {@code hex}, {@code url-encoded}, …), in a fixed
     * order; url-encoded and json-escaped forms only where they differ from the value.
     */
    static Map<String, String> of(String value) {
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
}
