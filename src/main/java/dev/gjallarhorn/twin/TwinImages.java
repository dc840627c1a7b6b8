package dev.gjallarhorn.twin;

import dev.gjallarhorn.host.HostCommand;
import dev.gjallarhorn.host.Progress;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Image;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds the images the twin needs, locally and without a registry, and caches them in the engine:
 * <ol>
 *   <li>a Debian bookworm base from debootstrap ({@code gjallarhorn/bookworm-base}), unless
 *       {@code -Dgjallarhorn.twin.base=IMAGE} names one (e.g. {@code debian:bookworm-slim} where a registry answers);</li>
 *   <li>{@code openclaw-sandbox:bookworm-slim} for the twin's own Docker engine, saved into the twin's build context;</li>
 *   <li>the twin itself ({@code gjallarhorn/twin}), provisioned by {@code provision.sh install}.</li>
 * </ol>
 * Tags carry a digest of their sources, so a change to {@code lima/twin} rebuilds and nothing else does.
 */
public final class TwinImages {

    private static final String BASE_REPO = "gjallarhorn/bookworm-base";
    private static final String SANDBOX_REPO = "gjallarhorn/openclaw-sandbox";
    private static final String TWIN_REPO = "gjallarhorn/twin";

    private final DockerClient docker;
    private final TwinSources sources;

    public TwinImages(DockerClient docker, TwinSources sources) {
        this.docker = docker;
        this.sources = sources;
    }

    /** The twin image's tag, built first if this engine does not have it. */
    public String ensureTwinImage() {
        String base = ensureBase();
        String tag = TWIN_REPO + ":" + sources.digest("Dockerfile", "provision.sh", "bin", "faults", "sandbox-image")
                + "-" + shortId(base);
        if (exists(tag)) {
            return tag;
        }
        String sandbox = ensureSandboxImage(base);
        Progress.Step step = Progress.step("building the twin image " + tag + " (first run only)");
        Path context = stageTwinContext(sandbox);
        try {
            build(context, base, tag);
        } finally {
            deleteTree(context);
        }
        removeOlder(TWIN_REPO, tag);
        step.done("built the twin image");
        return tag;
    }

    /** The base image's tag, built first if missing: the Debian base every twin image starts from. */
    public String ensureBase() {
        String configured = System.getProperty("gjallarhorn.twin.base");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String tag = BASE_REPO + ":" + sources.digest("base");
        if (exists(tag)) {
            return tag;
        }
        Progress.Step step = Progress.step("building a Debian bookworm base image with debootstrap (first run only, ~1 min)");
        if (!HostCommand.onPath("debootstrap")) {
            if (!HostCommand.isRoot() || !HostCommand.onPath("apt-get")) {
                throw new TwinUnavailable("building the twin's base image needs debootstrap (sudo apt-get install debootstrap)"
                        + " and root, or -Dgjallarhorn.twin.base=debian:bookworm-slim where a registry answers");
            }
            HostCommand.Result install = HostCommand.run(Duration.ofMinutes(5), "apt-get", "install", "-y", "-qq", "debootstrap");
            if (!install.ok()) {
                throw new TwinUnavailable("apt-get install debootstrap failed: " + install.lastLine());
            }
        }
        // imported through a two-line build (FROM scratch, ADD the tarball): the build context streams
        // reliably where the import endpoint would need the archive in one request body
        Path context = tempDir("gjallarhorn-base");
        try {
            HostCommand.Result built = HostCommand.run(Duration.ofMinutes(15), null,
                    List.of("bash", sources.baseScript().toString(), context.resolve("rootfs.tar").toString()));
            if (!built.ok()) {
                throw new TwinUnavailable("debootstrap of the twin's base failed: " + built.lastLine());
            }
            Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nADD rootfs.tar /\nCMD [\"bash\"]\n");
            build(context, null, tag);
        } catch (IOException e) {
            throw new TwinUnavailable("cannot stage the twin's base image: " + e.getMessage(), e);
        } finally {
            deleteTree(context);
        }
        removeOlder(BASE_REPO, tag);
        step.done("built the base image " + tag);
        return tag;
    }

    String ensureSandboxImage(String base) {
        String tag = SANDBOX_REPO + ":" + sources.digest("sandbox-image") + "-" + shortId(base);
        if (exists(tag)) {
            return tag;
        }
        Progress.Step step = Progress.step("building " + tag + " (openclaw-sandbox:bookworm-slim inside the twin)");
        build(sources.sandboxImageDir(), base, tag);
        removeOlder(SANDBOX_REPO, tag);
        step.done("built the sandbox image");
        return tag;
    }

    private Path stageTwinContext(String sandboxTag) {
        Path context = tempDir("gjallarhorn-twin-context");
        try (Stream<Path> walk = Files.walk(sources.dir())) {
            for (Path file : walk.toList()) {
                Path relative = sources.dir().relativize(file);
                if (relative.startsWith("base") || relative.startsWith("shares")) {
                    continue;
                }
                Path copy = context.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            try (InputStream saved = docker.saveImageCmd(sandboxTag).exec()) {
                Files.copy(saved, context.resolve("openclaw-sandbox.tar"));
            }
            Files.writeString(context.resolve("openclaw-sandbox.ref"), sandboxTag + "\n");
            return context;
        } catch (IOException e) {
            deleteTree(context);
            throw new UncheckedIOException("cannot stage the twin's build context", e);
        }
    }

    private void build(Path context, String base, String tag) {
        try {
            BuildImageCmd build = docker.buildImageCmd(context.toFile())
                    .withDockerfile(context.resolve("Dockerfile").toFile());
            if (base != null) {
                build = build.withBuildArg("BASE", base);
            }
            build.withPull(false)
                    .withRemove(true)
                    .withTags(Set.of(tag))
                    .exec(new BuildImageResultCallback() {
                        @Override
                        public void onNext(BuildResponseItem item) {
                            String line = item.getStream();
                            if (line != null && line.startsWith("Step ")) {
                                Progress.say("  " + line.strip());
                            }
                            super.onNext(item);
                        }
                    })
                    .awaitImageId();
        } catch (RuntimeException e) {
            throw new TwinUnavailable("docker build of " + tag + " failed: " + oneLine(e), e);
        }
    }

    private boolean exists(String tag) {
        try {
            docker.inspectImageCmd(tag).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private String shortId(String image) {
        String id = docker.inspectImageCmd(image).exec().getId();
        return id.substring(id.indexOf(':') + 1, id.indexOf(':') + 13);
    }

    /**
     * Drops earlier builds of the same repository that no container uses any more, unless
     * {@code -Dgjallarhorn.twin.keepOlderImages=true} (several worktrees sharing one engine keep each other's builds).
     */
    private void removeOlder(String repository, String keep) {
        if (Boolean.getBoolean("gjallarhorn.twin.keepOlderImages")) {
            return;
        }
        for (Image image : docker.listImagesCmd().withImageNameFilter(repository).exec()) {
            if (image.getRepoTags() == null) {
                continue;
            }
            for (String tag : image.getRepoTags()) {
                if (tag.startsWith(repository + ":") && !tag.equals(keep)) {
                    try {
                        docker.removeImageCmd(tag).withNoPrune(false).exec();
                    } catch (RuntimeException inUse) {
                        // still used by a container; it goes next time
                    }
                }
            }
        }
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s+", " ").trim();
    }
}
