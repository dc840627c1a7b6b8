package dev.gjallarhorn.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code NAME=value} assignments of the environments a run reads, for {@link Redactor#learnEnvironment}: an
 * {@code env} listing or a {@code /proc/PID/environ} (NUL- or newline-separated), and {@code docker inspect}'s
 * {@code Config.Env}; and the values of a secrets file ({@code secrets.env}).
 */
public final class Environments {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Environments() {
    }

    /**
     * The assignments of an {@code env} listing or a {@code /proc/PID/environ}: each NUL- or newline-separated entry
     * that starts with a variable name and {@code =}. A line of a multi-line value that does not look like an
     * assignment is skipped.
     */
    public static List<String> assignments(String listing) {
        List<String> found = new ArrayList<>();
        for (String entry : listing.split("[\\n\\u0000]")) {
            String line = entry.endsWith("\r") ? entry.substring(0, entry.length() - 1) : entry;
            if (line.matches("[A-Za-z_][A-Za-z0-9_.-]*=.*")) {
                found.add(line);
            }
        }
        return found;
    }

    /**
     * Every entry of {@code Config.Env} of every object in {@code docker inspect}'s output (a JSON array of
     * containers or images); empty if the text is not such JSON (a failed inspect prints an error instead).
     */
    public static List<String> dockerConfigEnv(String inspectJson) {
        List<String> found = new ArrayList<>();
        JsonNode root;
        try {
            root = JSON.readTree(inspectJson == null ? "" : inspectJson);
        } catch (IOException notJson) {
            return found;
        }
        if (root == null) {
            return found;
        }
        for (JsonNode object : root.isArray() ? root : List.of(root)) {
            object.path("Config").path("Env").forEach(e -> {
                if (e.isTextual()) {
                    found.add(e.asText());
                }
            });
        }
        return found;
    }

    /**
     * The values of a secrets file in the {@code NAME=value} form systemd's {@code EnvironmentFile} and a shell read:
     * name to value, in file order; comments and lines without a name skipped, a leading {@code export} and one pair
     * of surrounding quotes removed. A value may be empty.
     */
    public static Map<String, String> secretsFile(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip().replaceFirst("^export\\s+", "");
            int eq = trimmed.indexOf('=');
            if (trimmed.startsWith("#") || eq <= 0) {
                continue;
            }
            String value = trimmed.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            values.put(trimmed.substring(0, eq).strip(), value);
        }
        return values;
    }
}
