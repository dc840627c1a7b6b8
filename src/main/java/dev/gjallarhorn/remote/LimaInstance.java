package dev.gjallarhorn.remote;

import dev.gjallarhorn.host.HostCommand;
import dev.gjallarhorn.host.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Lima instance as a target: finds its {@code ssh.config}, starts it when it is stopped, creates it from
 * the template in {@code lima/} only when asked to, and finds what to pin its host key against.
 */
public final class LimaInstance {

    private static final Pattern FINGERPRINT = Pattern.compile("\\b(SHA256:[A-Za-z0-9+/]{43})\\b");

    private final String name;
    private final Map<String, String> environment;

    /**
     * @param environment the environment to look up {@code limactl} ({@code PATH}) and {@code LIMA_HOME} in;
     *                    the process's own in normal use, a stub's in tests
     */
    public LimaInstance(String name, Map<String, String> environment) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new BadTargetSpec("'" + name + "' is not a Lima instance name");
        }
        this.name = name;
        this.environment = Map.copyOf(environment);
    }

    public String name() {
        return name;
    }

    public Path limaHome() {
        String home = environment.get("LIMA_HOME");
        return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".lima");
    }

    /** Makes sure the instance runs (starting or, if allowed, creating it) and returns its ssh config. */
    public SshConfigFile prepare(boolean createIfMissing, Path template) {
        Optional<Path> limactl = limactl();
        Path sshConfig = limaHome().resolve(name).resolve("ssh.config");
        if (limactl.isEmpty()) {
            if (Files.isRegularFile(sshConfig)) {
                return SshConfigFile.read(sshConfig, Optional.of("lima-" + name)); // assume it runs; the connect will tell
            }
            throw new TargetUnreachable("no Lima instance " + name + ": " + sshConfig + " does not exist and limactl is not on PATH");
        }
        String status = limactl(limactl.get(), Duration.ofSeconds(30), "ls", "--format", "{{.Status}}", name).strip();
        if (status.isEmpty() || status.toLowerCase(java.util.Locale.ROOT).contains("no instance")) {
            if (!createIfMissing) {
                throw new TargetUnreachable("no Lima instance " + name + "; create it from " + template
                        + " with -Dgjallarhorn.lima.create=true, or point -Dgjallarhorn.target at an existing one (limactl ls)");
            }
            Progress.Step step = Progress.step("creating Lima instance " + name + " from " + template);
            require(limactl.get(), Duration.ofMinutes(20), "create", "--name=" + name, "--tty=false", template.toString());
            step.done("created Lima instance " + name);
            status = "Stopped";
        }
        if (!status.equals("Running")) {
            Progress.Step step = Progress.step("starting Lima instance " + name + " (was " + status + ")");
            require(limactl.get(), Duration.ofMinutes(15), "start", "--tty=false", name);
            step.done("Lima instance " + name + " is running");
        }
        if (!Files.isRegularFile(sshConfig)) {
            sshConfig = Path.of(require(limactl.get(), Duration.ofSeconds(30), "ls", "--format", "{{.SSHConfigFile}}", name).strip());
        }
        return SshConfigFile.read(sshConfig, Optional.of("lima-" + name));
    }

    /**
     * Host key fingerprints printed by cloud-init on the instance's serial console at first boot. Lima's own
     * ssh config does not check host keys, so this is the pin that needs nothing from the user.
     */
    public Set<String> serialLogFingerprints() {
        Set<String> fingerprints = new LinkedHashSet<>();
        for (String log : List.of("serial.log", "serialv.log", "serialp.log")) {
            Path file = limaHome().resolve(name).resolve(log);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                boolean inBlock = false;
                for (String line : Files.readAllLines(file)) {
                    if (line.contains("BEGIN SSH HOST KEY FINGERPRINTS")) {
                        inBlock = true;
                    } else if (line.contains("END SSH HOST KEY FINGERPRINTS")) {
                        inBlock = false;
                    } else if (inBlock) {
                        Matcher m = FINGERPRINT.matcher(line);
                        if (m.find()) {
                            fingerprints.add(m.group(1));
                        }
                    }
                }
            } catch (IOException e) {
                throw new TargetUnreachable("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return fingerprints;
    }

    private Optional<Path> limactl() {
        String path = environment.getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "limactl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private String limactl(Path limactl, Duration timeout, String... args) {
        List<String> argv = new ArrayList<>(List.of(limactl.toString()));
        argv.addAll(List.of(args));
        HostCommand.Result result = HostCommand.run(timeout, null, environment, argv);
        return result.ok() ? result.output() : "";
    }

    private String require(Path limactl, Duration timeout, String... args) {
        List<String> argv = new ArrayList<>(List.of(limactl.toString()));
        argv.addAll(List.of(args));
        HostCommand.Result result = HostCommand.run(timeout, null, environment, argv);
        if (!result.ok()) {
            throw new TargetUnreachable("limactl " + String.join(" ", args) + " failed"
                    + (result.timedOut() ? " (timed out)" : ": " + result.lastLine()));
        }
        return result.output();
    }
}
