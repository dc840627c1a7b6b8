package dev.gjallarhorn.attack.syncgate;

import dev.gjallarhorn.probe.ScriptOutput;

import dev.gjallarhorn.host.HostCommand;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.run.TargetSpec;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.LimaInstance;
import dev.gjallarhorn.remote.RemoteScript;
import dev.gjallarhorn.remote.SshConfigFile;
import dev.gjallarhorn.remote.SshKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drives Bilrost's own sync gate where it lives: {@code scripts/sync-gate.sh} on the harness's host
 * ({@code -Dgjallarhorn.syncGate.script}), always with {@code --dry-run}, through a {@link LimactlShim} that makes
 * the run's target its Lima instance. For each candidate: stage it in the target's {@code /workspace}
 * ({@code sync-gate-probe.sh stage}), seed the scratch host checkout with what the host already has, run the gate
 * once, clean the target again; the oracle is that one run's exit code and preview ({@link GatePreview}).
 *
 * <p>A harmless candidate goes first as the positive control: if the gate does not pass it (exit 0 and the
 * preview naming it), no candidate can be judged, and each is INCONCLUSIVE with the gate's own words.
 */
final class HostSyncGate {

    /** One candidate's run: where it was staged, the gate's exit and output, and what that means. */
    record Run(String candidate, List<String> staged, Optional<Integer> exit, String output, Observation observation) {
    }

    /** What the whole drive produced, for the evidence. */
    record Drive(String how, List<Run> runs, Optional<String> unavailable) {
    }

    private static final String CONTROL = "control";

    private final AttackContext run;
    private final RemoteScript probe;
    private final Path gate;
    private final Duration gateTimeout;

    HostSyncGate(AttackContext run, RemoteScript probe, Path gate) {
        this.run = run;
        this.probe = probe;
        this.gate = gate;
        this.gateTimeout = Duration.ofMinutes(5);
    }

    Drive drive() {
        Optional<Path> identity = loginKey();
        if (identity.isEmpty()) {
            return unavailable("no login key file for " + run.target().describe() + " that ssh on this host can use; pass -Dgjallarhorn.ssh.identity=FILE");
        }
        Optional<Path> ssh = program("ssh");
        if (ssh.isEmpty()) {
            return unavailable("no ssh program on this host's PATH (nor in -Dgjallarhorn.syncGate.path)");
        }
        List<String> hostKeys = hostKeys();
        if (hostKeys.isEmpty()) {
            return unavailable("could not read the target's host keys over the pinned connection, so the gate's ssh could not be pinned");
        }
        try (LimactlShim shim = LimactlShim.create(run.token(), run.session().ssh().endpoint(), identity.get(), hostKeys, gate, ssh.get())) {
            String how = "on this host: " + gate + " --dry-run (run from a copy in " + shim.checkout() + "; limactl shim for instance "
                    + LimactlShim.INSTANCE + " -> " + run.target().describe() + ", host key pinned; /mnt/openclaw's location: "
                    + shim.hostCheckout() + ")";
            List<Run> runs = new ArrayList<>();
            Run control = candidate(shim, CONTROL, null);
            runs.add(control);
            if (control.exit().orElse(-1) != 0 || control.observation().outcome() != dev.gjallarhorn.probe.Outcome.SUCCEEDED) {
                for (String name : SyncGateCheck.allCandidates()) {
                    runs.add(new Run(name, List.of(), Optional.empty(), "", withoutControl(subject(name), control.observation())));
                }
                return new Drive(how, runs, Optional.empty());
            }
            for (String name : SyncGateCheck.allCandidates()) {
                runs.add(candidate(shim, name, control));
            }
            return new Drive(how, runs, Optional.empty());
        }
    }

    /**
     * A candidate's observation when the control did not pass: where the control could not even be staged
     * (PRECONDITION_UNMET, e.g. nowhere to stage), the same reason and its one line; otherwise ORACLE_BLIND, since
     * no refusal can be put down to a candidate of a gate that refuses a harmless change.
     */
    static Observation withoutControl(String subject, Observation control) {
        if (control.outcome() == dev.gjallarhorn.probe.Outcome.COULD_NOT_RUN && control.reason().orElse(null) == Reason.PRECONDITION_UNMET) {
            return Observation.couldNotRun(subject, Reason.PRECONDITION_UNMET, "the harmless control could not be staged: " + control.detail());
        }
        return Observation.couldNotRun(subject, Reason.ORACLE_BLIND,
                "the gate does not pass a harmless change (the positive control), so no refusal can be put down to a candidate: " + control.detail());
    }

    private Drive unavailable(String why) {
        return new Drive("on this host: " + gate + " (not run)", List.of(), Optional.of(why));
    }

