package dev.gjallarhorn.attack.supply;

import dev.gjallarhorn.probe.ScriptOutput;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.evidence.EvidenceStore;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.RemoteScript;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.Prediction;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The supply-chain posture of the gateway's install, as the target has it: a lockfile for its dependencies and a
 * frozen install, install scripts, who ran the install, installers piped from curl, an SBOM (told by its content,
 * anywhere on the machine, a planted control BOM showing the search can see one), and whether the sandbox
 * image is pinned by digest. Judges the gaps {@code T-004} and {@code N-SUPPLY-CHAIN-HARDENING}: each missing
 * hardening keeps its part holding, each present one makes it stale. A missing hardening is a finding only when
 * the script ran to its end ({@code DONE}): empty, failed or cut-short output is INCONCLUSIVE(probe-error, timeout),
 * a target without {@code /workspace} INCONCLUSIVE(precondition-unmet) for what the checkout would have told.
 */
public final class SupplyChainScenario {

    private static final RemoteScript SCRIPT = RemoteScript.load(SupplyChainScenario.class, "supply-chain.sh");

    public record SupplyChainFindings(ScriptOutput posture, Path evidence, Instant startedAt, Duration elapsed) {
    }

    private SupplyChainScenario() {
    }

    public static SupplyChainFindings findings(AttackContext run) {
        return run.observeOnce(SupplyChainFindings.class, () -> {
            Instant started = Instant.now();
            // the SBOM search reads the whole machine: it gets twice the command bound, the script a margin on top
            Duration bound = run.settings().commandTimeout().multipliedBy(2);
            ScriptOutput out = ScriptOutput.of(run.target().run(Cmd.script(SCRIPT, Long.toString(bound.toSeconds())).asRoot(),
                    bound.plus(run.settings().commandTimeout())));
            StringBuilder text = new StringBuilder("Supply-chain posture of the gateway's install on " + run.target().describe() + "\n" + out.result().describe() + "\n\n");
            out.lines().forEach(l -> text.append(l.text()).append('\n'));
            EvidenceStore.Evidence evidence = run.evidence().write("T-004", "supply-chain.txt", text.toString());
            return new SupplyChainFindings(out, evidence.relativePath(), started, Duration.between(started, Instant.now()));
        });
    }

    public static ClaimEvaluation lockfilePinning(AttackContext run) {
        String claim = "T-004";
        SupplyChainFindings f = findings(run);
        Outcome predicted = Prediction.forClaim(run.claim(claim));
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim("no lockfile pins the gateway's dependencies", predicted, List.of(lockfile(f))),
                PartEvaluation.claim("the install is not frozen to a lockfile", predicted, List.of(frozen(f))),
                notes(f));
        return new ClaimEvaluation(claim, parts, lockfile(f).detail() + "; " + frozen(f).detail(), List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    public static ClaimEvaluation hardening(AttackContext run) {
        String claim = "N-SUPPLY-CHAIN-HARDENING";
        SupplyChainFindings f = findings(run);
        Outcome predicted = Prediction.forClaim(run.claim(claim));
        Observation pinned = pinned(f);
        Observation sbom = sbom(f);
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim("no lockfile integrity verification (no frozen install)", predicted, List.of(frozen(f))),
                PartEvaluation.claim("no SBOM", predicted, List.of(sbom)),
                PartEvaluation.claim("no pinning beyond upstream: images by tag", predicted, List.of(pinned)),
                notes(f));
        return new ClaimEvaluation(claim, parts, frozen(f).detail() + "; " + sbom.detail() + "; " + pinned.detail(), List.of(f.evidence()),
                f.startedAt(), f.elapsed());
    }

    /** Why the script's output tells nothing about {@code subject}: it did not run to its end, or (for the checkout) there is none. */
    static Optional<Observation> notRun(SupplyChainFindings f, String subject, boolean needsWorkspace) {
        ScriptOutput p = f.posture();
        if (p.result().timedOut()) {
            return Optional.of(Observation.couldNotRun(subject, Reason.TIMEOUT, "supply-chain.sh ran into its bound (" + p.result().describe() + ")"));
        }
        if (!p.result().succeeded() || p.all("DONE").isEmpty() || p.all("WORKSPACE").isEmpty()) {
            String err = p.result().stderr().strip().lines().findFirst().orElse("");
            return Optional.of(Observation.couldNotRun(subject, Reason.PROBE_ERROR, "supply-chain.sh did not run to its end ("
                    + p.result().describe() + (err.isEmpty() ? "" : ": " + err) + "): an absent finding is not an absent hardening"));
        }
        if (needsWorkspace && p.value("WORKSPACE").startsWith("missing")) {
            return Optional.of(Observation.couldNotRun(subject, Reason.PRECONDITION_UNMET, "no checkout to read: "
                    + p.value("WORKSPACE").substring("missing".length()).strip() + " does not exist"));
        }
        return Optional.empty();
    }

