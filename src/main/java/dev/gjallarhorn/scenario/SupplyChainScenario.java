package dev.gjallarhorn.scenario;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.report.EvidenceStore;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.target.Cmd;
import dev.gjallarhorn.target.RemoteScript;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.Prediction;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The supply-chain posture of the gateway's install, as the target has it: a lockfile for its dependencies and a
 * frozen install, install scripts, who ran the install, installers piped from curl, an SBOM, and whether the sandbox
 * image is pinned by digest. Judges the gaps {@code T-004} and {@code N-SUPPLY-CHAIN-HARDENING}: each missing
 * hardening keeps its part holding, each present one makes it stale.
 */
public final class SupplyChainScenario {

    private static final RemoteScript SCRIPT = RemoteScript.load(SupplyChainScenario.class, "supply-chain.sh");

    public record Findings(ScriptOutput posture, Path evidence, Instant startedAt, Duration elapsed) {
    }

    private SupplyChainScenario() {
    }

    public static Findings findings(AttackRun run) {
        return run.observeOnce(Findings.class, () -> {
            Instant started = Instant.now();
            ScriptOutput out = ScriptOutput.of(run.target().run(Cmd.script(SCRIPT).asRoot(), run.settings().commandTimeout()));
            StringBuilder text = new StringBuilder("Supply-chain posture of the gateway's install on " + run.target().describe() + "\n\n");
            out.lines().forEach(l -> text.append(l.text()).append('\n'));
            EvidenceStore.Evidence evidence = run.evidence().write("T-004", "supply-chain.txt", text.toString());
            return new Findings(out, evidence.relativePath(), started, Duration.between(started, Instant.now()));
        });
    }

    public static ClaimEvaluation lockfilePinning(AttackRun run) {
        String claim = "T-004";
        Findings f = findings(run);
        Outcome predicted = Prediction.forClaim(run.claim(claim));
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim("no lockfile pins the gateway's dependencies", predicted, List.of(lockfile(f))),
                PartEvaluation.claim("the install is not frozen to a lockfile", predicted, List.of(frozen(f))),
                notes(f));
        return new ClaimEvaluation(claim, parts, lockfile(f).detail() + "; " + frozen(f).detail(), List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    public static ClaimEvaluation hardening(AttackRun run) {
        String claim = "N-SUPPLY-CHAIN-HARDENING";
        Findings f = findings(run);
        Outcome predicted = Prediction.forClaim(run.claim(claim));
        String image = f.posture().value("SANDBOX-IMAGE");
        Observation pinned = image.contains("sha256:") ? Observation.blocked("the sandbox image reference", image + " (pinned by digest)")
                : Observation.succeeded("the sandbox image reference", image + " (a tag, not a digest)");
        List<String> sboms = f.posture().all("SBOM").stream().map(l -> l.rest(0)).toList();
        Observation sbom = sboms.isEmpty() ? Observation.succeeded("an SBOM", "none in /workspace or /opt")
                : Observation.blocked("an SBOM", String.join(", ", sboms));
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim("no lockfile integrity verification (no frozen install)", predicted, List.of(frozen(f))),
                PartEvaluation.claim("no SBOM", predicted, List.of(sbom)),
                PartEvaluation.claim("no pinning beyond upstream: images by tag", predicted, List.of(pinned)),
                notes(f));
        return new ClaimEvaluation(claim, parts, frozen(f).detail() + "; " + sbom.detail() + "; " + pinned.detail(), List.of(f.evidence()),
                f.startedAt(), f.elapsed());
    }

    static Observation lockfile(Findings f) {
        List<String> locks = f.posture().all("LOCKFILE").stream().map(l -> l.word(0)).toList();
        List<String> deleted = f.posture().all("LOCKFILE-DELETED").stream().map(l -> l.word(0)).toList();
        return locks.isEmpty() ? Observation.succeeded("/workspace", "no lockfile" + (deleted.isEmpty() ? ""
                : "; " + String.join(", ", deleted) + " was deleted in the VM (a whiteout in the upper layer)"))
                : Observation.blocked("/workspace", "lockfile " + String.join(", ", locks));
    }

    static Observation frozen(Findings f) {
        List<String> frozen = f.posture().all("FROZEN").stream().map(l -> l.word(0)).toList();
        return frozen.isEmpty() ? Observation.succeeded("the install", "not frozen (no frozenLockfile, no ci/frozen-lockfile setting)")
                : Observation.blocked("the install", "frozen by " + String.join(", ", frozen));
    }

    static PartEvaluation notes(Findings f) {
        ScriptOutput p = f.posture();
        String installer = p.value("INSTALLED-BY");
        List<String> scripts = p.all("SCRIPTS").stream().map(l -> l.rest(0)).toList();
        List<String> curl = p.all("CURL-INSTALLER").stream().map(l -> l.rest(0)).toList();
        return PartEvaluation.note("install posture", Outcome.SUCCEEDED, List.of(
                installer.equals("root") ? Observation.succeeded("node_modules", "installed as root: install scripts ran as root")
                        : Observation.blocked("node_modules", installer.isEmpty() ? "none" : "installed as " + installer),
                scripts.isEmpty() ? Observation.succeeded("install scripts", "allowed (no ignore-scripts, no trustedDependencies)")
                        : Observation.blocked("install scripts", String.join(", ", scripts)),
                curl.isEmpty() ? Observation.blocked("installers piped from curl", "none found")
                        : Observation.succeeded("installers piped from curl", String.join("; ", curl))));
    }
}
