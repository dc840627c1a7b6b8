package dev.gjallarhorn.attack.secrets;

import dev.gjallarhorn.attack.secrets.SecretSearch.SecretSearchFindings;
import dev.gjallarhorn.attack.secrets.SecretSearch.Hit;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.probe.ScriptOutput;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.RemoteScript;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.surface.JournalExport;
import dev.gjallarhorn.surface.Surface;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.Prediction;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the secrets of {@code secrets.env} end up, searched at rest in every byte where one can land. The run knows
 * their values (in memory) and their raw, base64, hex and url-encoded forms; the services that load them are
 * restarted so they write what they write at start; then, as root: every field of every journal entry (export
 * format, binary fields included), every file of the machine (binary files, databases, image layers and container
 * files included; read-only host shares left out, as nothing in the VM can have written there), in every form a file
 * holds a secret in (secret-forms.sh): compressed or zipped, told by its first bytes and read by whichever tool of the
 * target can; git's objects and packs; deleted but still open; every process's command line and environment (but the
 * processes of units that load secrets.env), every container's configuration and logs, images' history and
 * config, and unit properties. Each hit is placed by the surface ({@link Surface#logSources()}, the containers'
 * image layers, the service's state directory), so that a log is a log whatever its path. A journal hit is named
 * down to its field (e.g. {@code COREDUMP_ENVIRON}) by reading the export stream ({@link JournalExport}).
 *
 * <p>Bounded in time: the search has a budget ({@code -Dgjallarhorn.secrets.budgetSeconds}, default 240); each
 * place gets what is left of it, and a place not read to its end is INCONCLUSIVE(timeout), naming what was cut.
 * Who can read the file and the gateway's environment is checked as the login user and as an unrelated user.
 * Judges {@code T-003} (secrets in logs), {@code C-SECRETS-MANAGEMENT}, and feeds {@code T-010}.
 *
 * <p>The search itself is {@link SecretSearch}; what a place observed is {@link SecretPlaces}, who can get at the
 * secrets {@link SecretExposure}.
 */
public final class SecretLeakScenario {

    private static final RemoteScript RESTART = RemoteScript.load(SecretLeakScenario.class, "secret-services-restart.sh");

    private SecretLeakScenario() {
    }

    public static SecretSearchFindings findings(AttackContext run) {
        return run.observeOnce(SecretSearchFindings.class, () -> SecretSearch.probe(run));
    }

    /** The services that load secrets.env, restarted before anything looks at what they write (an invasive run). */
    public record ServicesRestarted(boolean restarted, List<String> units) {
    }

    /**
     * Restarts the services that load secrets.env, once per run and only on an invasive run, with the gateway's
     * lease alone: after the agent channel let go of the gateway (an agent channel that starts later waits for it).
     */
    public static ServicesRestarted servicesRestarted(AttackContext run) {
        return run.observeOnce(ServicesRestarted.class, () -> run.gateway().exclusively(() -> {
            if (!run.session().invasive()) {
                return new ServicesRestarted(false, List.of());
            }
            ScriptOutput out = ScriptOutput.of(run.target().run(Cmd.script(RESTART).asRoot(), run.settings().commandTimeout()));
            return new ServicesRestarted(true, out.all("RESTARTED").stream().map(l -> l.word(0)).toList());
        }));
    }

    public static ClaimEvaluation secretsInLogs(AttackContext run) {
        String claim = "T-003";
        SecretSearchFindings f = findings(run);
        Outcome predicted = Prediction.forClaim(run.claim(claim));
        if (f.notRun() != null) {
            return notRun(claim, predicted, f);
        }
        List<PartEvaluation> parts = new ArrayList<>();
        for (String place : List.of("journald", "var-log", "tmp-openclaw", "docker-logs", "process-argv", "unit-properties")) {
            parts.add(PartEvaluation.claim("no secret in " + SecretPlaces.describe(place), predicted, SecretPlaces.observe(f, place, h -> h.place().equals(place))));
        }
        parts.add(PartEvaluation.claim("no secret in session transcripts or agent logs", predicted,
                SecretPlaces.observe(f, "agent-state", h -> h.place().equals("agent-state") && h.transcriptOrLog())));
        List<String> tooShort = SecretPatterns.tooShortToSearch(run.redactor());
        if (!tooShort.isEmpty()) {
            parts.add(PartEvaluation.claim("every secret was searched for in its own form", predicted, List.of(Observation.couldNotRun(
                    String.join(", ", tooShort), Reason.PRECONDITION_UNMET, "a value shorter than 8 characters would match ordinary text, so it was"
                            + " searched for only encoded: a copy of it as it is could not be seen"))));
        }
        List<Hit> inLogs = f.hits().stream().filter(Hit::transcriptOrLog).toList();
        String observed = inLogs.isEmpty() ? "no secret in any log searched" : inLogs.size() + " secret(s) in logs: " + summary(inLogs);
        return new ClaimEvaluation(claim, parts, observed, List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    public static ClaimEvaluation secretsManagement(AttackContext run) {
        String claim = "C-SECRETS-MANAGEMENT";
        SecretSearchFindings f = findings(run);
        Outcome predicted = Prediction.forClaim(run.claim(claim));
        if (f.notRun() != null) {
            return notRun(claim, predicted, f);
        }
        ScriptOutput x = f.exposure();
        String file = "/etc/openclaw/secrets.env";
        String mode = x.value("FILE").split(" ")[0];
        String service = x.value("SERVICE");
        List<PartEvaluation> parts = new ArrayList<>();
        // a line the probe did not print is no answer, neither way
        parts.add(PartEvaluation.claim("secrets.env has mode 0600", predicted, List.of(mode.isBlank()
                ? Observation.couldNotRun(file, Reason.PROBE_ERROR, "the probe said nothing of its mode")
                : mode.equals("600") ? Observation.blocked(file, "mode " + x.value("FILE"))
                : mode.equals("missing") ? Observation.couldNotRun(file, Reason.PRECONDITION_UNMET, "no secrets.env")
                : Observation.succeeded(file, "mode " + x.value("FILE")))));
        parts.add(PartEvaluation.claim("the gateway gets them through EnvironmentFile=", predicted, List.of(SecretExposure.envFile(x, file))));
        parts.add(PartEvaluation.claim("an unrelated local user cannot read secrets.env", predicted, SecretExposure.reads(x, "READ", "nobody", file)));
        parts.add(PartEvaluation.claim("no plaintext copy outside secrets.env (any file, as it is, compressed, zipped or deleted but still open:"
                + " repository, configuration, agent state, writable host shares, core dumps)", predicted, SecretPlaces.observe(f, "files-on-disk", h -> h.place().equals("files-on-disk") || h.place().equals("core-dumps")
                || h.place().equals("agent-state") && !h.transcriptOrLog())));
        parts.add(PartEvaluation.claim("no secret in a version-control repository's history (git objects and packs: committed, then removed)",
                predicted, SecretPlaces.observe(f, "git", h -> h.place().equals("git"))));
        parts.add(PartEvaluation.claim("no secret in a database the gateway or another service keeps", predicted,
                SecretPlaces.observe(f, "databases", h -> h.place().equals("databases"))));
        parts.add(PartEvaluation.claim("no secret in a Docker image (history, config, layers)", predicted,
                SecretPlaces.observe(f, "docker-images", h -> h.place().equals("docker-images"))));
        parts.add(PartEvaluation.claim("no secret in a container's configuration", predicted,
                SecretPlaces.observe(f, "container-config", h -> h.place().equals("container-config"))));
        parts.add(PartEvaluation.claim("no process but the gateway's holds a secret in its environment", predicted,
                SecretPlaces.observe(f, "process-environ", h -> h.place().equals("process-environ"))));
        String login = run.target().user();
        Observation shell = SecretExposure.shell(x, login);
        int inShell = shell.outcome() == Outcome.SUCCEEDED ? ScriptOutput.number(x.all("SHELL").get(0).word(1)) : 0;
        parts.add(PartEvaluation.claim("the secrets are not exported into interactive shells", predicted, List.of(shell)));
        List<Observation> environ = new ArrayList<>(SecretExposure.environ(x, login));
        environ.addAll(SecretExposure.environ(x, "nobody"));
        parts.add(PartEvaluation.claim("no identity but root reads the gateway's environment", predicted, environ));
        parts.add(PartEvaluation.note("the service identity (" + service + ") can change secrets.env", Outcome.SUCCEEDED, SecretExposure.reads(x, "WRITE", service, file)));
        List<Hit> copies = f.hits().stream().filter(h -> !h.transcriptOrLog()).toList();
        String observed = "secrets.env mode " + x.value("FILE") + "; " + (copies.isEmpty() ? "no copy elsewhere" : copies.size() + " copy(ies) elsewhere: "
                + summary(copies)) + (inShell > 0 ? "; exported into interactive shells" : "");
        return new ClaimEvaluation(claim, parts, observed, List.of(f.evidence()), f.startedAt(), f.elapsed());
    }


    private static String summary(List<Hit> hits) {
        return String.join(", ", hits.stream().map(h -> h.secret() + " in " + h.where()).distinct().limit(6).toList());
    }

    private static ClaimEvaluation notRun(String claim, Outcome predicted, SecretSearchFindings f) {
        Observation none = Observation.couldNotRun("the secrets", Reason.PRECONDITION_UNMET, f.notRun());
        return new ClaimEvaluation(claim, List.of(PartEvaluation.claim("the secrets stay in secrets.env", predicted, List.of(none))),
                "not searched: " + f.notRun(), List.of(), f.startedAt(), f.elapsed());
    }

}
