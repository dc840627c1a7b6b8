package dev.gjallarhorn.twin;

import dev.gjallarhorn.remote.BadTargetSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Which twin to start: a profile and named faults, written {@code as-claimed+fault1,fault2}.
 * Faults are single-claim mutations from {@code lima/twin/faults/} meant for {@code as-claimed}.
 */
public record TwinSpec(Profile profile, List<String> faults) {

    public TwinSpec {
        faults = List.copyOf(faults);
    }

    public static TwinSpec of(Profile profile, String... faults) {
        return new TwinSpec(profile, List.of(faults));
    }

    /** Parses the part after {@code twin:}; an empty string is the default profile. */
    public static TwinSpec parse(String text) {
        if (text == null || text.isBlank()) {
            return new TwinSpec(Profile.AS_PROVISIONED, List.of());
        }
        String[] split = text.split("\\+", 2);
        Profile profile = Profile.of(split[0].trim());
        List<String> faults = new ArrayList<>();
        if (split.length > 1) {
            for (String fault : split[1].split(",")) {
                String name = fault.trim();
                if (!name.matches("[a-z0-9][a-z0-9-]*")) {
                    throw new BadTargetSpec("fault name '" + name + "' is not a fault (lower-case words joined by '-')");
                }
                if (faults.contains(name)) {
                    throw new BadTargetSpec("fault " + name + " is named twice");
                }
                faults.add(name);
            }
        }
        return new TwinSpec(profile, faults);
    }

    @Override
    public String toString() {
        return profile.id() + (faults.isEmpty() ? "" : "+" + String.join(",", faults));
    }
}
