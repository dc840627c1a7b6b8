package dev.gjallarhorn.claims;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The claims of one threat model document, in document order, with the document's own lines. */
public record ThreatModel(Path source, List<String> lines, List<Claim> claims) {

    public ThreatModel {
        lines = List.copyOf(lines);
        claims = List.copyOf(claims);
    }

    public Optional<Claim> claim(String id) {
        return claims.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public Claim require(String id) {
        return claim(id).orElseThrow(() -> new IllegalArgumentException(
                "the threat model " + source + " has no claim " + id + "; it has " + claims.stream().map(Claim::id).toList()));
    }
}
