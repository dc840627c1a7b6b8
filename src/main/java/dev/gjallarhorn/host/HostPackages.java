package dev.gjallarhorn.host;

import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.HarnessError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Debian packages this host needs for the twin, installed in one step before anything else happens. Another
 * process may hold the dpkg lock (an unattended upgrade, a second install): apt waits for it up to a bound
 * ({@code DPkg::Lock::Timeout}), and if the lock is still held the failure names the holder and the one command
 * to run afterwards. Nothing is installed when every package's command is already on the PATH.
 */
public final class HostPackages {

    /** Package name to the command that shows it is installed: what the twin needs on this host. */
    public static final Map<String, String> TWIN = packages(
            "docker.io", "dockerd",
            "debootstrap", "debootstrap",
            "squashfs-tools", "mksquashfs",
            "npm", "npm");

    /** Package name to command: what the build's unit tests need on this host (shellcheck, over every shell script). */
    public static final Map<String, String> BUILD = packages("shellcheck", "shellcheck");

    /** What {@code setup} installs in its one step: {@link #TWIN} and {@link #BUILD}. */
    public static final Map<String, String> SETUP = merged(TWIN, BUILD);

    private static final Path DPKG_LOCK = Path.of("/var/lib/dpkg/lock-frontend");

    private HostPackages() {
    }

    /** The bound on waiting for the dpkg lock: {@code -Dgjallarhorn.setup.lockTimeout} (default 5 minutes). */
    public static Duration lockTimeout() {
        return dev.gjallarhorn.SettingDuration.parse(System.getProperty("gjallarhorn.setup.lockTimeout", "5m")).orElse(Duration.ofMinutes(5));
    }

    /** Installs one package if its command is missing; see {@link #ensure(Map, Duration)}. */
    public static void ensure(String pkg, String command) {
        ensure(Map.of(pkg, command), lockTimeout());
    }

    /** The packages of {@code wanted} whose command is not on the PATH. */
    public static List<String> missing(Map<String, String> wanted) {
        List<String> missing = new ArrayList<>();
        wanted.forEach((pkg, command) -> {
            if (!HostCommand.onPath(command)) {
                missing.add(pkg);
            }
        });
        return missing;
    }

    /**
     * Installs what is missing with one {@code apt-get install}, waiting at most {@code lockTimeout} for a held
     * dpkg lock.
     *
     * @throws HarnessError (exit TWIN_UNAVAILABLE) naming what is missing, why it could not be installed and
     *                      the command that installs it
     */
    public static List<String> ensure(Map<String, String> wanted, Duration lockTimeout) {
        List<String> missing = missing(wanted);
        if (missing.isEmpty()) {
            return missing;
        }
        String command = "sudo apt-get install -y " + String.join(" ", missing);
        if (!HostCommand.isRootCached() || !HostCommand.onPath("apt-get")) {
            throw new HarnessError(ExitCode.TWIN_UNAVAILABLE, "this host lacks " + String.join(", ", missing)
                    + "; install them (" + command + ") or run gjallarhorn as root so it can");
        }
        Progress.Step step = Progress.step("installing host packages: " + String.join(", ", missing)
                + " (waiting up to " + lockTimeout.toSeconds() + " s for the dpkg lock)");
        HostCommand.Result installed = install(missing, lockTimeout);
        if (!installed.ok() && !lockProblem(installed)) { // e.g. no or stale package lists: "Unable to locate package", "Failed to fetch"
            HostCommand.run(Duration.ofMinutes(5), "apt-get", "update", "-qq");
            installed = install(missing, lockTimeout);
        }
        if (!installed.ok()) {
            String why = lockProblem(installed) ? "another process held the dpkg lock for more than " + lockTimeout.toSeconds() + " s"
                    + holder().map(h -> " (" + h + ")").orElse("") : "apt-get failed: " + installed.lastLine();
            throw new HarnessError(ExitCode.TWIN_UNAVAILABLE, "could not install " + String.join(", ", missing) + " on this host: " + why
                    + "; when it is done, run: " + command + " (or java -jar target/gjallarhorn.jar setup), then run gjallarhorn again");
        }
        step.done("installed " + String.join(", ", missing));
        return missing;
    }

    private static HostCommand.Result install(List<String> packages, Duration lockTimeout) {
        List<String> argv = new ArrayList<>(List.of("apt-get", "-o", "DPkg::Lock::Timeout=" + Math.max(1, lockTimeout.toSeconds()),
                "install", "-y", "-qq"));
        argv.addAll(packages);
        return HostCommand.run(lockTimeout.plus(Duration.ofMinutes(15)), null, Map.of("DEBIAN_FRONTEND", "noninteractive"), argv);
    }

    private static boolean lockProblem(HostCommand.Result result) {
        return result.output().contains("dpkg frontend lock") || result.output().contains("Could not get lock")
                || result.output().contains("/var/lib/dpkg/lock");
    }

    /** Who holds the dpkg lock, from /proc/locks and the holder's command line, e.g. {@code pid 812: apt-get upgrade}. */
    static Optional<String> holder() {
        try {
            long inode = ((Number) Files.getAttribute(DPKG_LOCK, "unix:ino")).longValue();
            for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 6 && f[5].endsWith(":" + inode)) {
                    String pid = f[4];
                    String cmdline = new String(Files.readAllBytes(Path.of("/proc", pid, "cmdline"))).replaceAll("[\\x00\\s]+", " ").trim();
                    return Optional.of("pid " + pid + ": " + (cmdline.length() > 80 ? cmdline.substring(0, 77) + "..." : cmdline));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // naming the holder is a courtesy; the failure is reported either way
        }
        return Optional.empty();
    }

    private static Map<String, String> merged(Map<String, String> first, Map<String, String> second) {
        Map<String, String> map = new LinkedHashMap<>(first);
        map.putAll(second);
        return java.util.Collections.unmodifiableMap(map);
    }

    private static Map<String, String> packages(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
