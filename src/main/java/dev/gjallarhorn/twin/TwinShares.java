package dev.gjallarhorn.twin;

import dev.gjallarhorn.host.HostCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The host side of the twin's shares, as Bilrost's Lima VM has them (bilrost-target.md §1.5): directories
 * on this machine bound into the twin under {@code /mnt}. They stand for the operator's Mac: a write that
 * shows up here has reached the host.
 */
public record TwinShares(Path root) {

    /** Lima gives the guest user the host user's UID; a typical Mac user is 501. */
    public static final int HOST_UID = 501;

    /** One share: its directory name here, its mount point in the twin, and whether the VM may write it. */
    public record Share(String name, String mountPoint, boolean writable) {
    }

    public static final List<Share> SHARES = List.of(
            new Share("openclaw", "/mnt/openclaw", false),
            new Share("obsidian", "/mnt/obsidian", false),
            new Share("openclaw-config", "/mnt/openclaw-config", false),
            // Bilrost mounts the *parent directory* of the secrets file: with the wizard's default that is $HOME
            new Share("home", "/mnt/secrets", false),
            new Share("openclaw-agents", "/mnt/openclaw-agents", true),
            new Share("buildlog-data", "/mnt/buildlog-data", true));

    public static TwinShares create(Path root, TwinSources sources, Map<String, String> secrets) {
        TwinShares shares = new TwinShares(root);
        try {
            for (Share share : SHARES) {
                Path dir = shares.hostDir(share);
                Files.createDirectories(dir);
                Path seed = sources.sharesDir().resolve(share.name());
                if (Files.isDirectory(seed)) {
                    copyTree(seed, dir);
                }
            }
            Path home = shares.hostDir(SHARES.get(3));
            Files.writeString(home.resolve(".openclaw-secrets.env"), CanarySecrets.asEnvFile(secrets));
            Files.createDirectories(home.resolve(".ssh"));
            Files.writeString(home.resolve(".ssh/id_ed25519"),
                    "-----BEGIN OPENSSH PRIVATE KEY-----\nGJHCANARY host private key (not a key)\n-----END OPENSSH PRIVATE KEY-----\n");
            for (Share share : SHARES) {
                ownAsHostUser(shares.hostDir(share));
            }
            Files.setPosixFilePermissions(home.resolve(".openclaw-secrets.env"), PosixFilePermissions.fromString("rw-------"));
            Files.setPosixFilePermissions(home.resolve(".ssh/id_ed25519"), PosixFilePermissions.fromString("rw-------"));
            Files.setPosixFilePermissions(home.resolve(".ssh"), PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the twin's host shares under " + root, e);
        }
        return shares;
    }

    public Path hostDir(Share share) {
        return root.resolve(share.name());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path copy = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else if (!source.getFileName().toString().equals(".keep")) {
                    Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void ownAsHostUser(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                if (HostCommand.isRootCached()) {
                    Files.setAttribute(p, "unix:uid", HOST_UID);
                    Files.setAttribute(p, "unix:gid", HOST_UID);
                }
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }
}