    static Observation pinned(SupplyChainFindings f) {
        String subject = "the sandbox image reference";
        Optional<Observation> notRun = notRun(f, subject, false);
        if (notRun.isPresent()) {
            return notRun.get();
        }
        String image = f.posture().value("SANDBOX-IMAGE").strip();
        if (image.isEmpty()) {
            String why = f.posture().value("SANDBOX-IMAGE-UNREAD");
            return Observation.couldNotRun(subject, Reason.PROBE_ERROR, why.isEmpty() ? "supply-chain.sh printed no image reference" : why);
        }
        return image.contains("sha256:") ? Observation.blocked(subject, image + " (pinned by digest)")
                : Observation.succeeded(subject, image + " (a tag, not a digest)");
    }

    /**
     * An SBOM, told by its content anywhere on the machine: BLOCKED when one was found; SUCCEEDED ("none") only when
     * the search ran to its end and found the BOM it planted itself; otherwise COULD_NOT_RUN.
     */
    static Observation sbom(SupplyChainFindings f) {
        String subject = "an SBOM";
        Optional<Observation> notRun = notRun(f, subject, false);
        if (notRun.isPresent()) {
            return notRun.get();
        }
        ScriptOutput p = f.posture();
        List<String> sboms = p.all("SBOM").stream().map(l -> l.rest(1) + " (" + l.word(0) + ")").toList();
        if (!sboms.isEmpty()) {
            return Observation.blocked(subject, String.join(", ", sboms));
        }
        if (p.value("SBOM-SEARCH").strip().equals("timeout")) {
            return Observation.couldNotRun(subject, Reason.TIMEOUT, "the machine-wide search for SBOM content ran into its bound before it found one");
        }
        String control = p.value("SBOM-CONTROL").strip();
        if (!control.equals("found")) {
            return Observation.couldNotRun(subject, Reason.PROBE_ERROR, "the search did not find the BOM it planted itself ("
                    + (control.isEmpty() ? "no SBOM-CONTROL line" : control) + "): a search that finds nothing proves nothing");
        }
        return Observation.succeeded(subject, "no CycloneDX or SPDX document anywhere on the machine (searched by content, outside"
                + " /proc, /sys, /dev and node_modules; the search found its own planted BOM)");
    }

    static Observation lockfile(SupplyChainFindings f) {
        Optional<Observation> notRun = notRun(f, "/workspace", true);
        if (notRun.isPresent()) {
            return notRun.get();
        }
        List<String> locks = f.posture().all("LOCKFILE").stream().map(l -> l.word(0)).toList();
        List<String> deleted = f.posture().all("LOCKFILE-DELETED").stream().map(l -> l.word(0)).toList();
        return locks.isEmpty() ? Observation.succeeded("/workspace", "no lockfile" + (deleted.isEmpty() ? ""
                : "; " + String.join(", ", deleted) + " was deleted in the VM (a whiteout in the upper layer)"))
                : Observation.blocked("/workspace", "lockfile " + String.join(", ", locks));
    }

    static Observation frozen(SupplyChainFindings f) {
        Optional<Observation> notRun = notRun(f, "the install", true);
        if (notRun.isPresent()) {
            return notRun.get();
        }
        List<String> frozen = f.posture().all("FROZEN").stream().map(l -> l.word(0)).toList();
        return frozen.isEmpty() ? Observation.succeeded("the install", "not frozen (no frozenLockfile, no ci/frozen-lockfile setting)")
                : Observation.blocked("the install", "frozen by " + String.join(", ", frozen));
    }

    static PartEvaluation notes(SupplyChainFindings f) {
        ScriptOutput p = f.posture();
        Optional<Observation> notRun = notRun(f, "install posture", false);
        if (notRun.isPresent()) {
            return PartEvaluation.note("install posture", Outcome.SUCCEEDED, List.of(notRun.get()));
        }
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
