package dev.gjallarhorn.attack.syncgate;

import dev.gjallarhorn.remote.RemoteScript;
import dev.gjallarhorn.remote.SshEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A directory on the harness's host from which Bilrost's {@code scripts/sync-gate.sh} can be run against the run's
 * target as if it were Bilrost's Lima instance (bilrost-target.md §C5, "Running the gate from a Linux harness"):
 *
 * <pre>
 * DIR/bin/limactl        list --json / shell NAME -- CMD / show-ssh --format=config NAME, for the instance NAME only,
 *                        answered in real limactl's shapes (test resource limactl-real-output.txt lists them, with sources)
 * DIR/bin/ssh            the real ssh with the run's pinned host key (its options win over the gate's own)
 * DIR/instance.env       NAME, CONFIG, SSH for the two scripts above
 * DIR/ssh_config         Host lima-NAME: the run's endpoint and login key, StrictHostKeyChecking yes (the sshConfigFile)
 * DIR/show-ssh.config    what {@code limactl show-ssh --format=config NAME} prints: Lima's options, in Lima's order
 * DIR/list.json          what {@code limactl list --json NAME} prints: one compact JSON object, Lima's keys in Lima's order
 * DIR/known_hosts        the target's host keys, read over the run's own connection, which was verified against the pin
 * DIR/checkout/scripts/  a copy of the directory that holds the gate script (the user's checkout is never run in place)
 * DIR/checkout/lima/openclaw-sandbox.generated.yaml   /mnt/openclaw's host location: DIR/host, a scratch directory
 * DIR/host/              what the gate would apply to; it holds only what a candidate says the host already has
 * DIR/tmp/               TMPDIR of the gate, so whatever it stages is removed with DIR
 * </pre>
 *
 * Everything lives under {@code DIR}, whose name carries the run token; {@link #close()} removes it.
 */
public final class LimactlShim implements AutoCloseable {

    /** The instance name Bilrost's scripts hard-code ({@code VM_NAME} in sync-gate.sh). */
    public static final String INSTANCE = "openclaw-sandbox";
    // these run on this host as programs, not on the target: as written, with their shebang first
    private static final RemoteScript LIMACTL = RemoteScript.loadAsWritten(LimactlShim.class, "limactl-shim.sh");
    private static final RemoteScript SSH = RemoteScript.loadAsWritten(LimactlShim.class, "ssh-pinned.sh");

    private final Path dir;
    private final Path script;

    private LimactlShim(Path dir, Path script) {
        this.dir = dir;
        this.script = script;
    }

    /**
     * Lays the directory out.
     *
     * @param token     the run token, in the directory's name
     * @param endpoint  where the target's sshd listens and whom to log in as
     * @param identity  the login key (a file the real ssh can read)
     * @param hostKeys  the target's host keys as {@code .pub} lines ({@code TYPE BASE64 [COMMENT]})
     * @param gate      the gate script of the user's Bilrost checkout
     * @param ssh       the real ssh program on this host
     * @throws UncheckedIOException when the directory cannot be written
     */
    public static LimactlShim create(String token, SshEndpoint endpoint, Path identity, List<String> hostKeys, Path gate, Path ssh) {
        try {
            Path dir = Files.createTempDirectory(token + "-sync-gate-");
            Files.createDirectories(dir.resolve("bin"));
            Files.createDirectories(dir.resolve("host"));
            Files.createDirectories(dir.resolve("tmp"));
            Files.createDirectories(dir.resolve("checkout/lima"));
            executable(dir.resolve("bin/limactl"), LIMACTL.text());
            executable(dir.resolve("bin/ssh"), SSH.text());
            Files.writeString(dir.resolve("instance.env"), "NAME=" + INSTANCE + "\nCONFIG='" + dir.resolve("ssh_config") + "'\nSSH='" + ssh + "'\n");
            Files.writeString(dir.resolve("ssh_config"), LimaShimFiles.sshConfig(endpoint, identity, dir.resolve("known_hosts")));
            Files.writeString(dir.resolve("known_hosts"), LimaShimFiles.knownHosts(endpoint, hostKeys));
            Files.writeString(dir.resolve("show-ssh.config"), LimaShimFiles.showSshConfig(endpoint, identity, dir.resolve("ssh.sock")));
            Files.writeString(dir.resolve("list.json"), LimaShimFiles.listJson(endpoint, dir, dir.resolve("ssh_config")));
            Path scripts = dir.resolve("checkout/scripts");
            copyTree(gate.toAbsolutePath().getParent(), scripts, gate.toAbsolutePath());
            Files.writeString(dir.resolve("checkout/lima/" + INSTANCE + ".generated.yaml"), LimaShimFiles.generatedYaml(token, dir.resolve("host")));
            return new LimactlShim(dir, scripts.resolve(gate.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out the limactl shim for the sync gate: " + e.getMessage(), e);
        }
    }

    /** The copy of the gate script to run (its directory beside a {@code lima/} with the generated file). */
    public Path script() {
        return script;
    }

    /** The copy's checkout: the working directory to run the gate in. */
    public Path checkout() {
        return dir.resolve("checkout");
    }

    /** The scratch directory the gate takes for the host's checkout. */
    public Path hostCheckout() {
        return dir.resolve("host");
    }

    public Path dir() {
        return dir;
    }

    /**
     * The gate's environment: {@code PATH} is this shim's {@code bin/}, then {@code extra}, then {@code inherited};
     * {@code TMPDIR} is inside the directory. With {@code withoutProgram}, every directory that holds that program
     * is replaced by a view of it without the program (symbolic links to everything else in it), so the gate
     * finds the rest of its tools but not that one.
     */
    public Map<String, String> environment(String inherited, List<Path> extra, Optional<String> withoutProgram) {
        List<String> dirs = new ArrayList<>();
        dirs.add(dir.resolve("bin").toString());
        extra.forEach(p -> dirs.add(p.toAbsolutePath().toString()));
        if (inherited != null && !inherited.isBlank()) {
            dirs.addAll(List.of(inherited.split(":")));
        }
        String path = String.join(":", dirs);
        if (withoutProgram.isPresent()) {
            path = pathWithout(path, withoutProgram.get(), dir.resolve("path-view"));
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", path);
        env.put("TMPDIR", dir.resolve("tmp").toString());
        return env;
    }

    /**
     * {@code path} with {@code program} gone: each directory of it that holds the program becomes a directory
     * under {@code views} with symbolic links to its other entries.
     */
    static String pathWithout(String path, String program, Path views) {
        List<String> out = new ArrayList<>();
        int n = 0;
        for (String entry : path.split(":")) {
            Path d = Path.of(entry.isEmpty() ? "." : entry);
            if (!Files.exists(d.resolve(program), LinkOption.NOFOLLOW_LINKS)) {
                out.add(entry);
                continue;
            }
            Path view = views.resolve(Integer.toString(n++));
            try (Stream<Path> entries = Files.list(d)) {
                Files.createDirectories(view);
                for (Path e : entries.toList()) {
                    if (!e.getFileName().toString().equals(program)) {
                        Files.createSymbolicLink(view.resolve(e.getFileName().toString()), e.toAbsolutePath());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make a view of " + d + " without " + program, e);
            }
            out.add(view.toString());
        }
        return String.join(":", out);
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    /** The gate's own directory (its helpers, if it has any), two levels deep; only the gate if that is a large tree. */
    private static void copyTree(Path from, Path to, Path gate) throws IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(from, 2)) {
            all = walk.limit(301).toList();
        }
        if (all.size() > 300) {
            Files.createDirectories(to);
            Files.copy(gate, to.resolve(gate.getFileName().toString()), StandardCopyOption.COPY_ATTRIBUTES);
            return;
        }
        {
            for (Path p : all) {
                Path copy = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(copy);
                } else if (Files.isRegularFile(p)) {
                    Files.copy(p, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** Removes the directory and everything in it. */
    @Override
    public void close() {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}