    /** Stages one candidate, runs the gate once, cleans up; the target is clean again before this returns. */
    private Run candidate(LimactlShim shim, String name, Run control) {
        String subject = subject(name);
        try {
            ScriptOutput staged = ScriptOutput.of(run.target().run(Cmd.script(probe, "stage", name, run.token()).asRoot(), run.settings().commandTimeout()));
            List<String> where = staged.all("STAGED").stream().map(l -> l.rest(3)).toList();
            Optional<ScriptOutput.Line> skip = staged.all("SKIP").stream().findFirst();
            if (skip.isPresent() || where.isEmpty()) {
                String why = skip.map(l -> l.rest(1)).orElse("the candidate was not staged: " + staged.result().describe());
                return new Run(name, where, Optional.empty(), "", Observation.couldNotRun(subject, Reason.PRECONDITION_UNMET, why));
            }
            String check = staged.all("STAGED").get(0).word(2);
            seed(shim, staged.all("SEED"));
            boolean noScanner = staged.all("ENV").stream().anyMatch(l -> l.word(0).equals("noscanner"));
            HostCommand.Result result = runGate(shim, noScanner);
            GatePreview preview = new GatePreview(check, result.exit(), result.timedOut(), result.output());
            Observation seen = preview.observe(subject, () -> {
                clean(shim);
                return runGate(shim, false).exit();
            });
            return new Run(name, where, Optional.of(result.exit()), result.output(), seen);
        } finally {
            clean(shim);
        }
    }

    private HostCommand.Result runGate(LimactlShim shim, boolean withoutScanner) {
        Map<String, String> env = shim.environment(System.getenv("PATH"), run.settings().syncGate().path(),
                withoutScanner ? Optional.of("gitleaks") : Optional.empty());
        return HostCommand.run(gateTimeout, shim.checkout(), env, List.of(shim.script().toString(), "--dry-run"));
    }

    /** The first version of a file the host already has (SEED lines) into the scratch host checkout. */
    private static void seed(LimactlShim shim, List<ScriptOutput.Line> seeds) {
        for (ScriptOutput.Line seed : seeds) {
            Path file = shim.hostCheckout().resolve(seed.word(0)).normalize();
            if (!file.startsWith(shim.hostCheckout())) {
                throw new IllegalStateException("a seed outside the scratch checkout: " + seed.word(0));
            }
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, Base64.getDecoder().decode(seed.word(2)));
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(rwx(seed.word(1))));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot seed " + file, e);
            }
        }
    }

    /** Removes what the candidate put into the target and the scratch host checkout. */
    private void clean(LimactlShim shim) {
        CommandResult cleaned = run.target().run(Cmd.script(probe, "clean", run.token()).asRoot(), run.settings().commandTimeout());
        if (!cleaned.succeeded()) {
            throw new IllegalStateException("cleaning the sync gate's candidate failed: " + cleaned.describe());
        }
        try (var entries = Files.list(shim.hostCheckout())) {
            for (Path p : entries.toList()) {
                try (var walk = Files.walk(p)) {
                    for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(q);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + shim.hostCheckout(), e);
        }
    }

    /** The key ssh on this host logs in with: the run's setting, a twin's key file, or Lima's IdentityFile. */
    private Optional<Path> loginKey() {
        if (run.settings().ssh().identity().isPresent()) {
            return run.settings().ssh().identity();
        }
        if (run.session().twin().isPresent()) {
            return Optional.of(Path.of(run.session().twin().get().record().identityFile()));
        }
        if (run.settings().targetSpec() instanceof TargetSpec.Lima lima) {
            Path config = new LimaInstance(lima.name(), System.getenv()).limaHome().resolve(lima.name()).resolve("ssh.config");
            if (Files.isRegularFile(config)) {
                return SshConfigFile.read(config, Optional.of("lima-" + lima.name())).readableIdentity();
            }
        }
        return Optional.empty();
    }

    /**
     * The target's host keys, read over the run's connection (verified against the pin); with a fingerprint
     * pinned, only the key that has it.
     */
    private List<String> hostKeys() {
        CommandResult keys = run.target().run(Cmd.of("sh", "-c", "cat /etc/ssh/ssh_host_*_key.pub"), run.settings().commandTimeout());
        Optional<String> pinned = run.settings().ssh().hostKeyFingerprint()
                .or(() -> run.session().twin().map(t -> t.record().hostKeyFingerprint()));
        List<String> lines = new ArrayList<>();
        for (String line : keys.stdout().split("\n")) {
            if (line.isBlank() || line.trim().split("\\s+").length < 2) {
                continue;
            }
            String fingerprint = SshKeys.sha256FingerprintOfPublicKeyLine(line);
            if (pinned.isEmpty() || pinned.get().replaceAll("=+$", "").equals(fingerprint)) {
                lines.add(line.trim());
            }
        }
        return lines;
    }

    private Optional<Path> program(String name) {
        List<String> dirs = new ArrayList<>();
        run.settings().syncGate().path().forEach(p -> dirs.add(p.toString()));
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        return dirs.stream().map(d -> Path.of(d.isEmpty() ? "." : d, name)).filter(Files::isExecutable).findFirst();
    }

    static String subject(String candidate) {
        return "candidate " + candidate;
    }

    private static String rwx(String octal) {
        int mode = Integer.parseInt(octal, 8) & 0777;
        StringBuilder s = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
            int bits = (mode >> shift) & 7;
            s.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
        }
        return s.toString();
    }

    /** The gate's output for the evidence: all of it when short, else its first 8 and last 14 lines. */
    static String excerpt(String output) {
        List<String> lines = output.lines().toList();
        if (lines.size() <= 24) {
            return String.join("\n", lines);
        }
        return String.join("\n", lines.subList(0, 8)) + "\n… (" + (lines.size() - 22) + " lines) …\n"
                + String.join("\n", lines.subList(lines.size() - 14, lines.size()));
    }
}
