package dev.gjallarhorn.attack.shares;

import dev.gjallarhorn.attack.audit.AuditTrailScenario;
import dev.gjallarhorn.attack.containment.DockerSandboxScenario;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code T-007} "Partial (read-only mount, but agent has read access)", part by part: the vault is mounted read-only
 * (the host share refuses writes, also after a remount; the sandbox gets it read-only) — and the agent can read it
 * (a note read through the agent's paths, as the service identity and from the sandbox). Also shown: whether an
 * unrelated local user can read it.
 */
public final class VaultScenario {

    public static final String CLAIM = "T-007";
    private static final RemoteScript PROBE = RemoteScript.load(VaultScenario.class, "vault-probe.sh");
    /** Where the agent sees the vault: the mount point of the vault's overlay. */
    static final String VIEW = "/workspace-obsidian";

    private VaultScenario() {
    }

    public static ClaimEvaluation evaluate(AttackContext run) {
        Instant started = Instant.now();
        // the vault share is the lower layer of the vault's overlay, as the target's mount table has it
        Optional<String> vault = run.surface().mounts().at(VIEW)
                .flatMap(dev.gjallarhorn.surface.Mount::overlayLower);
        ScriptOutput reads = vault.isPresent()
                ? ScriptOutput.of(run.target().run(Cmd.script(PROBE, vault.get(), VIEW).asRoot(), run.settings().commandTimeout()))
                : noVault();
        SharesScenario.ShareFindings shares = SharesScenario.findings(run);
        DockerSandboxScenario.SandboxFindings sandbox = DockerSandboxScenario.findings(run);
        List<Observation> shareWrites = shareWrites(vault, vault.map(v -> SharesScenario.vaultWrites(run, v)).orElse(List.of()));
        String service = word(reads.value("SERVICE"), 0);
        List<Observation> agentReads = new ArrayList<>(readsAs(reads, service));
        Observation sandboxMode = sandboxMode(sandbox);
        String vaultInside = sandbox.notRun() == null ? sandbox.inside().value("VAULT") : "";
        if (sandbox.notRun() == null && !vaultInside.isBlank() && !vaultInside.equals("absent")) {
            agentReads.add(Observation.succeeded("/workspace/obsidian in " + sandbox.subject(), "the vault is there for the agent's tools to read"));
        }
        List<Observation> sandboxWrites = new ArrayList<>(List.of(sandboxMode));
        if (sandbox.notRun() == null) {
            sandboxWrites.addAll(submounts(sandbox.inside(), sandbox.subject()));
        }
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim("read-only mount: the vault share refuses writes (as the login user, as root, after a remount)",
                        Prediction.forPart(run.claim(CLAIM), "read-only", Outcome.BLOCKED), shareWrites),
                PartEvaluation.claim("read-only mount: the sandbox gets the vault read-only",
                        Prediction.forPart(run.claim(CLAIM), "read-only", Outcome.BLOCKED), sandboxWrites),
                PartEvaluation.claim("the agent has read access: a note read through the agent's paths",
                        Prediction.forPart(run.claim(CLAIM), "read access", Outcome.SUCCEEDED), agentReads),
                PartEvaluation.note("an unrelated local user (nobody) can read the vault", Outcome.SUCCEEDED, readsAs(reads, "nobody")));
        StringBuilder text = new StringBuilder("T-007: the Obsidian vault\n\n");
        text.append("vault share: ").append(vault.orElse("none found (no overlay at " + VIEW + ")")).append('\n');
        reads.lines().forEach(l -> text.append(l.text()).append('\n'));
        text.append("\nvault share writes:\n");
        shareWrites.forEach(o -> text.append("  ").append(o).append('\n'));
        sandboxWrites.forEach(o -> text.append("sandbox: ").append(o).append('\n'));
        EvidenceStore.Evidence evidence = run.evidence().write(CLAIM, "vault.txt", text.toString());
        boolean readable = agentReads.stream().anyMatch(o -> o.outcome() == Outcome.SUCCEEDED);
        boolean written = shareWrites.stream().anyMatch(o -> o.outcome() == Outcome.SUCCEEDED) || sandboxWrites.stream().anyMatch(o -> o.outcome() == Outcome.SUCCEEDED);
        String observed = (written ? "the vault can be written from the VM" : "the vault is read-only wherever the VM reaches it")
                + "; " + (readable ? "the agent reads it" : "the agent cannot read it");
        return new ClaimEvaluation(CLAIM, parts, observed, java.util.stream.Stream.concat(java.util.stream.Stream.of(evidence.relativePath()),
                shares.evidence().stream()).distinct().toList(), started,
                Duration.between(started, Instant.now()));
    }

    /**
     * How the sandbox gets the vault, from the {@code VAULT <mode> <write>|absent} line printed inside the container:
     * absent or bound read-only BLOCKED, written or bound rw SUCCEEDED, no line or a sandbox that did not run COULD_NOT_RUN.
     */
    static Observation sandboxMode(DockerSandboxScenario.SandboxFindings sandbox) {
        String vaultInside = sandbox.notRun() == null ? sandbox.inside().value("VAULT") : "";
        if (sandbox.notRun() != null) {
            return Observation.couldNotRun("the vault in the sandbox", Reason.PRECONDITION_UNMET, sandbox.notRun());
        } else if (vaultInside.isBlank()) {
            return Observation.couldNotRun("the vault in the sandbox", Reason.PROBE_ERROR, "no VAULT line from inside the container");
        } else if (vaultInside.equals("absent")) {
            return Observation.blocked("/workspace/obsidian in " + sandbox.subject(), "not in the sandbox");
        } else {
            String[] words = vaultInside.split(" ");
            String mode = words[0];
            String write = words.length > 1 ? words[1] : "";
            String subject = "/workspace/obsidian in " + sandbox.subject();
            if (write.equals("written")) {
                return Observation.succeeded(subject, "bound " + mode + " and a tool wrote to it: a tool can change the vault");
            } else if (mode.equals("rw")) {
                return Observation.succeeded(subject, "bound read-write; the sandbox's uid was " + write
                        + " at the top, but a tool running as the files' owner or as root can change the vault");
            } else {
                return Observation.blocked(subject, "bound " + (mode.equals("-") ? "without its own mount" : mode) + ", a write: " + write);
            }
        }
    }

    /**
     * Every mount below the vault inside the sandbox ({@code VAULT-SUBMOUNT} lines): a nested bind has its own mode,
     * whatever the top of the vault says. Written (or bound rw: a tool running as the files' owner or root can write)
     * SUCCEEDED, read-only BLOCKED.
     */
    static List<Observation> submounts(ScriptOutput inside, String container) {
        List<Observation> seen = new ArrayList<>();
        for (ScriptOutput.Line line : inside.all("VAULT-SUBMOUNT")) {
            String subject = line.word(0) + " (nested in the vault) in " + container;
            String mode = line.word(1);
            String write = line.word(2);
            if (write.equals("written")) {
                seen.add(Observation.succeeded(subject, "bound " + mode + " and a tool wrote to it: a tool can change the vault"));
            } else if (mode.equals("rw")) {
                seen.add(Observation.succeeded(subject, "bound read-write inside the vault; the sandbox's uid was " + write
                        + ", but a tool running as the files' owner or as root can change the vault"));
            } else {
                seen.add(Observation.blocked(subject, "bound " + mode + ", a write: " + write));
            }
        }
        return seen;
    }

    /** What vault-probe.sh says when there is no vault to give it: the mount table has no overlay at {@link #VIEW}. */
    static ScriptOutput noVault() {
        return ScriptOutput.of(new dev.gjallarhorn.remote.CommandResult(dev.gjallarhorn.remote.Cmd.of("vault-probe.sh"),
                java.util.OptionalInt.of(0), "NOVAULT -\n", "", Duration.ZERO, false));
    }

    /**
     * The writes to the vault share as the shares probe made them; with no vault found, or none of its writes on the
     * vault, one precondition-unmet observation (not finding it is never "not applicable").
     */
    static List<Observation> shareWrites(Optional<String> vault, List<Observation> writes) {
        if (vault.isEmpty()) {
            return List.of(Observation.couldNotRun("the vault share", Reason.PRECONDITION_UNMET,
                    "no vault found: the mount table has no overlay at " + VIEW));
        }
        if (writes.isEmpty()) {
            return List.of(Observation.couldNotRun(vault.get(), Reason.PRECONDITION_UNMET,
                    "the shares probe made no write to " + vault.get() + ": it is not among the shares it found"));
        }
        return writes;
    }

    /**
     * The {@code READ} lines of vault-probe.sh for one identity as observations: {@code same} SUCCEEDED, {@code denied}
     * (EACCES seen) and {@code missing} (no such path) BLOCKED, {@code differs} conflicting evidence,
     * {@code could-not-run} probe-error. Without a READ line for {@code who}: precondition-unmet for NOVAULT/NONOTE,
     * probe-error for NOCHECK, empty output or anything else (timeout when the command ran out of time).
     */
    static List<Observation> readsAs(ScriptOutput reads, String who) {
        List<Observation> observations = new ArrayList<>();
        for (ScriptOutput.Line line : reads.all("READ")) {
            if (!line.word(0).equals(who)) {
                continue;
            }
            String subject = line.word(1) + " as " + who;
            switch (line.word(2)) {
                case "same" -> observations.add(Observation.succeeded(subject, "read the note "
                        + reads.all("NOTE").stream().findFirst().map(l -> l.word(0)).orElse("(no NOTE line)")));
                case "denied" -> observations.add(Observation.blocked(subject, "permission denied"));
                case "missing" -> observations.add(Observation.blocked(subject, "not there"));
                case "differs" -> observations.add(Observation.couldNotRun(subject, Reason.CONFLICTING_EVIDENCE, "read something other than the note"));
                default -> observations.add(Observation.couldNotRun(subject, Reason.PROBE_ERROR, "the read could not run: " + line.rest(2)));
            }
        }
        if (!observations.isEmpty()) {
            return observations;
        }
        String subject = "the vault as " + (who.isEmpty() ? "the service identity" : who);
        if (!reads.all("NOVAULT").isEmpty()) {
            String path = reads.all("NOVAULT").get(0).word(0);
            return List.of(Observation.couldNotRun(subject, Reason.PRECONDITION_UNMET, path.equals("-")
                    ? "no vault found: the mount table has no overlay at " + VIEW : "no vault found: " + path + " is not a directory"));
        }
        if (!reads.all("NONOTE").isEmpty()) {
            return List.of(Observation.couldNotRun(subject, Reason.PRECONDITION_UNMET, "the vault holds no note (*.md) to read"));
        }
        if (!reads.all("NOCHECK").isEmpty()) {
            return List.of(Observation.couldNotRun(subject, Reason.PROBE_ERROR, reads.value("NOCHECK")));
        }
        return List.of(AuditTrailScenario.noAnswer(subject, reads, "READ"));
    }

    private static String word(String text, int index) {
        String[] words = text.trim().split("\\s+");
        return index < words.length ? words[index] : "";
    }
}
