package dev.gjallarhorn.twin;

import dev.gjallarhorn.host.HostCommand;
import dev.gjallarhorn.host.HostMounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The host side of the twin's shares, as Bilrost's Lima VM has them (bilrost-target.md §1.5): directories
 * on this machine bound into the twin under {@code /mnt}. They stand for the operator's Mac: a write that
 * shows up here has reached the host.
 *
 * <p>Bilrost always mounts the two agent-data shares writable and shares the whole home directory as
 * {@code /mnt/secrets}; the {@code as-claimed} twin mounts every share read-only and shares only the secrets
 * file's own directory. Faults can change that from the host side ({@link HostDirective}).
 */
public final class TwinShares {

    /** Lima gives the guest user the host user's UID; a typical Mac user is 501. */
    public static final int HOST_UID = 501;
    public static final String SECRETS_FILE = ".openclaw-secrets.env";

    /**
     * One share: its directory name here, its mount point in the twin, whether the VM may write it, and whether it
     * stands for a host home (seeded with a home's decoys: a private key, shell history, cloud credentials).
     */
    public record Share(String name, String mountPoint, boolean writable, boolean home) {
        public Share(String name, String mountPoint, boolean writable) {
            this(name, mountPoint, writable, false);
        }
    }

    /** Every share Bilrost can mount, with its writability in Bilrost's own provisioning. */
    static final List<Share> BILROST = List.of(
            new Share("openclaw", "/mnt/openclaw", false),
            new Share("obsidian", "/mnt/obsidian", false),
            new Share("openclaw-config", "/mnt/openclaw-config", false),
            // Bilrost mounts the *parent directory* of the secrets file: with the wizard's default that is $HOME
            new Share("home", "/mnt/secrets", false),
            new Share("openclaw-agents", "/mnt/openclaw-agents", true),
            new Share("buildlog-data", "/mnt/buildlog-data", true));

    private final Path root;
    private final List<Share> shares;
    private final boolean plainBinds;

    private TwinShares(Path root, List<Share> shares, boolean plainBinds) {
        this.root = root;
        this.shares = List.copyOf(shares);
        this.plainBinds = plainBinds;
    }

    public static List<Share> sharesFor(Profile profile, List<HostDirective> directives) {
        List<Share> shares = new ArrayList<>();
        for (Share share : BILROST) {
            boolean writable = share.writable() && profile == Profile.AS_PROVISIONED
                    || directives.stream().anyMatch(d -> d.key().equals("share-writable") && d.argument(0).equals(share.name()));
            shares.add(new Share(share.name(), share.mountPoint(), writable));
        }
        // share-extra NAME MOUNT_POINT [rw|ro] [home]
        directives.stream().filter(d -> d.key().equals("share-extra"))
                .forEach(d -> shares.add(new Share(d.argument(0), d.argument(1), !d.arguments().contains("ro"), d.arguments().contains("home"))));
        return shares;
    }

    public static TwinShares create(Path root, TwinSources sources, Map<String, String> secrets, Profile profile, List<HostDirective> directives) {
        TwinShares created = new TwinShares(root, sharesFor(profile, directives),
                directives.stream().anyMatch(d -> d.key().equals("shares-plain-bind")));
        boolean fullHome = profile == Profile.AS_PROVISIONED || directives.stream().anyMatch(d -> d.key().equals("share-home-full"));
        try {
            for (Share share : created.shares) {
                Path dir = created.hostDir(share);
                Files.createDirectories(dir);
                Path seed = sources.sharesDir().resolve(share.name());
                if (Files.isDirectory(seed)) {
                    copyTree(seed, dir);
                }
            }
            Path home = created.hostDir(created.share("home"));
            Files.writeString(home.resolve(SECRETS_FILE), CanarySecrets.asEnvFile(secrets));
            List<Path> homes = new java.util.ArrayList<>();
            if (fullHome) {
                homes.add(home);
            }
            created.shares.stream().filter(Share::home).forEach(s -> homes.add(created.hostDir(s)));
            for (Path dir : homes) {
                seedHome(dir);
            }
            for (Share share : created.shares) {
                ownAsHostUser(created.hostDir(share));
            }
            Files.setPosixFilePermissions(home.resolve(SECRETS_FILE), PosixFilePermissions.fromString("rw-------"));
            for (Path dir : homes) {
                Files.setPosixFilePermissions(dir.resolve(".ssh/id_ed25519"), PosixFilePermissions.fromString("rw-------"));
                Files.setPosixFilePermissions(dir.resolve(".ssh"), PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the twin's host shares under " + root, e);
        }
        return created;
    }

    /** What else a Mac home holds, as decoys: a private key, shell history, cloud credentials, documents. */
    private static void seedHome(Path home) throws IOException {
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/id_ed25519"),
                "-----BEGIN OPENSSH PRIVATE KEY-----\nGJHCANARY host private key (not a key)\n-----END OPENSSH PRIVATE KEY-----\n");
        Files.writeString(home.resolve(".zsh_history"), "git push\nssh build-box\n");
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"), "[default]\n# GJHCANARY decoy, not a key\n");
        Files.createDirectories(home.resolve("Documents"));
        Files.writeString(home.resolve("Documents/taxes-2026.txt"), "GJHCANARY a private document of the operator\n");
    }

    public List<Share> shares() {
        return shares;
    }

    public Share share(String name) {
        return shares.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no share " + name));
    }

    public Path hostDir(Share share) {
        return root.resolve(share.name());
    }

    /**
     * Where the twin's mount of a share comes from. A read-only share is frozen into a squashfs image and
     * loop-mounted read-only on this host first, so that not even root in the twin (which holds
     * CAP_SYS_ADMIN and can lift a bind mount's read-only flag) can write to it: the read-only is enforced
     * outside the twin, as Lima's host enforces a read-only virtiofs share. The {@code shares-plain-bind} directive
     * binds every share plainly (read-only by the bind's flag alone), as a Bilrost run in a container has them.
     */
    public Path bindSource(Share share) {
        if (share.writable() || plainBinds) {
            return hostDir(share);
        }
        Path mounted = root.resolve(".ro").resolve(share.name());
        if (!isMountPoint(mounted)) {
            HostMounts.mountReadOnlyImage(hostDir(share), root.resolve(".ro").resolve(share.name() + ".sqsh"), mounted);
        }
        return mounted;
    }

    private static boolean isMountPoint(Path path) {
        try {
            String absolute = path.toAbsolutePath().toString();
            return Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                    .map(l -> l.split(" ")).anyMatch(f -> f.length > 1 && f[1].equals(absolute));
        } catch (IOException e) {
            return false;
        }
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
