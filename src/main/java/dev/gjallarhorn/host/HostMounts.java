package dev.gjallarhorn.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Read-only filesystem images on this host: a directory frozen into squashfs and loop-mounted. */
public final class HostMounts {

    private HostMounts() {
    }

    /**
     * Freezes {@code source} into a squashfs image and mounts it read-only at {@code mountPoint}. squashfs cannot
     * be remounted writable, not even by a root that holds CAP_SYS_ADMIN: the read-only is the medium's, as with
     * a share the host exports read-only.
     */
    public static void mountReadOnlyImage(Path source, Path image, Path mountPoint) {
        ensureMksquashfs();
        try {
            Files.createDirectories(image.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HostCommand.Result built = HostCommand.run(Duration.ofMinutes(2), "mksquashfs", source.toString(), image.toString(),
                "-noappend", "-quiet", "-no-progress");
        if (!built.ok()) {
            throw new IllegalStateException("mksquashfs " + source + " failed: " + built.lastLine());
        }
        try {
            Files.createDirectories(mountPoint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HostCommand.Result mounted = HostCommand.run(Duration.ofSeconds(30), "mount", "-t", "squashfs", "-o", "loop,ro",
                image.toString(), mountPoint.toString());
        if (!mounted.ok()) {
            throw new IllegalStateException("cannot mount " + image + " read-only: " + mounted.lastLine());
        }
    }

    /** Unmounts everything mounted at or below {@code root}, deepest first. */
    public static void unmountUnder(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        List<Path> mounted = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] fields = line.split(" ");
                if (fields.length > 1) {
                    Path point = Path.of(fields[1].replace("\\040", " "));
                    if (point.startsWith(absolute)) {
                        mounted.add(point);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/mounts", e);
        }
        mounted.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path point : mounted) {
            HostCommand.Result result = HostCommand.run(Duration.ofSeconds(30), "umount", point.toString());
            if (!result.ok()) {
                HostCommand.run(Duration.ofSeconds(30), "umount", "-l", point.toString());
            }
        }
    }

    private static void ensureMksquashfs() {
        HostPackages.ensure("squashfs-tools", "mksquashfs");
}
}
