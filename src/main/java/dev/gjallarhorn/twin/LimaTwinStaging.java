package dev.gjallarhorn.twin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@code lima/bilrost-twin.yaml} mounts, put where it expects it ({@code ~/.gjallarhorn/lima/}): the
 * provisioning scripts at {@code provision/} and the host shares at {@code shares/}. Existing shares are left
 * alone; they may hold a user's own data or belong to a VM that still runs.
 */
public final class LimaTwinStaging {

    private LimaTwinStaging() {
    }

    public static Path root() {
        return TwinRecord.twinsDir().getParent().resolve("lima");
    }

    public static Path stage(TwinSources sources) {
        Path root = root();
        Path provision = root.resolve("provision");
        try {
            Files.createDirectories(provision);
            try (Stream<Path> walk = Files.walk(sources.dir())) {
                for (Path file : walk.toList()) {
                    Path relative = sources.dir().relativize(file);
                    if (relative.startsWith("base") || relative.startsWith("shares")) {
                        continue;
                    }
                    Path copy = provision.resolve(relative.toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
            if (!Files.isDirectory(root.resolve("shares"))) {
                TwinShares.create(root.resolve("shares"), sources, CanarySecrets.generate(), Profile.AS_PROVISIONED, List.of());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the Lima twin under " + root, e);
        }
        return root;
    }
}
