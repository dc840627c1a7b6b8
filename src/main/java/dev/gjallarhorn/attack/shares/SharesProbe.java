package dev.gjallarhorn.attack.shares;

import dev.gjallarhorn.attack.shares.SharesScenario.ShareFindings;
import dev.gjallarhorn.evidence.EvidenceStore;
import dev.gjallarhorn.host.Progress;
import dev.gjallarhorn.probe.ScriptOutput;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.LimaInstance;
import dev.gjallarhorn.remote.RemoteScript;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.run.TargetSpec;
import dev.gjallarhorn.surface.HostShare;
import dev.gjallarhorn.surface.LimaConfig;
import dev.gjallarhorn.surface.Surface;
import dev.gjallarhorn.twin.Twin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One pass of shares-probe.sh as root: the writes through {@code /workspace} and into every host-backed mount (and,
 * on an invasive run, after a remount), then its cleanup; on a twin, the host side of each share is read as well. The
 * lines are kept as {@link ShareFindings} for the claims judged from them, and written to
 * {@code C-READ-ONLY-HOST-MOUNTS/share-writes.txt}.
 */
final class SharesProbe {

    private static final RemoteScript PROBE = RemoteScript.load(SharesProbe.class, "shares-probe.sh");

    private SharesProbe() {
    }

    static ShareFindings probe(AttackContext run) {
        Instant started = Instant.now();
        Surface surface = run.surface();
        List<HostShare> shares = surface.hostShares();
        boolean container = surface.container();
        boolean remountAllowed = run.session().invasive();
        Duration timeout = run.settings().commandTimeout();
        List<String> args = new ArrayList<>(List.of("write", run.token(), run.target().user(), remountAllowed ? "1" : "0"));
        shares.forEach(s -> args.add(s.target()));
        ScriptOutput out = ScriptOutput.of(run.target().run(Cmd.script(PROBE, args.toArray(String[]::new)).asRoot(), timeout));
        List<String> hostSide = run.session().twin().map(twin -> hostSideFiles(twin, run.token())).orElse(List.of());
        List<String> cleanupArgs = new ArrayList<>(List.of("cleanup", run.token()));
        shares.forEach(s -> cleanupArgs.add(s.target()));
        CommandResult cleanup = run.target().run(Cmd.script(PROBE, cleanupArgs.toArray(String[]::new)).asRoot(), timeout);
        List<ScriptOutput.Line> restores = out.all("RESTORE");
        restores.stream().filter(r -> r.word(1).equals("FAILED")).forEach(r -> Progress.say(
                "RESTORE FAILED: " + r.word(0) + " on " + run.target().describe() + " is still read-write after the remount attack: "
                        + r.rest(2) + " -- the run's residue check fails this run; remount it read-only by hand"));
        String enforcement = container
                ? "this target is a container (" + surface.containerKind() + "): no hypervisor stands behind its shares, so what root can do"
                        + " after a remount says nothing about a VM's host-enforced read-only"
                        + (run.session().twin().isPresent() ? "; on this twin each read-only share is a squashfs image mounted on the harness"
                        + " host (unless a fault binds it plainly)" : "")
                : "on a Lima VM, a share declared writable: false is exported read-only by the host's virtiofs server; the guest cannot lift that";
        Optional<LimaConfig> lima = limaConfig(run);
        Duration took = Duration.between(started, Instant.now());
        StringBuilder text = new StringBuilder("Writes escaping the overlay, as " + run.target().user() + " and as root\n");
        text.append("target: ").append(run.target().describe()).append('\n');
        text.append("what enforces read-only: ").append(enforcement).append("\n");
        text.append("took: ").append(took.toMillis()).append(" ms\n\n");
        text.append("host-backed mounts derived from the mount table (evidence/surface/mounts.txt):\n");
        (shares.isEmpty() ? List.of("none found") : shares.stream().map(HostShare::toString).toList()).forEach(s -> text.append("  ").append(s).append('\n'));
        if (!surface.scaffolding().isEmpty()) {
            text.append("left out as the target's own scaffolding: ").append(surface.scaffolding()).append('\n');
        }
        lima.ifPresent(l -> {
            text.append("\nthe Lima instance's own configuration on this host (read: ").append(l.filesRead().isEmpty() ? "no file found" : l.filesRead())
                    .append(l.gaps().isEmpty() ? "" : "; could not read: " + l.gaps()).append("):\n");
            l.mounts().forEach(m -> text.append("  mount ").append(m).append('\n'));
            l.portForwards().forEach(f -> text.append("  port forward ").append(f).append('\n'));
        });
        text.append('\n');
        out.lines().forEach(l -> text.append(l.text()).append('\n'));
        text.append("\nhost side (files of this run found in the twin's host share directories): ")
                .append(run.session().twin().isEmpty() ? "not available for this target" : hostSide.isEmpty() ? "none" : String.join(", ", hostSide))
                .append("\ncleanup: ").append(cleanup.describe()).append(' ').append(cleanup.stdout().strip()).append('\n');
        if (!remountAllowed) {
            text.append("remount attempts skipped: they change a real target; pass -Dgjallarhorn.invasive=true\n");
        }
        EvidenceStore.Evidence evidence = run.evidence().write("C-READ-ONLY-HOST-MOUNTS", "share-writes.txt", text.toString());
        List<Path> files = new ArrayList<>(List.of(evidence.relativePath()));
        files.addAll(surface.evidenceFiles().values());
        Progress.say("C-READ-ONLY-HOST-MOUNTS shares: " + shares.size() + " host-backed mount(s) attacked in " + took.toMillis() + " ms");
        return new ShareFindings(started, took, shares, out.all("WRITE"), out.all("REMOUNT"), restores, out.all("HOME"),
                out.all("OVERLAY").stream().findFirst(), remountAllowed, container, surface.containerKind(), hostSide, files, enforcement, lima);
    }

    /** On a {@code lima:} target, what the instance declares on this host; empty for every other kind of target. */
    static Optional<LimaConfig> limaConfig(AttackContext run) {
        if (!(run.settings().targetSpec() instanceof TargetSpec.Lima lima)) {
            return Optional.empty();
        }
        Path limaHome = new LimaInstance(lima.name(), System.getenv()).limaHome();
        return Optional.of(LimaConfig.read(limaHome, lima.name(), Path.of(System.getProperty("user.home"))));
    }

    private static List<String> hostSideFiles(Twin twin, String token) {
        Path shares = twin.record().dir().resolve("shares");
        List<String> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(shares, 2)) {
            walk.filter(p -> p.getFileName().toString().startsWith("." + token) && !p.startsWith(shares.resolve(".ro")))
                    .forEach(p -> found.add(shares.relativize(p).toString()));
        } catch (IOException e) {
            found.add("(cannot read " + shares + ": " + e.getMessage() + ")");
        }
        return found;
    }
}
