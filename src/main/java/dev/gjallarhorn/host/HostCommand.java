package dev.gjallarhorn.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A process on the harness's own machine, for setting up what the twin needs (the Docker engine, a base
 * image, the air-gap rule, limactl) and for the egress oracle's packet counters and their loopback control. Probes never
 * use this: everything that attacks runs on the target.
 */
public final class HostCommand {

    private HostCommand() {
    }

    public record Result(List<String> argv, int exit, String output, boolean timedOut) {
        public boolean ok() {
            return !timedOut && exit == 0;
        }

        public String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines.length == 0 ? "" : lines[lines.length - 1];
        }
    }

    public static Result run(Duration timeout, String... argv) {
        return run(timeout, null, List.of(argv));
    }

    public static Result run(Duration timeout, Path workingDir, List<String> argv) {
        return run(timeout, workingDir, Map.of(), argv);
    }

    /** Runs with extra environment variables (e.g. a PATH on which a test put a stub program). */
    public static Result run(Duration timeout, Path workingDir, Map<String, String> environment, List<String> argv) {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        if (workingDir != null) {
            builder.directory(workingDir.toFile());
        }
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Result(argv, 127, argv.get(0) + ": " + e.getMessage(), false);
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(argv, -1, output.getNow(""), true);
            }
            return new Result(argv, process.exitValue(), output.get(10, TimeUnit.SECONDS), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return new Result(argv, -1, "interrupted", true);
        } catch (Exception e) {
            return new Result(argv, process.exitValue(), "", false);
        }
    }

    /** True when the harness runs as root (needed for iptables, apt-get and debootstrap). */
    public static boolean isRoot() {
        Result id = run(Duration.ofSeconds(5), "id", "-u");
        return id.ok() && id.output().trim().equals("0");
    }

    private static volatile Boolean root;

    /** {@link #isRoot()}, asked once per JVM. */
    public static boolean isRootCached() {
        if (root == null) {
            root = isRoot();
        }
        return root;
    }

    public static boolean onPath(String program) {
        return run(Duration.ofSeconds(5), "sh", "-c", "command -v " + program).ok();
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
