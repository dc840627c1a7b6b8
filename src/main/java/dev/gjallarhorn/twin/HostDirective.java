package dev.gjallarhorn.twin;

import java.util.List;

/**
 * A change a fault makes on the host side when the twin is created (the twin cannot make it from inside),
 * written in the fault script as {@code # host: KEY ARG...}: {@code share-writable NAME}, {@code share-extra
 * NAME MOUNT_POINT [rw|ro] [home]} (writable unless {@code ro}; {@code home} seeds a home's decoys),
 * {@code share-home-full}, {@code shares-plain-bind}.
 */
public record HostDirective(String key, List<String> arguments) {

    public HostDirective {
        arguments = List.copyOf(arguments);
    }

    public String argument(int index) {
        if (index >= arguments.size()) {
            throw new IllegalArgumentException("host directive " + key + " needs " + (index + 1) + " argument(s), has " + arguments);
        }
        return arguments.get(index);
    }

    static HostDirective parse(String text) {
        String[] words = text.trim().split("\\s+");
        return new HostDirective(words[0], List.of(words).subList(1, words.length));
    }
}
