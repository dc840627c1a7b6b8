package dev.gjallarhorn.claims;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One checkable statement of a threat model: a register row or a control bullet.
 *
 * @param id         literal id: {@code T-001}, {@code C-FIREWALL}, {@code N-RATE-LIMITING}
 * @param kind       register row, existing control or absent control
 * @param title      the threat (register) or the control's name (lists)
 * @param status     the claimed status
 * @param statusText the status cell or bullet text as written, e.g. {@code Fixed (pairing-based auth)}
 * @param stride     STRIDE categories of a register row; empty for controls
 * @param risk       likelihood x impact from the register; empty for controls
 * @param line       1-based line of the claim in its document
 */
public record Claim(String id, ClaimKind kind, String title, ClaimedStatus status, String statusText,
                    List<Stride> stride, int likelihood, int impact, OptionalInt risk, int line) {

    public Claim {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        stride = List.copyOf(stride);
    }

    public static Claim control(String id, ClaimKind kind, String name, String text, int line) {
        ClaimedStatus status = kind == ClaimKind.CONTROL_ABSENT ? ClaimedStatus.ABSENT : ClaimedStatus.EXISTS;
        return new Claim(id, kind, name, status, text, List.of(), 0, 0, OptionalInt.empty(), line);
    }

    /** The id a control bullet gets: prefix + name upper-cased, runs of non-alphanumerics turned into '-'. */
    public static String controlId(ClaimKind kind, String name) {
        String prefix = switch (kind) {
            case CONTROL_EXISTS -> "C-";
            case CONTROL_ABSENT -> "N-";
            case RISK -> throw new IllegalArgumentException("register rows carry their own ids");
        };
        String slug = name.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]+", "-").replaceAll("^-+|-+$", "");
        return prefix + slug;
    }
}
