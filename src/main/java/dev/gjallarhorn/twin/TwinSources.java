package dev.gjallarhorn.twin;

import dev.gjallarhorn.remote.BadTargetSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** The twin's build context, {@code lima/twin/} of the gjallarhorn checkout. */
public record TwinSources(Path dir) {

    /** Finds {@code lima/twin} from {@code gjallarhorn.home}, {@code GJALLARHORN_HOME} or the working directory upwards. */
    public static TwinSources locate() {
        String home = System.getProperty("gjallarhorn.home", System.getenv("GJALLARHORN_HOME"));
        Path start = (home == null || home.isBlank() ? Path.of("") : Path.of(home)).toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            Path candidate = p.resolve("lima/twin");
            if (Files.isRegularFile(candidate.resolve("provision.sh"))) {
                return new TwinSources(candidate);
            }
        }
        throw new TwinUnavailable("cannot find lima/twin/provision.sh above " + start
                + "; run from the gjallarhorn checkout or set -Dgjallarhorn.home");
    }

    public List<String> faults() {
        try (Stream<Path> files = Files.list(dir.resolve("faults"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sh"))
                    .map(n -> n.substring(0, n.length() - 3)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir.resolve("faults"), e);
        }
    }

    /** Fails with the list of known faults if the spec names one that does not exist. */
    public TwinSpec validate(TwinSpec spec) {
        List<String> known = faults();
        for (String fault : spec.faults()) {
            if (!known.contains(fault)) {
                throw new BadTargetSpec("unknown twin fault '" + fault + "'; known: " + String.join(", ", known));
            }
        }
        return spec;
    }

    /** The host-side changes ({@code # host: …} lines) of the named faults. */
    public List<HostDirective> hostDirectives(List<String> faults) {
        List<HostDirective> directives = new java.util.ArrayList<>();
        for (String fault : faults) {
            try {
                for (String line : Files.readAllLines(dir.resolve("faults/" + fault + ".sh"))) {
                    if (line.startsWith("# host: ")) {
                        directives.add(HostDirective.parse(line.substring("# host: ".length())));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read fault " + fault, e);
            }
        }
        return directives;
    }

    public Path baseScript() {
        return dir.resolve("base/build-base.sh");
    }

    public Path sandboxImageDir() {
        return dir.resolve("sandbox-image");
    }

    public Path sharesDir() {
        return dir.resolve("shares");
    }

    /** A short digest of every file under {@code sub} (all of the twin when empty), for image tags. */
    public String digest(String... subs) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<Path> roots = subs.length == 0 ? List.of(dir) : Stream.of(subs).map(dir::resolve).toList();
            for (Path root : roots) {
                try (Stream<Path> walk = Files.walk(root)) {
                    for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                        sha.update(dir.relativize(file).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        sha.update((byte) 0);
                        sha.update(Files.readAllBytes(file));
                        sha.update((byte) (Files.isExecutable(file) ? 1 : 0));
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
