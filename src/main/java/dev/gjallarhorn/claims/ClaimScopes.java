package dev.gjallarhorn.claims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.HarnessError;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The written scope of every claim of the default threat model, kept as {@value #RESOURCE}: per claim id, its
 * promise and its dimensions ({@link ClaimScope}). A claim of a user's own document whose id is not there has no
 * scope, and its reports say so.
 */
public final class ClaimScopes {

    public static final String RESOURCE = "dev/gjallarhorn/claims/claim-scopes.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static volatile ClaimScopes bundled;

    private final Map<String, ClaimScope> scopes;

    public ClaimScopes(Map<String, ClaimScope> scopes) {
        this.scopes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scopes));
    }

    /** No scope for any claim. */
    public static ClaimScopes none() {
        return new ClaimScopes(Map.of());
    }

    /** The scopes this build carries ({@value #RESOURCE}), read once. */
    public static ClaimScopes bundled() {
        ClaimScopes read = bundled;
        if (read == null) {
            try (InputStream in = ClaimScopes.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new HarnessError(ExitCode.HARNESS_ERROR, "this build has no " + RESOURCE);
                }
                read = parse(YAML.readTree(in));
            } catch (IOException | IllegalArgumentException e) {
                throw new HarnessError(ExitCode.HARNESS_ERROR, "the claims' scopes " + RESOURCE + " cannot be read: " + e.getMessage(), e);
            }
            bundled = read;
        }
        return read;
    }

    public Optional<ClaimScope> of(String claimId) {
        return Optional.ofNullable(scopes.get(claimId));
    }

    public Map<String, ClaimScope> all() {
        return scopes;
    }

    static ClaimScopes parse(JsonNode root) {
        Map<String, ClaimScope> scopes = new LinkedHashMap<>();
        root.path("claims").fields().forEachRemaining(claim -> {
            String id = claim.getKey();
            JsonNode node = claim.getValue();
            List<ClaimScope.Dimension> dimensions = new ArrayList<>();
            for (JsonNode d : node.path("dimensions")) {
                List<Character> stride = new ArrayList<>();
                d.path("stride").forEach(s -> stride.add(required(s.asText(), id, "a STRIDE letter").charAt(0)));
                List<ClaimScope.Cover> covers = new ArrayList<>();
                for (JsonNode c : d.path("covered-by")) {
                    List<String> parts = new ArrayList<>();
                    c.path("parts").forEach(p -> parts.add(required(p.asText(), id, "a part name")));
                    covers.add(new ClaimScope.Cover(required(c.path("attack").asText(), id, "a cover's attack"), parts));
                }
                String standIn = d.path("stand-in").asText("");
                dimensions.add(new ClaimScope.Dimension(required(d.path("name").asText(), id, "a dimension's name"), stride,
                        d.path("values").asText(""), covers, standIn.isBlank() ? Optional.empty() : Optional.of(standIn.trim())));
            }
            scopes.put(id, new ClaimScope(id, required(node.path("promise").asText(), id, "a promise").trim(), dimensions));
        });
        return new ClaimScopes(scopes);
    }

    private static String required(String text, String claimId, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(claimId + " lacks " + what);
        }
        return text;
    }
}
