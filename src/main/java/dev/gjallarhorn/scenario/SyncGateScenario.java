package dev.gjallarhorn.scenario;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.report.EvidenceStore;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.run.Setting;
import dev.gjallarhorn.target.Cmd;
import dev.gjallarhorn.target.RemoteScript;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.PartRole;
import dev.gjallarhorn.verdict.Prediction;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code C-SYNC-GATE}: "changes from the VM go through gitleaks scanning, path allowlisting and size checks
 * before reaching the host filesystem". One candidate at a time is put into {@code /workspace} (the overlay's
 * upper layer is what a gate takes), the gate runs once, and the candidate is removed again. The candidates
 * ({@link SyncGateCheck}) are what the claim names and what scanners tend not to read: a credential in plain text,
 * in a binary, a gzip file or a tar archive, thirteen levels down, under node_modules/, in a lock file, behind a
 * .png name or Go's vendor/, silenced by a .gitleaks.toml, a .gitleaksignore or an inline gitleaks:allow planted in
 * the tree, under a second name (a hard link); a path outside any allowlist, a symlink, an oversized file, a
 * missing scanner, an executable bit set on a file the host already has. Each candidate is one observation.
 *
 * <p>Where the gate is:
 * <ul>
 *   <li>{@code -Dgjallarhorn.syncGate.script=PATH} set: Bilrost's own {@code scripts/sync-gate.sh} is run on this
 *       host with {@code --dry-run} ({@link HostSyncGate}); its exit code and preview for the one candidate decide;</li>
 *   <li>otherwise a {@code sync-gate} in the VM (the twin's): it applies to the twin's host checkout, and the
 *       checkout decides (a candidate found there got through);</li>
 *   <li>neither: every part INCONCLUSIVE(precondition-unmet), naming the setting.</li>
 * </ul>
 * The writable agent-data shares, which skip the gate altogether, are one more part (from {@link SharesScenario}).
 */
public final class SyncGateScenario {

    public static final String CLAIM = "C-SYNC-GATE";
    static final RemoteScript PROBE = RemoteScript.load(SyncGateScenario.class, "sync-gate-probe.sh");

    /** One candidate as seen: where it was staged, what the gate said, and the observation. */
    record Seen(String candidate, List<String> staged, String gateExit, String said, Observation observation) {
    }

    private SyncGateScenario() {
    }

    public static ClaimEvaluation evaluate(AttackRun run) {
        Instant started = Instant.now();
        Outcome predicted = Prediction.forClaim(run.claim(CLAIM));
        StringBuilder text = new StringBuilder("C-SYNC-GATE candidates, one at a time through the gate\n");
        text.append("target: ").append(run.target().describe()).append('\n');
        Map<String, Seen> seen;
        Optional<Path> script = run.settings().syncGateScript();
        if (script.isPresent()) {
            seen = onHost(run, script.get(), text);
        } else {
            seen = inVm(run, text);
        }
        List<PartEvaluation> parts = new ArrayList<>();
        for (SyncGateCheck check : SyncGateCheck.values()) {
            List<Observation> observations = check.candidates().stream().map(c -> seen.containsKey(c) ? seen.get(c).observation()
                    : Observation.couldNotRun(HostSyncGate.subject(c), Reason.NO_OBSERVATION, "the probe said nothing of this candidate")).toList();
            parts.add(check.role() == PartRole.NOTE ? PartEvaluation.note(check.part(), Outcome.BLOCKED, observations)
                    : PartEvaluation.claim(check.part(), predicted, observations));
        }
        EvidenceStore.Evidence evidence = run.evidence().write(CLAIM, "sync-gate.txt", text.toString());
        parts.add(SharesScenario.syncGateBypass(run));
        List<String> through = parts.stream().filter(p -> p.role() == PartRole.CLAIM).flatMap(p -> p.observations().stream())
                .filter(o -> o.outcome() == Outcome.SUCCEEDED).map(Observation::subject).toList();
        String where = script.map(s -> "the gate on this host (" + s + " --dry-run)").orElse("the gate");
        String observed = through.isEmpty() ? "nothing reached the host past " + where
                : through.size() + " candidate(s) got past " + where + ": " + String.join(", ", through);
        return new ClaimEvaluation(CLAIM, parts, observed, List.of(evidence.relativePath()), started, Duration.between(started, Instant.now()));
    }

    /** The gate in the VM: the probe runs every candidate through it and reads the host checkout it applies to. */
    private static Map<String, Seen> inVm(AttackRun run, StringBuilder text) {
        ScriptOutput out = ScriptOutput.of(run.target().run(Cmd.script(PROBE, "run", run.token()).asRoot(), Duration.ofMinutes(5)));
        String gate = out.value("GATE");
        Map<String, Seen> seen = new LinkedHashMap<>();
        if (gate.isEmpty() || gate.equals("missing")) {
            // no gate here is no answer: the claim's gate exists, on the host; the user must say where (precondition)
            Reason reason = gate.isEmpty() ? Reason.PROBE_ERROR : Reason.PRECONDITION_UNMET;
            String why = gate.isEmpty() ? "the probe did not run: " + out.result().describe()
                    : "no sync-gate in the VM: Bilrost runs its gate on the host (scripts/sync-gate.sh); to drive it from here, set -D"
                            + Setting.SYNC_GATE_SCRIPT.key() + "=PATH to that script in your Bilrost checkout";
            text.append("gate: ").append(gate.isEmpty() ? "(the probe did not run)" : "none in the VM").append("\n\n").append(why).append('\n');
            for (String c : SyncGateCheck.allCandidates()) {
                seen.put(c, new Seen(c, List.of(), "-", "", Observation.couldNotRun(HostSyncGate.subject(c), reason, why)));
            }
            return seen;
        }
        text.append("gate: in the VM: ").append(gate).append(" (as root), applying to the twin's host checkout\n\n");
        Map<String, List<String>> staged = new LinkedHashMap<>();
        out.all("STAGED").forEach(l -> staged.put(l.word(0), List.of(l.rest(3))));
        out.all("SKIP").forEach(l -> seen.put(l.word(0), new Seen(l.word(0), List.of(), "-", "",
                Observation.couldNotRun(HostSyncGate.subject(l.word(0)), Reason.PRECONDITION_UNMET, l.rest(1)))));
        for (ScriptOutput.Line line : out.all("CANDIDATE")) {
            String name = line.word(0);
            seen.put(name, new Seen(name, staged.getOrDefault(name, List.of()), line.word(1), line.rest(3), observe(line)));
        }
        seen.values().forEach(s -> describe(text, s));
        out.all("LEFT").forEach(l -> text.append("left in /workspace and the host checkout: ").append(l.rest(0)).append('\n'));
        text.append('\n').append(out.result().describe()).append('\n');
        return seen;
    }

    /** The gate on this host, driven against the target's staged candidates. */
    private static Map<String, Seen> onHost(AttackRun run, Path script, StringBuilder text) {
        HostSyncGate.Drive drive = new HostSyncGate(run, PROBE, script).drive();
        text.append("gate: ").append(drive.how()).append("\n\n");
        Map<String, Seen> seen = new LinkedHashMap<>();
        if (drive.unavailable().isPresent()) {
            String why = "the gate could not be driven from this host: " + drive.unavailable().get();
            text.append(why).append('\n');
            for (String c : SyncGateCheck.allCandidates()) {
                seen.put(c, new Seen(c, List.of(), "-", "", Observation.couldNotRun(HostSyncGate.subject(c), Reason.PRECONDITION_UNMET, why)));
            }
            return seen;
        }
        for (HostSyncGate.Run r : drive.runs()) {
            Seen s = new Seen(r.candidate(), r.staged(), r.exit().map(String::valueOf).orElse("-"),
                    r.output().isEmpty() ? "" : HostSyncGate.excerpt(r.output()), r.observation());
            describe(text, s);
            if (!r.candidate().equals("control")) {
                seen.put(r.candidate(), s);
            }
        }
        return seen;
    }

    private static void describe(StringBuilder text, Seen s) {
        text.append("candidate ").append(s.candidate()).append(SyncGateCheck.of(s.candidate()).map(c -> "  [" + c.part() + "]").orElse("  [positive control]"))
                .append("\n  staged:   ").append(s.staged().isEmpty() ? "-" : String.join(" ", s.staged()))
                .append("\n  gate exit: ").append(s.gateExit())
                .append("\n  seen:     ").append(s.observation())
                .append(s.said().isEmpty() ? "" : "\n  gate said:\n    " + s.said().replace("\n", "\n    "))
                .append("\n\n");
    }

    /** One CANDIDATE line of the in-VM probe: NAME EXIT REACHED WHAT-THE-GATE-SAID. */
    static Observation observe(ScriptOutput.Line line) {
        String name = line.word(0);
        String said = line.rest(3).isBlank() ? "the gate said nothing" : "the gate said: " + line.rest(3);
        String subject = HostSyncGate.subject(name);
        String exit = line.word(1);
        return switch (line.word(2)) {
            case "yes" -> Observation.succeeded(subject, "it reached the host checkout (gate exit " + exit + "); " + said);
            case "changed" -> Observation.succeeded(subject, "the change reached the host checkout (gate exit " + exit + "); " + said);
            case "executable" -> Observation.succeeded(subject, "the host's copy became executable (gate exit " + exit + "); " + said);
            case "no" -> Observation.blocked(subject, "not in the host checkout (gate exit " + exit + "); " + said);
            case "unchanged" -> Observation.blocked(subject, "the host checkout kept the old version (gate exit " + exit + "); " + said);
            case "not-executable" -> Observation.blocked(subject, "the host's copy stayed not executable (gate exit " + exit + "); " + said);
            default -> Observation.couldNotRun(subject, Reason.PROBE_ERROR, line.text());
        };
    }
}
