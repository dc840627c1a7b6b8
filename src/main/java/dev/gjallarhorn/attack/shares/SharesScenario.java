package dev.gjallarhorn.attack.shares;

import dev.gjallarhorn.probe.ScriptOutput;

import dev.gjallarhorn.host.Progress;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.evidence.EvidenceStore;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.run.TargetSpec;
import dev.gjallarhorn.surface.HostShare;
import dev.gjallarhorn.surface.LimaConfig;
import dev.gjallarhorn.remote.LimaInstance;
import dev.gjallarhorn.surface.Surface;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.RemoteScript;
import dev.gjallarhorn.twin.Twin;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.Prediction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes that try to escape the overlay: through {@code /workspace} (must land in the upper layer, not the
 * read-only lower), and straight into every host-backed mount the surface finds ({@link Surface#hostShares()}:
 * from filesystem types, devices and binds, wherever they are mounted), as the login user, as root, and as root
 * after remounting a read-only share read-write. Each share is also read for what it exposes of a host home
 * ({@code .ssh}, shell history, cloud credentials). One probe pass serves {@code C-READ-ONLY-HOST-MOUNTS}, the
 * bypass part of {@code C-SYNC-GATE}, the share parts of {@code T-006} and {@code T-007}.
 *
 * <p>The oracle is the file itself: seen under the share after the write means it reached the host (a share's view
 * in the VM is the host's directory). On a twin this run started, the host side of each share is read as well.
 * The remount is undone and verified in the same step ({@code remount,ro}, else {@code remount,bind,ro}); a share
 * that stays read-write is reported loudly, and the run's residue check fails the run. On a container target the
 * "after a remount" attempts say nothing about a hypervisor that is not there: they are
 * INCONCLUSIVE(not-applicable-on-target), with what happened in their detail.
 */
public final class SharesScenario {

    /** The shares Bilrost documents as writable by design (agent data, buildlog): a way to the host around the sync gate. */
    static final Set<String> WRITABLE_BY_DESIGN = Set.of("/mnt/openclaw-agents", "/mnt/buildlog-data");
    private static final RemoteScript PROBE = RemoteScript.load(SharesScenario.class, "shares-probe.sh");

    /** What one probe pass saw, kept for every claim that is judged from it. */
    public record Findings(Instant startedAt, Duration elapsed, List<HostShare> shares, List<ScriptOutput.Line> writes,
                           List<ScriptOutput.Line> remounts, List<ScriptOutput.Line> restores, List<ScriptOutput.Line> homes,
                           Optional<ScriptOutput.Line> overlay, boolean remountAllowed, boolean container, String containerKind,
                           List<String> hostSideFiles, List<Path> evidence, String enforcement, Optional<LimaConfig> lima) {

        /** Whether a mount is one of Bilrost's writable-by-design shares, or a bind of one. */
        boolean designed(String mount) {
            return WRITABLE_BY_DESIGN.contains(mount) || shares.stream().anyMatch(s -> s.target().equals(mount)
                    && WRITABLE_BY_DESIGN.stream().anyMatch(d -> s.why().contains("a bind of " + d + " ")));
        }
    }

    private SharesScenario() {
    }

    public static Findings findings(AttackContext run) {
        return run.observeOnce(Findings.class, () -> probe(run));
    }

    private static Findings probe(AttackContext run) {
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
        return new Findings(started, took, shares, out.all("WRITE"), out.all("REMOUNT"), restores, out.all("HOME"),
                out.all("OVERLAY").stream().findFirst(), remountAllowed, container, surface.containerKind(), hostSide, files, enforcement, lima);
    }

    public static ClaimEvaluation readOnlyHostMounts(AttackContext run) {
        Findings f = findings(run);
        String claim = "C-READ-ONLY-HOST-MOUNTS";
        Outcome predicted = Prediction.forClaim(run.claim(claim));
        List<Observation> designed = new ArrayList<>();
        List<Observation> direct = new ArrayList<>();
        List<Observation> remounted = new ArrayList<>();
        for (ScriptOutput.Line write : f.writes()) {
            boolean after = write.word(2).equals("after-remount");
            if (f.designed(write.word(0)) && !after) {
                designed.add(observeWrite(write, f));
            } else {
                (after ? remounted : direct).add(observeWrite(write, f));
            }
        }
        if (f.shares().isEmpty()) {
            direct.add(mountTableUnread(run)
                    ? Observation.couldNotRun("the host shares", Reason.PROBE_ERROR, "the mount table could not be read (findmnt listed nothing),"
                            + " so no share could be looked for")
                    : Observation.couldNotRun("the host shares", Reason.PRECONDITION_UNMET,
                            "no host-backed mount found in the mount table; the source repository's share should be one"));
        }
        remounted.addAll(remountNotTried(f));
        if (remounted.isEmpty() && mountTableUnread(run)) {
            remounted.add(Observation.couldNotRun("the read-only host shares", Reason.PROBE_ERROR,
                    "the mount table could not be read, so no share could be remounted"));
        }
        List<Observation> declared = new ArrayList<>();
        f.lima().ifPresent(l -> l.mounts().forEach(m -> {
            if (f.shares().stream().noneMatch(s -> s.target().equals(m.mountPoint()))) {
                direct.add(Observation.couldNotRun(m.mountPoint(), Reason.PRECONDITION_UNMET, "declared in " + m.file() + " (" + m.location()
                        + (m.writable() ? ", writable" : ", read-only") + ") but not among the guest's host-backed mounts: not attacked"));
            }
            declared.add(m.writable() ? Observation.succeeded(m.mountPoint(), "declared writable in " + m.file() + ": " + m)
                    : Observation.blocked(m.mountPoint(), "declared read-only in " + m.file()));
        }));
        if (f.lima().isEmpty()) {
            declared.add(Observation.couldNotRun("the Lima instance's configuration", Reason.NOT_APPLICABLE_ON_TARGET,
                    "only a lima: target has lima.yaml and Lima's _config on this host"));
        }
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim("a write through /workspace lands in the overlay's upper layer, not on the host", predicted,
                        f.overlay().map(o -> List.of(observeOverlay(o))).orElse(List.of())),
                PartEvaluation.claim("the host shares refuse writes (as the login user, as root)", predicted, direct),
                PartEvaluation.claim("the read-only host shares stay read-only after root remounts them (enforced by the host)", predicted, remounted),
                PartEvaluation.note("writable by design (agent data): a write channel to the host", Outcome.SUCCEEDED, designed),
                PartEvaluation.note("the shares the Lima instance declares (lima.yaml, _config/default.yaml, _config/override.yaml)",
                        Outcome.SUCCEEDED, declared));
        long leaked = direct.stream().filter(o -> o.outcome() == Outcome.SUCCEEDED).count()
                + remounted.stream().filter(o -> o.outcome() == Outcome.SUCCEEDED).count();
        List<String> through = new ArrayList<>();
        direct.stream().filter(o -> o.outcome() == Outcome.SUCCEEDED).forEach(o -> through.add(o.subject()));
        remounted.stream().filter(o -> o.outcome() == Outcome.SUCCEEDED).forEach(o -> through.add(o.subject()));
        String observed = (f.overlay().map(o -> observeOverlay(o).outcome() == Outcome.BLOCKED).orElse(false)
                ? "the /workspace write stayed in the upper layer" : "the /workspace write did not stay in the upper layer")
                + "; " + f.shares().size() + " host share(s) found; "
                + (leaked == 0 ? "no host share took a write" : leaked + " write(s) reached a host share: " + String.join(", ", through))
                + (designedMounts(designed).isEmpty() ? "" : "; writable by design: " + String.join(", ", designedMounts(designed)))
                + (f.container() ? "; after a remount: not applicable on a container" : "");
        return new ClaimEvaluation(claim, parts, observed, f.evidence(), f.startedAt(), f.elapsed());
    }

    /** The C-SYNC-GATE part: Bilrost's always-writable agent-data shares reach the host without passing the gate. */
    public static PartEvaluation syncGateBypass(AttackContext run) {
        Findings f = findings(run);
        List<Observation> designed = f.writes().stream().filter(w -> f.designed(w.word(0)) && !w.word(2).equals("after-remount"))
                .map(w -> observeWrite(w, f)).toList();
        return PartEvaluation.claim("no share lets the VM write to the host around the gate (agent-data shares)",
                Prediction.forClaim(run.claim("C-SYNC-GATE")), designed);
    }

    /** Every machine mounts at least its root: an empty table means findmnt could not be read, never "no shares". */
    private static boolean mountTableUnread(AttackContext run) {
        return run.surface().mounts().mounts().isEmpty();
    }

    /** The T-006 part: a share mounted read-only stays read-only for root in the VM, also after a remount. */
    public static PartEvaluation readOnlyForRoot(AttackContext run, Outcome predicted) {
        Findings f = findings(run);
        List<Observation> observations = new ArrayList<>(remountNotTried(f));
        f.writes().stream().filter(w -> w.word(2).equals("after-remount")).forEach(w -> observations.add(observeWrite(w, f)));
        if (observations.isEmpty()) {
            observations.add(mountTableUnread(run) ? Observation.couldNotRun("the read-only host shares", Reason.PROBE_ERROR,
                    "the mount table could not be read, so no share could be looked for")
                    : Observation.blocked("the read-only host shares", "there is no read-only host share to remount"));
        }
        return PartEvaluation.claim("the read-only host shares stay read-only for root in the VM, even after a remount", predicted, observations);
    }

    /** The T-006 part: no host-backed mount exposes a host home directory (keys, shell history, cloud credentials). */
    public static PartEvaluation hostHome(AttackContext run, Outcome predicted) {
        Findings f = findings(run);
        List<Observation> observations = new ArrayList<>();
        for (ScriptOutput.Line home : f.homes()) {
            String marks = home.word(1);
            observations.add(marks.equals("-") ? Observation.blocked(home.word(0), "no home directory marks (" + home.word(2) + " entries)")
                    : Observation.succeeded(home.word(0), "a host home directory: it holds " + marks.replace(",", ", ")
                            + " (" + home.word(2) + " entries)"));
        }
        if (observations.isEmpty()) {
            observations.add(mountTableUnread(run) ? Observation.couldNotRun("the host shares", Reason.PROBE_ERROR,
                    "the mount table could not be read, so no share could be looked for")
                    : f.shares().isEmpty() ? Observation.blocked("the host shares", "no host-backed mount on this target")
                    : Observation.couldNotRun("the host shares", Reason.PROBE_ERROR, "the probe listed no share's contents"));
        }
        return PartEvaluation.claim("no share exposes the host's home directory", predicted, observations);
    }

    /** Writes to the vault share (the lower of the vault overlay), for T-007. */
    public static List<Observation> vaultWrites(AttackContext run, String vault) {
        Findings f = findings(run);
        List<Observation> observations = new ArrayList<>(remountNotTried(f).stream().filter(o -> o.subject().startsWith(vault + " ")).toList());
        f.writes().stream().filter(w -> w.word(0).equals(vault)).forEach(w -> observations.add(observeWrite(w, f)));
        return observations;
    }

    /** On a {@code lima:} target, what the instance declares on this host; empty for every other kind of target. */
    static Optional<LimaConfig> limaConfig(AttackContext run) {
        if (!(TargetSpec.parse(run.settings().target()) instanceof TargetSpec.Lima lima)) {
            return Optional.empty();
        }
        Path limaHome = new LimaInstance(lima.name(), System.getenv()).limaHome();
        return Optional.of(LimaConfig.read(limaHome, lima.name(), Path.of(System.getProperty("user.home"))));
    }

    private static List<Observation> remountNotTried(Findings f) {
        List<Observation> observations = new ArrayList<>();
        if (!f.remountAllowed()) {
            for (ScriptOutput.Line share : f.writes()) {
                if (share.word(1).equals("root") && share.word(2).equals("direct") && isReadOnly(f, share.word(0))) {
                    observations.add(Observation.couldNotRun(share.word(0) + " as root after a remount", f.container()
                            ? Reason.NOT_APPLICABLE_ON_TARGET : Reason.PRECONDITION_UNMET, f.container()
                            ? "a container has no hypervisor to enforce a share's read-only" : "not tried: it would change a real target; pass -Dgjallarhorn.invasive=true"));
                }
            }
        }
        return observations;
    }

    private static boolean isReadOnly(Findings f, String mount) {
        return f.shares().stream().anyMatch(s -> s.target().equals(mount) && !s.mount().writable());
    }

    static Observation observeWrite(ScriptOutput.Line write, Findings f) {
        String mount = write.word(0);
        boolean after = write.word(2).equals("after-remount");
        String subject = mount + " as " + write.word(1) + (after ? " after a remount" : "");
        boolean visible = write.word(4).equals("visible");
        int exit = parse(write.word(3));
        Observation seen;
        if (visible) {
            boolean onHost = f.hostSideFiles().stream().anyMatch(h -> h.contains(write.word(1) + "-" + write.word(2)));
            seen = Observation.succeeded(subject, "the write landed: the file is there afterwards" + (onHost ? "; the file is in the share's directory on the host" : ""));
        } else if (exit != 0) {
            seen = Observation.blocked(subject, "refused: " + write.rest(5));
        } else {
            seen = Observation.couldNotRun(subject, Reason.CONFLICTING_EVIDENCE, "the write reported success but the file is not there");
        }
        if (after && f.container()) {
            String restore = f.restores().stream().filter(r -> r.word(0).equals(mount)).map(r -> "; restore: " + r.rest(1)).findFirst().orElse("");
            return Observation.couldNotRun(subject, Reason.NOT_APPLICABLE_ON_TARGET, "on a container (" + f.containerKind()
                    + ") root's remount tests no hypervisor boundary; what happened: " + seen.outcome().name().toLowerCase(java.util.Locale.ROOT)
                    + " - " + seen.detail() + restore);
        }
        return seen;
    }

    static Observation observeOverlay(ScriptOutput.Line overlay) {
        String subject = "/workspace as " + overlay.word(0);
        int exit = parse(overlay.word(1));
        String written = overlay.word(2);
        String upper = overlay.word(3);
        boolean inLower = overlay.word(4).equals("lower:present");
        if (exit != 0) {
            return Observation.couldNotRun(subject, Reason.PRECONDITION_UNMET, "the write failed: " + overlay.rest(5));
        }
        if (inLower) {
            return Observation.succeeded(subject, "the file reached the read-only lower, the host's checkout");
        }
        if (upper.equals(written)) {
            return Observation.blocked(subject, "the file is in the upper layer with the written content (sha256 " + written.substring(0, 12)
                    + "…) and absent from the lower");
        }
        return Observation.couldNotRun(subject, Reason.CONFLICTING_EVIDENCE, "the write succeeded but the upper layer holds "
                + (upper.equals("missing") ? "no such file" : "other content") + " and the lower does not have it either");
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

    private static List<String> designedMounts(List<Observation> designed) {
        return designed.stream().filter(o -> o.outcome() == Outcome.SUCCEEDED).map(o -> o.subject().split(" ")[0]).distinct().toList();
    }

    private static int parse(String number) {
        try {
            return Integer.parseInt(number);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
