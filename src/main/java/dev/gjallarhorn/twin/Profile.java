package dev.gjallarhorn.twin;

import dev.gjallarhorn.remote.BadTargetSpec;
import java.util.Arrays;
import java.util.stream.Collectors;

/** How the twin is configured. */
public enum Profile {
    /** What Bilrost's provisioning really builds, weaknesses included. The default. */
    AS_PROVISIONED("as-provisioned"),
    /** The same machine, configured exactly as Bilrost's threat model claims. */
    AS_CLAIMED("as-claimed");

    private final String id;

    Profile(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Profile of(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst().orElseThrow(() -> new BadTargetSpec(
                "unknown twin profile '" + id + "'; known: " + Arrays.stream(values()).map(Profile::id).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return id;
    }
}
