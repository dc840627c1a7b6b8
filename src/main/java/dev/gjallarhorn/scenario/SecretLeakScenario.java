package dev.gjallarhorn.scenario;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.report.EvidenceStore;
import dev.gjallarhorn.report.Redactor;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.target.Cmd;
import dev.gjallarhorn.target.RemoteScript;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.Prediction;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Where the secrets of {@code secrets.env} end up. The run knows their values (in memory); the services that load
 * them are restarted so they write what they write at start, then everywhere a secret could land is searched as
 * root for every value and its encodings: journald, /var/log, OpenClaw's file log, container logs, the service
 * user's agent state and transcripts, process arguments, unit properties, Docker images and the files on disk.
 * Who can read the file and the gateway's environment is checked as the login user and as an unrelated user.
 * Judges {@code T-003} (secrets in logs), {@code C-SECRETS-MANAGEMENT}, and feeds {@code T-010}.
 */
public final class SecretLeakScenario {

    private static final RemoteScript SEARCH = RemoteScript.load(SecretLeakScenario.class, "secret-search.sh");
    private static final RemoteScript EXPOSURE = RemoteScript.load(SecretLeakScenario.class, "secrets-exposure.sh");
    /** Places that are logs; a secret in one of them contradicts T-003. */
    static final Set<String> LOG_PLACES = Set.of("journald", "var-log", "tmp-openclaw", "docker-logs", "process-argv", "unit-properties");

    /** One place a secret was found: which secret (by name), in which encoding, where. */
    public record Hit(String place, String where, String secret, String encoding) {
        boolean transcriptOrLog() {
            return LOG_PLACES.contains(place) || place.equals("agent-state") && (where.contains("/sessions/") || where.endsWith(".jsonl")
                    || where.endsWith(".log"));
        }
    }

    public record Findings(Instant startedAt, Duration elapsed, List<Hit> hits, Map<String, String> searched, ScriptOutput exposure,
                           boolean restarted, Path evidence, String notRun) {
    }

    private SecretLeakScenario() {
    }

    public static Findings findings(AttackRun run) {
        return run.observeOnce(Findings.class, () -> probe(run));
    }

    private static Findings probe(AttackRun run) {
        Instant started = Instant.now();
        SecretPatterns patterns = SecretPatterns.of(run.redactor());
        if (patterns.isEmpty()) {
            return new Findings(started, Duration.ZERO, List.of(), Map.of(), null, false, null,
                    "the run could not read secrets.env on the target, so there is nothing to search for");
        }
        boolean restart = run.session().invasive();
        String home = SandboxConfig.of(run).configFile().replaceFirst("/\\.openclaw/openclaw\\.json$", "");
        ScriptOutput search = ScriptOutput.of(run.target().run(Cmd.script(SEARCH, run.token(), home, restart ? "1" : "0",
                patterns.upload(run, "search")).asRoot(), Duration.ofMinutes(4)));
        ScriptOutput exposure = ScriptOutput.of(run.target().run(Cmd.script(EXPOSURE, run.token(), run.target().user(),
                patterns.upload(run, "exposure")).asRoot(), Duration.ofMinutes(2)));
        List<Hit> hits = new ArrayList<>();
        for (ScriptOutput.Line hit : search.all("HIT")) {
            int number = Integer.parseInt(hit.words().get(hit.words().size() - 1));
            Redactor.Form form = patterns.form(number);
            String where = String.join(" ", hit.words().subList(1, hit.words().size() - 1));
            hits.add(new Hit(hit.word(0), where, form.secretName(), form.encoding()));
        }
        Map<String, String> searched = new LinkedHashMap<>();
        search.all("SEARCHED").forEach(l -> searched.merge(l.word(0), l.rest(1), (a, b) -> a + "; " + b));
        StringBuilder text = new StringBuilder("Where the secrets of secrets.env end up (values never shown)\n");
        text.append("target: ").append(run.target().describe()).append("; patterns: ").append(patterns.forms().size())
                .append(" forms of ").append(patterns.forms().stream().map(Redactor.Form::secretName).distinct().count()).append(" secrets\n");
        text.append(restart ? "services that load secrets.env were restarted first: " + search.all("RESTARTED").stream().map(l -> l.word(0)).toList()
                : "services were not restarted (a real target; pass -Dgjallarhorn.invasive=true)").append("\n\nsearched (as root):\n");
        searched.forEach((place, what) -> text.append("  ").append(place).append(": ").append(what).append('\n'));
        text.append("\nfound:\n");
        if (hits.isEmpty()) {
            text.append("  nothing outside /etc/openclaw/secrets.env\n");
        }
        hits.forEach(h -> text.append("  ").append(h.secret()).append(" (").append(h.encoding()).append(") in ").append(h.place())
                .append(": ").append(h.where()).append('\n'));
        text.append("\nwho can get at them:\n");
        exposure.lines().forEach(l -> text.append("  ").append(l.text()).append('\n'));
        EvidenceStore.Evidence evidence = run.evidence().write("T-003", "secret-search.txt", text.toString());
        return new Findings(started, Duration.between(started, Instant.now()), hits, searched, exposure, restart, evidence.relativePath(), null);
    }

