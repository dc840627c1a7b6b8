package dev.gjallarhorn.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gjallarhorn.report.ReportFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How long each secret of {@code secrets.env} has held its value, from the run history rather than from the
 * file's own {@code # Generated:} header (which Bilrost rewrites at every provisioning, old values or not). Each
 * value is kept only as a keyed fingerprint: HMAC-SHA256 under a random key that lives in {@code history.json},
 * 16 hex characters — never the value. The key is this host's ({@code fingerprint.key} in the state directory,
 * {@code -Dgjallarhorn.state}, default {@code ~/.gjallarhorn}, mode 0600), never in the reports: a history that is
 * uploaded or shared cannot be used to test guesses of a secret. Per target and secret, the history keeps the fingerprint, since when it has
 * been seen and on which machine ({@code targets.TARGET.secrets.NAME = {fingerprint, since, lastSeen, machine}}, the
 * machine being the host key the run's connection verified): on the same machine, the value is unchanged since
 * {@code since}, and a fingerprint that differs from the last run's is a rotation. Another machine under the same
 * name (a fresh twin, a VM created anew) has no history yet.
 */
public final class SecretFingerprints {

    /** What the history says of one secret. {@code previousSince} is set when this run saw a new value. */
    public record Seen(String name, String fingerprint, Instant since, Optional<Instant> rotatedAfter, boolean known) {

        /** Whole days the value has been unchanged, as far as the history reaches. */
        public long unchangedDays(Instant now) {
            return Duration.between(since, now).toDays();
        }

        public boolean rotated() {
            return rotatedAfter.isPresent();
        }
    }

    static final String KEY_FILE = "fingerprint.key";

    private SecretFingerprints() {
    }

    /**
     * Compares this run's secret values (name to value, in memory) with what the history in {@code reports}
     * recorded for {@code target}. Reads only; {@link #record} writes.
     */
    public static Map<String, Seen> compare(Path reports, Path state, String target, String machine, Map<String, String> secrets, Instant now) {
        Path file = reports.resolve(RunHistory.FILE);
        JsonNode root = Files.isRegularFile(file) ? ReportFiles.readJson(file, "a gjallarhorn run history") : null;
        String key = existingKey(state).orElse(null);
        JsonNode known = root == null ? null : root.path("targets").path(target).path("secrets");
        Map<String, Seen> seen = new LinkedHashMap<>();
        secrets.forEach((name, value) -> {
            String fingerprint = key == null ? null : fingerprint(key, value);
            JsonNode prior = known == null || !known.path(name).path("machine").asText("").equals(machine) ? null : known.path(name);
            if (fingerprint != null && prior != null && fingerprint.equals(prior.path("fingerprint").asText())) {
                seen.put(name, new Seen(name, fingerprint, Instant.parse(prior.path("since").asText()), Optional.empty(), true));
            } else if (fingerprint != null && prior != null && prior.path("fingerprint").isTextual()) {
                seen.put(name, new Seen(name, fingerprint, now, Optional.of(Instant.parse(prior.path("lastSeen").asText(now.toString()))), true));
            } else {
                seen.put(name, new Seen(name, fingerprint, now, Optional.empty(), false));
            }
        });
        return seen;
    }

    /** Writes this run's fingerprints into the history tree (this host's key is made on first use). */
    static void record(ObjectNode forTarget, Path state, String machine, Map<String, String> secrets, Map<String, Seen> seen, Instant now) {
        if (secrets.isEmpty()) {
            return;
        }
        String key = existingKey(state).orElseGet(() -> newKey(state));
        ObjectNode node = forTarget.with("secrets");
        secrets.forEach((name, value) -> {
            String fingerprint = fingerprint(key, value);
            Seen before = seen.get(name);
            Instant since = before != null && before.known() && !before.rotated() && fingerprint.equals(before.fingerprint()) ? before.since() : now;
            ObjectNode entry = node.putObject(name);
            entry.put("fingerprint", fingerprint);
            entry.put("since", since.toString());
            entry.put("lastSeen", now.toString());
            entry.put("machine", machine);
        });
    }

    private static Optional<String> existingKey(Path state) {
        Path file = state.resolve(KEY_FILE);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file).strip()).filter(k -> k.matches("[0-9a-f]{64}")) : Optional.empty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String newKey(Path state) {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String key = HexFormat.of().formatHex(bytes);
        Path file = state.resolve(KEY_FILE);
        try {
            Files.createDirectories(state);
            Files.writeString(file, key + "\n");
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (java.io.IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("cannot keep the fingerprint key in " + file + ": " + e.getMessage(), e);
        }
        return key;
    }

    /** HMAC-SHA256 of the value under the hex key, first 16 hex characters. */
    public static String fingerprint(String hexKey, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HexFormat.of().parseHex(hexKey), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
