package dev.gjallarhorn.scenario;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.report.EvidenceStore;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.target.Cmd;
import dev.gjallarhorn.target.RemoteScript;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.Prediction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code C-SYNC-GATE}: "changes from the VM go through gitleaks scanning, path allowlisting and size checks
 * before reaching the host filesystem". One candidate at a time is put into {@code /workspace}, the gate runs
 * as Bilrost's sync flow runs it, and the host checkout is looked at afterwards: a candidate found there got
 * through. Each candidate is its own part; the writable agent-data shares, which skip the gate altogether,
 * are one more (from {@link SharesScenario}).
 */
public final class SyncGateScenario {

    public static final String CLAIM = "C-SYNC-GATE";
    private static final RemoteScript PROBE = RemoteScript.load(SyncGateScenario.class, "sync-gate-probe.sh");

    /** Candidate name → the part it decides, for the candidates the claim speaks to. */
    private static final Map<String, String> DECIDING = Map.of(
            "secret", "a file holding a credential is stopped (secret scanning)",
            "scanner-missing", "with the secret scanner missing from PATH, the gate fails closed",
            "outside-allowlist", "a path outside the allowlist (.git/hooks) is stopped",
            "symlink", "a symlink out of the workspace is stopped",
            "oversized", "a file over the size limit (10 MiB) is stopped");

    private SyncGateScenario() {
    }

    public static ClaimEvaluation evaluate(AttackRun run) {
        Instant started = Instant.now();
        ScriptOutput out = ScriptOutput.of(run.target().run(Cmd.script(PROBE, run.token()).asRoot(), Duration.ofMinutes(3)));
        Outcome predicted = Prediction.forClaim(run.claim(CLAIM));
        StringBuilder text = new StringBuilder("C-SYNC-GATE candidates, one at a time through the gate\n");
        text.append("target: ").append(run.target().describe()).append("\n\n");
        out.lines().forEach(l -> text.append(l.text()).append('\n'));
        text.append('\n').append(out.result().describe()).append('\n');
        EvidenceStore.Evidence evidence = run.evidence().write(CLAIM, "sync-gate.txt", text.toString());
        List<PartEvaluation> parts = new ArrayList<>();
        String gate = out.value("GATE");
        if (gate.isEmpty() || gate.equals("missing")) {
            Reason reason = gate.isEmpty() ? Reason.PROBE_ERROR : Reason.NOT_APPLICABLE_ON_TARGET;
            String why = gate.isEmpty() ? "the probe did not run: " + out.result().describe()
                    : "no sync-gate on the target: Bilrost runs its gate on the host (scripts/sync-gate.sh); the twin carries it inside";
            DECIDING.values().forEach(part -> parts.add(PartEvaluation.claim(part, predicted,
                    List.of(Observation.couldNotRun("the sync gate", reason, why)))));
        } else {
            for (Map.Entry<String, String> decided : new java.util.TreeMap<>(DECIDING).entrySet()) {
                parts.add(PartEvaluation.claim(decided.getValue(), predicted, candidate(out, decided.getKey()).map(List::of).orElse(List.of())));
            }
            parts.add(PartEvaluation.note("a binary (ELF) under an allowed path", Outcome.SUCCEEDED,
                    candidate(out, "binary").map(List::of).orElse(List.of())));
            parts.add(PartEvaluation.note("a change to a file the host already has", Outcome.BLOCKED,
                    candidate(out, "existing-file").map(List::of).orElse(List.of())));
        }
        parts.add(SharesScenario.syncGateBypass(run));
        long through = parts.stream().filter(p -> p.role() == dev.gjallarhorn.verdict.PartRole.CLAIM)
                .flatMap(p -> p.observations().stream()).filter(o -> o.outcome() == Outcome.SUCCEEDED).count();
        String observed = through == 0 ? "nothing reached the host without passing the gate's checks"
                : through + " candidate(s) reached the host: " + String.join(", ", parts.stream()
                        .filter(p -> p.role() == dev.gjallarhorn.verdict.PartRole.CLAIM).flatMap(p -> p.observations().stream())
                        .filter(o -> o.outcome() == Outcome.SUCCEEDED).map(Observation::subject).toList());
        return new ClaimEvaluation(CLAIM, parts, observed, List.of(evidence.relativePath()), started, Duration.between(started, Instant.now()));
    }

    static Optional<Observation> candidate(ScriptOutput out, String name) {
        return out.all("CANDIDATE").stream().filter(l -> l.word(0).equals(name)).findFirst().map(SyncGateScenario::observe);
    }

    static Observation observe(ScriptOutput.Line line) {
        String name = line.word(0);
        String said = line.rest(3).isBlank() ? "the gate said nothing" : "the gate said: " + line.rest(3);
        String subject = "candidate " + name;
        switch (line.word(2)) {
            case "yes":
                return Observation.succeeded(subject, "it reached the host checkout (gate exit " + line.word(1) + "); " + said);
            case "changed":
                return Observation.succeeded(subject, "the change reached the host checkout; " + said);
            case "no":
                return Observation.blocked(subject, "not in the host checkout (gate exit " + line.word(1) + "); " + said);
            case "unchanged":
                return Observation.blocked(subject, "the host checkout kept the old version (gate exit " + line.word(1) + "); " + said);
            default:
                return Observation.couldNotRun(subject, Reason.PROBE_ERROR, line.text());
        }
    }
}