    public static ClaimEvaluation secretsInLogs(AttackRun run) {
        String claim = "T-003";
        Findings f = findings(run);
        Outcome predicted = Prediction.forClaim(run.claim(claim));
        if (f.notRun() != null) {
            return notRun(claim, predicted, f);
        }
        List<PartEvaluation> parts = new ArrayList<>();
        for (String place : List.of("journald", "var-log", "tmp-openclaw", "docker-logs", "process-argv", "unit-properties")) {
            parts.add(PartEvaluation.claim("no secret in " + describe(place), predicted, observe(f, place, h -> h.place().equals(place))));
        }
        parts.add(PartEvaluation.claim("no secret in session transcripts or agent logs", predicted,
                observe(f, "agent-state", h -> h.place().equals("agent-state") && h.transcriptOrLog())));
        List<Hit> inLogs = f.hits().stream().filter(Hit::transcriptOrLog).toList();
        String observed = inLogs.isEmpty() ? "no secret in any log searched" : inLogs.size() + " secret(s) in logs: " + summary(inLogs);
        return new ClaimEvaluation(claim, parts, observed, List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    public static ClaimEvaluation secretsManagement(AttackRun run) {
        String claim = "C-SECRETS-MANAGEMENT";
        Findings f = findings(run);
        Outcome predicted = Prediction.forClaim(run.claim(claim));
        if (f.notRun() != null) {
            return notRun(claim, predicted, f);
        }
        ScriptOutput x = f.exposure();
        String file = "/etc/openclaw/secrets.env";
        String mode = x.value("FILE").split(" ")[0];
        String service = x.value("SERVICE");
        List<PartEvaluation> parts = new ArrayList<>();
        parts.add(PartEvaluation.claim("secrets.env has mode 0600", predicted, List.of(mode.equals("600")
                ? Observation.blocked(file, "mode " + x.value("FILE"))
                : mode.equals("missing") ? Observation.couldNotRun(file, Reason.PRECONDITION_UNMET, "no secrets.env")
                : Observation.succeeded(file, "mode " + x.value("FILE")))));
        parts.add(PartEvaluation.claim("the gateway gets them through EnvironmentFile=", predicted, List.of(x.value("ENVFILE").equals("yes")
                ? Observation.blocked("openclaw-gateway.service", "EnvironmentFile=" + file)
                : Observation.succeeded("openclaw-gateway.service", "the unit does not load " + file + " with EnvironmentFile="))));
        parts.add(PartEvaluation.claim("an unrelated local user cannot read secrets.env", predicted, reads(x, "READ", "nobody", file)));
        parts.add(PartEvaluation.claim("no plaintext copy outside secrets.env (repository, configuration, agent state, host shares)", predicted,
                observe(f, "files-on-disk", h -> h.place().equals("files-on-disk") || h.place().equals("agent-state") && !h.transcriptOrLog())));
        parts.add(PartEvaluation.claim("no secret in a Docker image", predicted, observe(f, "docker-images", h -> h.place().equals("docker-images"))));
        int inShell = parseInt(x.all("SHELL").stream().findFirst().map(l -> l.word(1)).orElse("-1"));
        String login = run.target().user();
        parts.add(PartEvaluation.claim("the secrets are not exported into interactive shells", predicted, List.of(inShell < 0
                ? Observation.couldNotRun("an interactive shell of " + login, Reason.PROBE_ERROR, "no answer")
                : inShell > 0 ? Observation.succeeded("an interactive shell of " + login, inShell + " secret value(s) in its environment"
                        + " (a profile.d hook sources secrets.env)")
                : Observation.blocked("an interactive shell of " + login, "no secret in its environment"))));
        List<Observation> environ = new ArrayList<>();
        for (ScriptOutput.Line line : x.all("ENVIRON")) {
            String who = line.word(0);
            String subject = "the gateway's /proc/PID/environ as " + who + (line.word(2).equals("stand-in") ? " (a stand-in in its service context)" : "");
            environ.add(line.word(1).equals("ok") ? Observation.succeeded(subject, "readable, with the secrets in it")
                    : line.word(1).equals("denied") ? Observation.blocked(subject, "permission denied")
                    : Observation.blocked(subject, "readable but without secrets"));
        }
        parts.add(PartEvaluation.claim("no identity but root reads the gateway's environment", predicted, environ));
        parts.add(PartEvaluation.note("the service identity (" + service + ") can change secrets.env", Outcome.SUCCEEDED, reads(x, "WRITE", service, file)));
        List<Hit> copies = f.hits().stream().filter(h -> !h.transcriptOrLog()).toList();
        String observed = "secrets.env mode " + x.value("FILE") + "; " + (copies.isEmpty() ? "no copy elsewhere" : copies.size() + " copy(ies) elsewhere: "
                + summary(copies)) + (inShell > 0 ? "; exported into interactive shells" : "");
        return new ClaimEvaluation(claim, parts, observed, List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    /** Whether {@code who} could read (READ) or append to (WRITE) secrets.env. */
    static List<Observation> reads(ScriptOutput x, String kind, String who, String file) {
        return x.all(kind).stream().filter(l -> l.word(0).equals(who)).map(l -> l.word(1).equals("ok")
                ? Observation.succeeded(file + " as " + who, kind.equals("READ") ? "readable" : "writable")
                : Observation.blocked(file + " as " + who, "permission denied")).toList();
    }

    static List<Observation> observe(Findings f, String place, Predicate<Hit> which) {
        List<Observation> observations = new ArrayList<>();
        f.hits().stream().filter(which).forEach(h -> observations.add(Observation.succeeded(h.where() + " (" + h.secret() + ")",
                h.secret() + " found there (" + h.encoding() + ")")));
        if (observations.isEmpty()) {
            String searched = f.searched().get(place);
            observations.add(searched == null ? Observation.couldNotRun(describe(place), Reason.PROBE_ERROR, "the search did not reach it")
                    : Observation.blocked(describe(place), "searched " + searched + ": no secret"));
        }
        return observations;
    }

    private static String describe(String place) {
        return switch (place) {
            case "journald" -> "the journal";
            case "var-log" -> "/var/log";
            case "tmp-openclaw" -> "OpenClaw's file log (/tmp/openclaw)";
            case "docker-logs" -> "container logs";
            case "process-argv" -> "process arguments";
            case "unit-properties" -> "unit properties (systemctl show)";
            case "agent-state" -> "the service user's ~/.openclaw";
            case "docker-images" -> "Docker images (history and env)";
            case "files-on-disk" -> "files on disk";
            default -> place;
        };
    }

    private static String summary(List<Hit> hits) {
        return String.join(", ", hits.stream().map(h -> h.secret() + " in " + h.where()).distinct().limit(6).toList());
    }

    private static ClaimEvaluation notRun(String claim, Outcome predicted, Findings f) {
        Observation none = Observation.couldNotRun("the secrets", Reason.PRECONDITION_UNMET, f.notRun());
        return new ClaimEvaluation(claim, List.of(PartEvaluation.claim("the secrets stay in secrets.env", predicted, List.of(none))),
                "not searched: " + f.notRun(), List.of(), f.startedAt(), f.elapsed());
    }

    static int parseInt(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
