package dev.gjallarhorn.attack.syncgate;

import dev.gjallarhorn.attack.shares.SharesScenario;
import dev.gjallarhorn.probe.ScriptOutput;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.evidence.EvidenceStore;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.run.Setting;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.RemoteScript;
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
 * upper layer is what a gate takes), where the gate takes any file and the workspace's owner can write
 * ({@code sync-gate-probe.sh} finds the place, or says why there is none), the gate runs once, and the candidate is
 * removed again. The candidates
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
 *   <li>otherwise a {@code sync-gate} in the VM (the twin's): it says where it applies ({@code --show-config}); a
 *       harmless control must arrive there with exit 0 first, then each candidate is judged by what arrived there
 *       and the gate's exit (a refusal counts only if the gate passes again without the candidate);</li>
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

    public static ClaimEvaluation evaluate(AttackContext run) {
        Instant started = Instant.now();
        Outcome predicted = Prediction.forClaim(run.claim(CLAIM));
        StringBuilder text = new StringBuilder("C-SYNC-GATE candidates, one at a time through the gate\n");
        text.append("target: ").append(run.target().describe()).append('\n');
        Map<String, Seen> seen;
        Optional<Path> script = run.settings().syncGate().script();
        if (script.isPresent()) {
            seen = onHost(run, script.get(), text);
        } else {
            seen = inVm(run, text);
        }
        List<PartEvaluation> parts = new ArrayList<>();
        for (SyncGateCheck check : SyncGateCheck.values()) {
            List<Observation> observations = check.candidates().stream().flatMap(c -> members(seen, c)).toList();
            parts.add(check.role() == PartRole.NOTE ? PartEvaluation.note(check.part(), check.worse(), observations)
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

    /** What was seen of a candidate, or of each member of a family of candidates ({@code FAMILY:MEMBER}). */
    static java.util.stream.Stream<Observation> members(Map<String, Seen> seen, String candidate) {
        List<Observation> found = seen.entrySet().stream().filter(e -> SyncGateCheck.family(e.getKey()).equals(candidate))
                .map(e -> e.getValue().observation()).toList();
        return found.isEmpty() ? java.util.stream.Stream.of(Observation.couldNotRun(HostSyncGate.subject(candidate), Reason.NO_OBSERVATION,
                "the probe said nothing of this candidate")) : found.stream();
    }

    /** The gate in the VM: the probe runs the control and then every candidate through it. */
    private static Map<String, Seen> inVm(AttackContext run, StringBuilder text) {
        ScriptOutput out = ScriptOutput.of(run.target().run(Cmd.script(PROBE, "run", run.token()).asRoot(), Duration.ofMinutes(20)));
        return judgeInVm(out, text);
    }

    /**
     * What the in-VM probe's output says of each candidate. Nothing is judged unless the gate said where it applies
     * (APPLIES), a place to stage was found (else NOPLACE: every candidate PRECONDITION_UNMET with that one line),
     * and the harmless control went through: exit 0 and found where the gate applies (else every candidate
     * ORACLE_BLIND, with what the control met). Then each CANDIDATE line by {@link #observe}.
     */
    static Map<String, Seen> judgeInVm(ScriptOutput out, StringBuilder text) {
        String gate = out.value("GATE");
        Map<String, Seen> seen = new LinkedHashMap<>();
        if (gate.isEmpty() || gate.equals("missing")) {
            // no gate here is no answer: the claim's gate exists, on the host; the user must say where (precondition)
            Reason reason = gate.isEmpty() ? Reason.PROBE_ERROR : Reason.PRECONDITION_UNMET;
            String why = gate.isEmpty() ? "the probe did not run: " + out.result().describe()
                    : "no sync-gate in the VM: Bilrost runs its gate on the host (scripts/sync-gate.sh); to drive it from here, set -D"
                            + Setting.SYNC_GATE_SCRIPT.key() + "=PATH to that script in your Bilrost checkout";
            text.append("gate: ").append(gate.isEmpty() ? "(the probe did not run)" : "none in the VM").append("\n\n").append(why).append('\n');
            return allUndecided(reason, why);
        }
        String applies = out.value("APPLIES");
        text.append("gate: in the VM: ").append(gate).append(" (as root), applying to ").append(applies.isEmpty() ? "(it did not say)" : applies)
                .append("; candidates staged in /workspace/").append(out.value("PLACE").equals(".") ? "" : out.value("PLACE")).append("\n\n");
        Optional<ScriptOutput.Line> control = out.all("CONTROL").stream().findFirst();
        Optional<NoAnswer> undecided = noAnswer(out, applies, control);
        control.ifPresent(c -> text.append("candidate control  [positive control]\n  gate exit: ").append(c.word(0)).append("\n  reached ")
                .append(applies).append(": ").append(c.word(1)).append(c.rest(2).isBlank() ? "" : "\n  gate said: " + c.rest(2)).append("\n\n"));
        if (undecided.isPresent()) {
            text.append(undecided.get().why()).append('\n');
            return allUndecided(undecided.get().reason(), undecided.get().why());
        }
        Map<String, List<String>> staged = new LinkedHashMap<>();
        out.all("STAGED").forEach(l -> staged.put(l.word(0), List.of(l.rest(3))));
        out.all("SKIP").forEach(l -> seen.put(l.word(0), new Seen(l.word(0), List.of(), "-", "",
                Observation.couldNotRun(HostSyncGate.subject(l.word(0)), Reason.PRECONDITION_UNMET, l.rest(1)))));
        for (ScriptOutput.Line line : out.all("CANDIDATE")) {
            String name = line.word(0);
            seen.put(name, new Seen(name, staged.getOrDefault(name, List.of()), line.word(1), line.rest(4), observe(line, applies)));
        }
        seen.remove("control");
        if (!out.all("SIZEPROBE").isEmpty()) {
            text.append("the size the gate stops taking files at, found with harmless files (bytes, gate exit, reached ").append(applies).append("):\n");
            out.all("SIZEPROBE").forEach(l -> text.append("  ").append(l.rest(0)).append('\n'));
            out.all("SIZELIMIT").forEach(l -> text.append("  takes ").append(l.word(0)).append(" bytes; refuses ")
                    .append(l.word(1).equals("none") ? "none it was given" : l.word(1) + " bytes").append('\n'));
            text.append('\n');
        }
        seen.values().forEach(s -> describe(text, s));
        out.all("LEFT").forEach(l -> text.append("left in /workspace and the host checkout: ").append(l.rest(0)).append('\n'));
        text.append('\n').append(out.result().describe()).append('\n');
        return seen;
    }

    /** Why no candidate can be judged, with the reason every candidate gets. */
    private record NoAnswer(Reason reason, String why) {
    }

    /**
     * Why no candidate's refusal or passage can be judged: the gate did not say where it applies (ORACLE_BLIND), no
     * place to stage (PRECONDITION_UNMET), no control line (PRECONDITION_UNMET if skipped, else PROBE_ERROR), or a
     * control that did not go through (ORACLE_BLIND). Empty when the candidates can be judged.
     */
    private static Optional<NoAnswer> noAnswer(ScriptOutput out, String applies, Optional<ScriptOutput.Line> control) {
        if (!out.value("NOCONFIG").isEmpty() || applies.isEmpty()) {
            return Optional.of(new NoAnswer(Reason.ORACLE_BLIND, "the gate did not say where it applies, so what reached the host could not be looked for: "
                    + (out.value("NOCONFIG").isEmpty() ? out.result().describe() : out.value("NOCONFIG"))));
        } else if (!out.value("NOPLACE").isEmpty()) {
            return Optional.of(new NoAnswer(Reason.PRECONDITION_UNMET, out.value("NOPLACE")));
        } else if (control.isEmpty()) {
            String skipped = out.all("SKIP").stream().filter(l -> l.word(0).equals("control")).map(l -> l.rest(1)).findFirst()
                    .orElse(out.result().describe());
            Reason reason = out.all("SKIP").stream().anyMatch(l -> l.word(0).equals("control")) ? Reason.PRECONDITION_UNMET : Reason.PROBE_ERROR;
            return Optional.of(new NoAnswer(reason, "no harmless control went through the gate first: " + skipped));
        } else if (!control.get().word(0).equals("0") || !control.get().word(1).equals("yes")) {
            ScriptOutput.Line c = control.get();
            return Optional.of(new NoAnswer(Reason.ORACLE_BLIND, "the gate does not pass a harmless change (the positive control): exit " + c.word(0) + ", "
                    + (c.word(1).equals("yes") ? "" : "not ") + "found in " + applies + (c.rest(2).isBlank() ? "" : "; the gate said: " + c.rest(2))
                    + "; so no refusal can be put down to a candidate"));
        }
        return Optional.empty();
    }

    private static Map<String, Seen> allUndecided(Reason reason, String why) {
        Map<String, Seen> seen = new LinkedHashMap<>();
        for (String c : SyncGateCheck.allCandidates()) {
            seen.put(c, new Seen(c, List.of(), "-", "", Observation.couldNotRun(HostSyncGate.subject(c), reason, why)));
        }
        return seen;
    }

    /** The gate on this host, driven against the target's staged candidates. */
    private static Map<String, Seen> onHost(AttackContext run, Path script, StringBuilder text) {
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

    /**
     * One CANDIDATE line of the in-VM probe: NAME EXIT REACHED EXIT-WITH-NOTHING-STAGED WHAT-THE-GATE-SAID. What
     * reached where the gate applies got through, whatever the exit; what did not was stopped: passed over with
     * exit 0, or refused with a non-zero exit, but a refusal counts only if the gate passed again once the candidate
     * was gone (else conflicting-evidence); a gate that timed out (124) or could not start (126, 127) decides nothing.
     */
    static Observation observe(ScriptOutput.Line line, String applies) {
        String name = line.word(0);
        String said = line.rest(4).isBlank() ? "the gate said nothing" : "the gate said: " + line.rest(4);
        String subject = HostSyncGate.subject(name);
        String exit = line.word(1);
        String again = line.word(3);
        if (!exit.matches("\\d+")) {
            return Observation.couldNotRun(subject, Reason.PROBE_ERROR, line.text());
        }
        if (exit.equals("124")) {
            return Observation.couldNotRun(subject, Reason.TIMEOUT, "the gate did not finish; " + said);
        }
        if (exit.equals("126") || exit.equals("127")) {
            return Observation.couldNotRun(subject, Reason.PROBE_ERROR, "the gate could not be started (exit " + exit + "); " + said);
        }
        String stopped = switch (line.word(2)) {
            case "yes" -> null;
            case "changed" -> null;
            case "executable" -> null;
            case "no" -> "not in " + applies;
            case "unchanged" -> "the copy in " + applies + " kept the old version";
            case "not-executable" -> "the copy in " + applies + " stayed not executable";
            default -> "?";
        };
        if ("?".equals(stopped)) {
            return Observation.couldNotRun(subject, Reason.PROBE_ERROR, line.text());
        }
        if (stopped == null) {
            String what = switch (line.word(2)) {
                case "changed" -> "the change reached " + applies;
                case "executable" -> "the copy in " + applies + " became executable";
                default -> "it reached " + applies;
            };
            return Observation.succeeded(subject, what + " (gate exit " + exit + "); " + said);
        }
        if (exit.equals("0")) {
            return Observation.blocked(subject, stopped + ", though the gate passed the run (exit 0); " + said);
        }
        if (!again.equals("0")) {
            return Observation.couldNotRun(subject, Reason.CONFLICTING_EVIDENCE, "refused (exit " + exit + "), but the gate also exits "
                    + again + " with nothing of this run staged, so the refusal is not this candidate's; " + said);
        }
        return Observation.blocked(subject, stopped + ": refused (exit " + exit + "; exit 0 again once it was removed); " + said);
    }
}
