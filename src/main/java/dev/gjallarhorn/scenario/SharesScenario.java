package dev.gjallarhorn.scenario;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.report.EvidenceStore;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.target.Cmd;
import dev.gjallarhorn.target.CommandResult;
import dev.gjallarhorn.target.RemoteScript;
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
 * read-only lower), and straight into every host share under {@code /mnt}, as the login user, as root, and as
 * root after remounting a read-only share read-write. One probe pass serves three claims:
 * {@code C-READ-ONLY-HOST-MOUNTS}, the bypass part of {@code C-SYNC-GATE} (Bilrost's writable agent-data
 * shares) and the share part of {@code T-006}.
 *
 * <p>The oracle is the file itself: seen under the share after the write means it reached the host (a share's
 * view in the VM is the host's directory). On a twin this run started, the host side of each writable share
 * is read as well, and both must agree.
 */
public final class SharesScenario {

    /** The shares Bilrost documents as writable by design (agent data, buildlog): a way to the host around the sync gate. */
    static final Set<String> WRITABLE_BY_DESIGN = Set.of("/mnt/openclaw-agents", "/mnt/buildlog-data");
    private static final RemoteScript PROBE = RemoteScript.load(SharesScenario.class, "shares-probe.sh");

    /** What one probe pass saw, kept for every claim that is judged from it. */
    public record Findings(Instant startedAt, Duration elapsed, List<ScriptOutput.Line> writes, List<ScriptOutput.Line> shares,
                           List<ScriptOutput.Line> remounts, Optional<ScriptOutput.Line> overlay, boolean remountAllowed,
                           List<String> hostSideFiles, Path evidence, String enforcement) {
    }

    private SharesScenario() {
    }

    public static Findings findings(AttackRun run) {
        return run.observeOnce(Findings.class, () -> probe(run));
    }

    private static Findings probe(AttackRun run) {
        Instant started = Instant.now();
        boolean remountAllowed = run.session().invasive();
        Duration timeout = run.settings().commandTimeout();
        ScriptOutput out = ScriptOutput.of(run.target().run(
                Cmd.script(PROBE, "write", run.token(), run.target().user(), remountAllowed ? "1" : "0").asRoot(), timeout));
        List<String> hostSide = run.session().twin().map(twin -> hostSideFiles(twin, run.token())).orElse(List.of());
        CommandResult cleanup = run.target().run(Cmd.script(PROBE, "cleanup", run.token()).asRoot(), timeout);
        String enforcement = run.session().twin().isPresent()
                ? "on this twin, each read-only share is a squashfs image loop-mounted read-only on the harness host and bound"
                        + " in; squashfs cannot be made writable, so the read-only is enforced outside the VM, as Lima's host"
                        + " enforces a share it exports read-only over virtiofs"
                : "on a Lima VM, a share declared writable: false is exported read-only by the host's virtiofs server;"
                        + " the guest cannot lift that";
        StringBuilder text = new StringBuilder("Writes escaping the overlay, as " + run.target().user() + " and as root\n");
        text.append("target: ").append(run.target().describe()).append('\n');
        text.append("what enforces read-only: ").append(enforcement).append("\n\n");
        out.lines().forEach(l -> text.append(l.text()).append('\n'));
        text.append("\nhost side (files of this run found in the twin's host share directories): ")
                .append(run.session().twin().isEmpty() ? "not available for this target" : hostSide.isEmpty() ? "none" : String.join(", ", hostSide))
                .append("\ncleanup: ").append(cleanup.describe()).append(' ').append(cleanup.stdout().strip()).append('\n');
        if (!remountAllowed) {
            text.append("remount attempts skipped: they change a real target; pass -Dgjallarhorn.invasive=true\n");
        }
        EvidenceStore.Evidence evidence = run.evidence().write("C-READ-ONLY-HOST-MOUNTS", "share-writes.txt", text.toString());
        if (!out.result().succeeded() && out.all("WRITE").isEmpty()) {
            return new Findings(started, Duration.between(started, Instant.now()), List.of(), List.of(), List.of(), Optional.empty(),
                    remountAllowed, hostSide, evidence.relativePath(), enforcement);
        }
        return new Findings(started, Duration.between(started, Instant.now()), out.all("WRITE"), out.all("SHARE"), out.all("REMOUNT"),
                out.all("OVERLAY").stream().findFirst(), remountAllowed, hostSide, evidence.relativePath(), enforcement);
    }

    public static ClaimEvaluation readOnlyHostMounts(AttackRun run) {
        Findings f = findings(run);
        String claim = "C-READ-ONLY-HOST-MOUNTS";
        Outcome predicted = Prediction.forClaim(run.claim(claim));
        List<Observation> designed = new ArrayList<>();
        List<Observation> others = new ArrayList<>();
        for (ScriptOutput.Line write : f.writes()) {
            (WRITABLE_BY_DESIGN.contains(write.word(0)) ? designed : others).add(observeWrite(write, f));
        }
        if (!f.remountAllowed()) {
            for (ScriptOutput.Line share : f.shares()) {
                if (share.word(2).equals("ro")) {
                    others.add(Observation.couldNotRun(share.word(0) + " as root after a remount", Reason.PRECONDITION_UNMET,
                            "not tried: it would change a real target; pass -Dgjallarhorn.invasive=true"));
                }
            }
        }
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim("a write through /workspace lands in the overlay's upper layer, not on the host", predicted,
                        f.overlay().map(o -> List.of(observeOverlay(o))).orElse(List.of())),
                PartEvaluation.claim("the host shares refuse writes (as the login user, as root, as root after a remount)", predicted, others),
                PartEvaluation.note("writable by design (agent data): a write channel to the host", Outcome.SUCCEEDED, designed));
        long leaked = others.stream().filter(o -> o.outcome() == Outcome.SUCCEEDED).count();
        String observed = (f.overlay().map(o -> observeOverlay(o).outcome() == Outcome.BLOCKED).orElse(false)
                ? "the /workspace write stayed in the upper layer" : "the /workspace write did not stay in the upper layer")
                + "; " + (leaked == 0 ? "no host share took a write" : leaked + " write(s) reached a host share: "
                        + String.join(", ", others.stream().filter(o -> o.outcome() == Outcome.SUCCEEDED).map(Observation::subject).toList()))
                + (designedMounts(designed).isEmpty() ? "" : "; writable by design: " + String.join(", ", designedMounts(designed)));
        return new ClaimEvaluation(claim, parts, observed, List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    /** The C-SYNC-GATE part: Bilrost's always-writable agent-data shares reach the host without passing the gate. */
    public static PartEvaluation syncGateBypass(AttackRun run) {
        Findings f = findings(run);
        List<Observation> designed = f.writes().stream().filter(w -> WRITABLE_BY_DESIGN.contains(w.word(0)))
                .map(w -> observeWrite(w, f)).toList();
        return PartEvaluation.claim("no share lets the VM write to the host around the gate (agent-data shares)",
                Prediction.forClaim(run.claim("C-SYNC-GATE")), designed);
    }

    /** The T-006 part: a share mounted read-only stays read-only for root in the VM, also after a remount. */
    public static PartEvaluation readOnlyForRoot(AttackRun run, Outcome predicted) {
        Findings f = findings(run);
        List<Observation> observations = new ArrayList<>();
        for (ScriptOutput.Line share : f.shares()) {
            if (!share.word(2).equals("ro")) {
                continue;
            }
            if (!f.remountAllowed()) {
                observations.add(Observation.couldNotRun(share.word(0) + " as root after a remount", Reason.PRECONDITION_UNMET,
                        "not tried: it would change a real target; pass -Dgjallarhorn.invasive=true"));
                continue;
            }
            f.writes().stream().filter(w -> w.word(0).equals(share.word(0)) && w.word(2).equals("after-remount"))
                    .forEach(w -> observations.add(observeWrite(w, f)));
        }
        return PartEvaluation.claim("the read-only host shares stay read-only for root in the VM, even after a remount", predicted, observations);
    }

    static Observation observeWrite(ScriptOutput.Line write, Findings f) {
        String mount = write.word(0);
        String subject = mount + " as " + write.word(1) + (write.word(2).equals("after-remount") ? " after a remount" : "");
        boolean visible = write.word(4).equals("visible");
        int exit = parse(write.word(3));
        boolean onHost = f.hostSideFiles().stream().anyMatch(h -> h.startsWith(mount.substring("/mnt/".length()) + "/"));
        if (visible) {
            String host = f.hostSideFiles().isEmpty() && !onHost ? "" : onHost ? "; the file is in the share's directory on the host" : "";
            return Observation.succeeded(subject, "the write landed: the file is there afterwards" + host);
        }
        if (exit != 0) {
            return Observation.blocked(subject, "refused: " + write.rest(5));
        }
        return Observation.couldNotRun(subject, Reason.CONFLICTING_EVIDENCE, "the write reported success but the file is not there");
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
            return Observation.succeeded(subject, "the file reached the read-only lower (/mnt/openclaw), the host's checkout");
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
