package dev.gjallarhorn.attack.shares;

import dev.gjallarhorn.probe.ScriptOutput;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.surface.HostShare;
import dev.gjallarhorn.surface.LimaConfig;
import dev.gjallarhorn.surface.Surface;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.Prediction;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

    /** What one probe pass saw, kept for every claim that is judged from it. */
    public record ShareFindings(Instant startedAt, Duration elapsed, List<HostShare> shares, List<ScriptOutput.Line> writes,
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

    public static ShareFindings findings(AttackContext run) {
        return run.observeOnce(ShareFindings.class, () -> SharesProbe.probe(run));
    }

    public static ClaimEvaluation readOnlyHostMounts(AttackContext run) {
        ShareFindings f = findings(run);
        Outcome predicted = Prediction.forClaim(run.claim("C-READ-ONLY-HOST-MOUNTS"));
        return readOnlyHostMounts(f, predicted, mountTableUnread(run));
    }

    /**
     * Judges {@code C-READ-ONLY-HOST-MOUNTS} from one probe pass, with nothing of the target in reach.
     *
     * @param mountTableUnread whether the target's mount table came back empty (findmnt could not be read): then no
     *                         share found is PROBE_ERROR, never "no shares"
     */
    static ClaimEvaluation readOnlyHostMounts(ShareFindings f, Outcome predicted, boolean mountTableUnread) {
        String claim = "C-READ-ONLY-HOST-MOUNTS";
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
            direct.add(mountTableUnread
                    ? Observation.couldNotRun("the host shares", Reason.PROBE_ERROR, "the mount table could not be read (findmnt listed nothing),"
                            + " so no share could be looked for")
                    : Observation.couldNotRun("the host shares", Reason.PRECONDITION_UNMET,
                            "no host-backed mount found in the mount table; the source repository's share should be one"));
        }
        remounted.addAll(remountNotTried(f));
        if (remounted.isEmpty() && mountTableUnread) {
            remounted.add(Observation.couldNotRun("the read-only host shares", Reason.PROBE_ERROR,
                    "the mount table could not be read, so no share could be remounted"));
        }
        List<Observation> declared = declared(f, direct);
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim("a write through /workspace lands in the overlay's upper layer, not on the host", predicted,
                        f.overlay().map(o -> List.of(observeOverlay(o))).orElse(List.of())),
                PartEvaluation.claim("the host shares refuse writes (as the login user, as root)", predicted, direct),
                PartEvaluation.claim("the read-only host shares stay read-only after root remounts them (enforced by the host)", predicted, remounted),
                PartEvaluation.note("writable by design (agent data): a write channel to the host", Outcome.SUCCEEDED, designed),
                PartEvaluation.note("the shares the Lima instance declares (lima.yaml, _config/default.yaml, _config/override.yaml)",
                        Outcome.SUCCEEDED, declared));
        return new ClaimEvaluation(claim, parts, observed(f, direct, remounted, designed), f.evidence(), f.startedAt(), f.elapsed());
    }

    /**
     * The shares the Lima instance declares, each BLOCKED (read-only) or SUCCEEDED (writable); one declared but not
     * among the guest's host-backed mounts is added to {@code direct} as not attacked. Not a lima: target: COULD_NOT_RUN.
     */
    private static List<Observation> declared(ShareFindings f, List<Observation> direct) {
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
        return declared;
    }

    /** The claim's one-line summary: the overlay, how many shares, which took a write, which are writable by design. */
    private static String observed(ShareFindings f, List<Observation> direct, List<Observation> remounted, List<Observation> designed) {
        long leaked = direct.stream().filter(o -> o.outcome() == Outcome.SUCCEEDED).count()
                + remounted.stream().filter(o -> o.outcome() == Outcome.SUCCEEDED).count();
        List<String> through = new ArrayList<>();
        direct.stream().filter(o -> o.outcome() == Outcome.SUCCEEDED).forEach(o -> through.add(o.subject()));
        remounted.stream().filter(o -> o.outcome() == Outcome.SUCCEEDED).forEach(o -> through.add(o.subject()));
        return (f.overlay().map(o -> observeOverlay(o).outcome() == Outcome.BLOCKED).orElse(false)
                ? "the /workspace write stayed in the upper layer" : "the /workspace write did not stay in the upper layer")
                + "; " + f.shares().size() + " host share(s) found; "
                + (leaked == 0 ? "no host share took a write" : leaked + " write(s) reached a host share: " + String.join(", ", through))
                + (designedMounts(designed).isEmpty() ? "" : "; writable by design: " + String.join(", ", designedMounts(designed)))
                + (f.container() ? "; after a remount: not applicable on a container" : "");
    }

    /** The C-SYNC-GATE part: Bilrost's always-writable agent-data shares reach the host without passing the gate. */
    public static PartEvaluation syncGateBypass(AttackContext run) {
        ShareFindings f = findings(run);
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
        ShareFindings f = findings(run);
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
        ShareFindings f = findings(run);
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
        ShareFindings f = findings(run);
        List<Observation> observations = new ArrayList<>(remountNotTried(f).stream().filter(o -> o.subject().startsWith(vault + " ")).toList());
        f.writes().stream().filter(w -> w.word(0).equals(vault)).forEach(w -> observations.add(observeWrite(w, f)));
        return observations;
    }

    private static List<Observation> remountNotTried(ShareFindings f) {
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

    private static boolean isReadOnly(ShareFindings f, String mount) {
        return f.shares().stream().anyMatch(s -> s.target().equals(mount) && !s.mount().writable());
    }

    static Observation observeWrite(ScriptOutput.Line write, ShareFindings f) {
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
