package dev.gjallarhorn.claims;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The claims of one threat model document, in document order, with the document's own lines and the encoding it
 * was read in ({@link ThreatModelText}).
 */
public record ThreatModel(Path source, List<String> lines, List<Claim> claims, Charset encoding) {

    public ThreatModel {
        lines = List.copyOf(lines);
        claims = List.copyOf(claims);
        Objects.requireNonNull(encoding, "encoding");
    }

    /** A document read as UTF-8. */
    public ThreatModel(Path source, List<String> lines, List<Claim> claims) {
        this(source, lines, claims, StandardCharsets.UTF_8);
    }

    public Optional<Claim> claim(String id) {
        return claims.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public Claim require(String id) {
        return claims.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "the threat model " + source + " has no claim " + id + "; it has " + claims.stream().map(Claim::id).toList()));
    }
}
