package dev.gjallarhorn.surface;

import java.util.Arrays;
import java.util.Optional;

/**
 * One entry of the target's mount table, as {@code findmnt} reports it: its id and parent, the device
 * ({@code maj:min}) of its filesystem, the directory of that filesystem it shows ({@code fsRoot}: not {@code /}
 * for a bind mount of a subdirectory), where it is mounted, its source and type, and the per-mount
 * ({@code vfsOptions}) and filesystem ({@code fsOptions}) options.
 */
public record Mount(int id, int parent, String device, String fsRoot, String target, String source, String fsType,
                    String vfsOptions, String fsOptions) {

    /** Mounted writable: neither the mount nor its filesystem is read-only. */
    public boolean writable() {
        return !has(vfsOptions, "ro") && !has(fsOptions, "ro");
    }

    public String mode() {
        return writable() ? "rw" : "ro";
    }

    /** The lower directory of an overlay mount, if this is one. */
    public Optional<String> overlayLower() {
        return overlayOption("lowerdir");
    }

    /** The upper (writable) directory of an overlay mount, if this is one with one. */
    public Optional<String> overlayUpper() {
        return overlayOption("upperdir");
    }

    /** The work directory of an overlay mount, if this is one with an upper layer. */
    public Optional<String> overlayWork() {
        return overlayOption("workdir");
    }

    private Optional<String> overlayOption(String name) {
        return Arrays.stream(fsOptions.split(",")).filter(o -> o.startsWith(name + "=")).map(o -> o.substring(name.length() + 1)).findFirst();
    }

    private static boolean has(String options, String option) {
        return Arrays.asList(options.split(",")).contains(option);
    }

    @Override
    public String toString() {
        return target + " (" + fsType + " " + source + (fsRoot.equals("/") ? "" : "[" + fsRoot + "]") + ", " + mode() + ")";
    }
}
