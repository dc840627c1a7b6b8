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
import dev.gjallarhorn.surface.JournalExport;
import dev.gjallarhorn.surface.LogSource;
import dev.gjallarhorn.surface.Surface;
import dev.gjallarhorn.target.CommandResult;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where the secrets of {@code secrets.env} end up, searched at rest in every byte where one can land. The run knows
 * their values (in memory) and their raw, base64, hex and url-encoded forms; the services that load them are
 * restarted so they write what they write at start; then, as root: every field of every journal entry (export
 * format, binary fields included), every file of the machine (binary files, databases, image layers and container
 * files included; read-only host shares left out, as nothing in the VM can have written there), every compressed
 * file decompressed (rotated logs, archives, core dumps), every process's command line and environment (but the
 * processes of units that load secrets.env), every container's configuration and logs, images' history and
 * config, and unit properties. Each hit is placed by the surface ({@link Surface#logSources()}, the containers'
 * image layers, the service's state directory), so that a log is a log whatever its path. A journal hit is named
 * down to its field (e.g. {@code COREDUMP_ENVIRON}) by reading the export stream ({@link JournalExport}).
 *
 * <p>Bounded in time: the search has a budget ({@code -Dgjallarhorn.secrets.budgetSeconds}, default 240); each
 * place gets what is left of it, and a place not read to its end is INCONCLUSIVE(timeout), naming what was cut.
 * Who can read the file and the gateway's environment is checked as the login user and as an unrelated user.
 * Judges {@code T-003} (secrets in logs), {@code C-SECRETS-MANAGEMENT}, and feeds {@code T-010}.
 */
public final class SecretLeakScenario {

    private static final RemoteScript SEARCH = RemoteScript.load(SecretLeakScenario.class, "secret-search.sh");
    private static final RemoteScript RESTART = RemoteScript.load(SecretLeakScenario.class, "secret-services-restart.sh");
    private static final RemoteScript EXPOSURE = RemoteScript.load(SecretLeakScenario.class, "secrets-exposure.sh");
    /** Places that are logs; a secret in one of them contradicts T-003. */
    static final Set<String> LOG_PLACES = Set.of("journald", "var-log", "tmp-openclaw", "docker-logs", "process-argv", "unit-properties");
    /** Places searched as files; a cut in the file sweep leaves each of them unfinished. */
    static final Set<String> FILE_PLACES = Set.of("var-log", "tmp-openclaw", "agent-state", "files-on-disk", "databases", "core-dumps", "docker-images");
    /** How much of the journal's export stream is read to name the field a secret is in. */
    static final int JOURNAL_NAMING_CAP = 64 * 1024 * 1024;

    /** One place a secret was found: which secret (by name), in which encoding, where. */
    public record Hit(String place, String where, String secret, String encoding) {
        boolean transcriptOrLog() {
            return LOG_PLACES.contains(place) || place.equals("agent-state") && (where.contains("/sessions/") || where.endsWith(".jsonl")
                    || where.endsWith(".log"));
        }
    }

    public record Findings(Instant startedAt, Duration elapsed, List<Hit> hits, Map<String, String> searched, ScriptOutput exposure,
                           boolean restarted, Path evidence, String notRun, Map<String, String> cut) {
    }

    private SecretLeakScenario() {
    }

    public static Findings findings(AttackRun run) {
        return run.observeOnce(Findings.class, () -> probe(run));
    }

    /** The services that load secrets.env, restarted before anything looks at what they write (an invasive run). */
    public record ServicesRestarted(boolean restarted, List<String> units) {
    }

    /**
     * Restarts the services that load secrets.env, once per run and only on an invasive run, with the gateway's
     * lease alone: after the agent channel let go of the gateway (an agent channel that starts later waits for it).
     */
    public static ServicesRestarted servicesRestarted(AttackRun run) {
        return run.observeOnce(ServicesRestarted.class, () -> run.gateway().exclusively(() -> {
            if (!run.session().invasive()) {
                return new ServicesRestarted(false, List.of());
            }
            ScriptOutput out = ScriptOutput.of(run.target().run(Cmd.script(RESTART).asRoot(), run.settings().commandTimeout()));
            return new ServicesRestarted(true, out.all("RESTARTED").stream().map(l -> l.word(0)).toList());
        }));
    }

    private static Findings probe(AttackRun run) {
        Instant started = Instant.now();
        SecretPatterns patterns = SecretPatterns.of(run.redactor());
        if (patterns.isEmpty()) {
            return new Findings(started, Duration.ZERO, List.of(), Map.of(), null, false, null,
                    "the run could not read secrets.env on the target, so there is nothing to search for", Map.of());
        }
        Surface surface = Surface.of(run);
        ServicesRestarted restarted = servicesRestarted(run);
        boolean restart = restarted.restarted();
        String home = SandboxConfig.of(run).configFile().replaceFirst("/\\.openclaw/openclaw\\.json$", "");
        long budget = run.settings().secretsBudget().toSeconds();
        List<String> args = new ArrayList<>(List.of(run.token(), home, patterns.upload(run, "search"), Long.toString(budget)));
        surface.hostShares().stream().filter(s -> !s.mount().writable()).forEach(s -> args.add(s.target()));
        ScriptOutput search = ScriptOutput.of(run.target().run(Cmd.script(SEARCH, args.toArray(String[]::new)).asRoot(),
                Duration.ofSeconds(budget + 90)));
        ScriptOutput exposure = ScriptOutput.of(run.target().run(Cmd.script(EXPOSURE, run.token(), run.target().user(),
                patterns.upload(run, "exposure")).asRoot(), Duration.ofMinutes(2)));
        Placement placement = new Placement(surface, home);
        List<Hit> hits = new ArrayList<>();
        for (ScriptOutput.Line hit : search.all("HIT")) {
            List<String> words = hit.words();
            boolean file = hit.word(0).equals("file");
            int numberAt = file && words.size() > 3 && !words.get(words.size() - 1).matches("\\d+") ? words.size() - 2 : words.size() - 1;
            int number = Integer.parseInt(words.get(numberAt));
            Redactor.Form form = patterns.form(number);
            String where = String.join(" ", words.subList(1, numberAt));
            String place = file || hit.word(0).equals("compressed") ? placement.place(where, file ? words.get(words.size() - 1) : "compressed")
                    : hit.word(0);
            hits.add(new Hit(place, where + (hit.word(0).equals("compressed") ? " (decompressed)" : ""), form.secretName(), form.encoding()));
        }
        List<String> journalFields = List.of();
        if (hits.stream().anyMatch(h -> h.place().equals("journald") && h.where().equals("the journal"))) {
            journalFields = nameJournalFields(run, patterns, hits);
        }
        Map<String, String> searched = new LinkedHashMap<>();
        search.all("SEARCHED").forEach(l -> searched.merge(l.word(0), l.rest(1), (a, b) -> a + "; " + b));
        Map<String, String> cut = new LinkedHashMap<>();
        search.all("CUT").forEach(l -> cut.merge(l.word(0), l.rest(1), (a, b) -> a + "; " + b));
        Duration took = Duration.between(started, Instant.now());
        StringBuilder text = new StringBuilder("Where the secrets of secrets.env end up (values never shown)\n");
        text.append("target: ").append(run.target().describe()).append("; patterns: ").append(patterns.forms().size())
                .append(" forms (raw, base64, hex, url) of ").append(patterns.forms().stream().map(Redactor.Form::secretName).distinct().count())
                .append(" secrets\n");
        text.append("bounded: a budget of ").append(budget).append(" s (-Dgjallarhorn.secrets.budgetSeconds), each place gets what is left; used ")
                .append(search.value("ELAPSED")).append(" s; the whole search took ").append(took.toMillis()).append(" ms\n");
        text.append(restart ? "services that load secrets.env were restarted first: " + restarted.units()
                : "services were not restarted (a real target; pass -Dgjallarhorn.invasive=true)").append("\n\nsearched (as root):\n");
        searched.forEach((place, what) -> text.append("  ").append(place).append(": ").append(what).append('\n'));
        text.append("\nlog sources (evidence/surface/log-sources.txt), by which a file is a log:\n");
        surface.logSources().forEach(l -> text.append("  ").append(l).append('\n'));
        text.append("\nnot read to the end within the budget:\n");
        (cut.isEmpty() ? Map.of("-", "nothing") : cut).forEach((place, what) -> text.append("  ").append(place).append(": ").append(what).append('\n'));
        text.append("\nfound:\n");
        if (hits.isEmpty()) {
            text.append("  nothing outside /etc/openclaw/secrets.env\n");
        }
        hits.forEach(h -> text.append("  ").append(h.secret()).append(" (").append(h.encoding()).append(") in ").append(h.place())
                .append(": ").append(h.where()).append('\n'));
        journalFields.forEach(j -> text.append("  journal: ").append(j).append('\n'));
        text.append("\nwho can get at them:\n");
        exposure.lines().forEach(l -> text.append("  ").append(l.text()).append('\n'));
        EvidenceStore.Evidence evidence = run.evidence().write("T-003", "secret-search.txt", text.toString());
        dev.gjallarhorn.host.Progress.say("T-003 secrets at rest: searched in " + took.toMillis() + " ms (budget " + budget + " s), "
                + hits.size() + " hit(s)" + (cut.isEmpty() ? "" : ", cut short: " + cut.keySet()));
        return new Findings(started, took, hits, searched, exposure, restart, evidence.relativePath(), null, cut);
    }

    /**
     * Names the journal fields the secrets are in: reads the export stream (at most {@link #JOURNAL_NAMING_CAP} bytes)
     * and replaces each "the journal" hit with the field, unit and time of the entries that hold it.
     */
    private static List<String> nameJournalFields(AttackRun run, SecretPatterns patterns, List<Hit> hits) {
        CommandResult export = run.target().run(Cmd.of("sh", "-c", "journalctl -o export -a --no-pager | head -c " + JOURNAL_NAMING_CAP
                + " | base64 -w0").asRoot(), Duration.ofMinutes(2));
        List<JournalExport.Entry> entries;
        try {
            entries = JournalExport.parse(Base64.getDecoder().decode(export.stdout().strip()));
        } catch (IllegalArgumentException e) {
            return List.of("the export stream could not be read (" + export.describe() + "): the fields stay unnamed");
        }
        List<String> named = new ArrayList<>();
        for (int i = 0; i < hits.size(); i++) {
            Hit hit = hits.get(i);
            if (!hit.place().equals("journald") || !hit.where().equals("the journal")) {
                continue;
            }
            List<String> places = new ArrayList<>();
            for (Redactor.Form form : patterns.forms()) {
                if (!form.secretName().equals(hit.secret()) || !form.encoding().equals(hit.encoding())) {
                    continue;
                }
                byte[] needle = form.text().getBytes(StandardCharsets.UTF_8);
                for (JournalExport.Entry entry : entries) {
                    for (String field : entry.fieldsContaining(needle)) {
                        String unit = entry.text("_SYSTEMD_UNIT").isEmpty() ? entry.text("SYSLOG_IDENTIFIER") : entry.text("_SYSTEMD_UNIT");
                        places.add("field " + field + " of an entry of " + (unit.isEmpty() ? "an unnamed source" : unit)
                                + (entry.text("COREDUMP_UNIT").isEmpty() ? "" : " (a core dump of " + entry.text("COREDUMP_UNIT") + ")"));
                    }
                }
            }
            if (!places.isEmpty()) {
                List<String> distinct = places.stream().distinct().limit(3).toList();
                hits.set(i, new Hit(hit.place(), "the journal: " + String.join("; ", distinct), hit.secret(), hit.encoding()));
                named.add(hit.secret() + " (" + hit.encoding() + "): " + String.join("; ", distinct));
            }
        }
        named.add(0, "named from " + entries.size() + " entries of the export stream" + (export.stdout().length() * 3L / 4 >= JOURNAL_NAMING_CAP
                ? " (its first " + JOURNAL_NAMING_CAP / (1024 * 1024) + " MiB)" : ""));
        return named;
    }

    /** Where a file hit belongs, from the surface: a log, the agent's state, a database, an image layer, a container's files. */
    static final class Placement {
        private final List<LogSource> logs;
        private final List<String> layers;
        private final String dockerRoot;
        private final String home;

        Placement(Surface surface, String home) {
            this.logs = surface.logSources();
            this.layers = surface.containers().images().stream().flatMap(i -> i.layerDirs().stream()).toList();
            this.dockerRoot = logs.stream().filter(l -> l.kind().equals("container-logs")).map(l -> l.path().replaceFirst("/containers$", ""))
                    .findFirst().orElse("/var/lib/docker");
            this.home = home;
        }

        String place(String path, String kind) {
            if (path.startsWith(dockerRoot + "/containers/")) {
                return path.endsWith("-json.log") ? "docker-logs" : "container-config";
            }
            if (layers.stream().anyMatch(l -> path.startsWith(l + "/"))) {
                return "docker-images";
            }
            if (logs.stream().anyMatch(l -> l.kind().equals("journal-files") && l.covers(path))) {
                return "journald";
            }
            if (logs.stream().anyMatch(l -> l.kind().equals("core-dumps") && l.covers(path))) {
                return "core-dumps";
            }
            if (logs.stream().anyMatch(l -> l.kind().equals("openclaw") && l.covers(path))) {
                return "tmp-openclaw";
            }
            if (logs.stream().anyMatch(l -> !l.kind().equals("container-logs") && l.covers(path))) {
                return "var-log";
            }
            if (kind.equals("sqlite")) {
                return "databases";
            }
            if (!home.isEmpty() && path.startsWith(home + "/.openclaw/")) {
                return "agent-state";
            }
            return "files-on-disk";
        }
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
        // a line the probe did not print is no answer, neither way
        parts.add(PartEvaluation.claim("secrets.env has mode 0600", predicted, List.of(mode.isBlank()
                ? Observation.couldNotRun(file, Reason.PROBE_ERROR, "the probe said nothing of its mode")
                : mode.equals("600") ? Observation.blocked(file, "mode " + x.value("FILE"))
                : mode.equals("missing") ? Observation.couldNotRun(file, Reason.PRECONDITION_UNMET, "no secrets.env")
                : Observation.succeeded(file, "mode " + x.value("FILE")))));
        String envFile = x.value("ENVFILE");
        parts.add(PartEvaluation.claim("the gateway gets them through EnvironmentFile=", predicted, List.of(envFile.isBlank()
                ? Observation.couldNotRun("openclaw-gateway.service", Reason.PROBE_ERROR, "the probe said nothing of the unit's EnvironmentFile=")
                : envFile.equals("yes") ? Observation.blocked("openclaw-gateway.service", "EnvironmentFile=" + file)
                : Observation.succeeded("openclaw-gateway.service", "the unit does not load " + file + " with EnvironmentFile="))));
        parts.add(PartEvaluation.claim("an unrelated local user cannot read secrets.env", predicted, reads(x, "READ", "nobody", file)));
        parts.add(PartEvaluation.claim("no plaintext copy outside secrets.env (any file: repository, configuration, agent state, writable host"
                + " shares, core dumps)", predicted, observe(f, "files-on-disk", h -> h.place().equals("files-on-disk") || h.place().equals("core-dumps")
                || h.place().equals("agent-state") && !h.transcriptOrLog())));
        parts.add(PartEvaluation.claim("no secret in a database the gateway or another service keeps", predicted,
                observe(f, "databases", h -> h.place().equals("databases"))));
        parts.add(PartEvaluation.claim("no secret in a Docker image (history, config, layers)", predicted,
                observe(f, "docker-images", h -> h.place().equals("docker-images"))));
        parts.add(PartEvaluation.claim("no secret in a container's configuration", predicted,
                observe(f, "container-config", h -> h.place().equals("container-config"))));
        parts.add(PartEvaluation.claim("no process but the gateway's holds a secret in its environment", predicted,
                observe(f, "process-environ", h -> h.place().equals("process-environ"))));
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
            String searched = searched(f, place);
            String cut = FILE_PLACES.contains(place) ? join(f.cut().get("file"), f.cut().get("compressed")) : f.cut().get(place);
            if (searched == null) {
                observations.add(Observation.couldNotRun(describe(place), Reason.PROBE_ERROR, "the search did not reach it"));
            } else if (cut != null) {
                Reason reason = cut.contains("timeout ") ? Reason.TIMEOUT : Reason.PRECONDITION_UNMET;
                observations.add(Observation.couldNotRun(describe(place), reason, "not read to its end: " + cut));
            } else {
                observations.add(Observation.blocked(describe(place), "searched " + searched + ": no secret"));
            }
        }
        return observations;
    }

    /** What was searched for a place: its own SEARCHED line, or for the places found among files, the file sweep's. */
    private static String searched(Findings f, String place) {
        if (FILE_PLACES.contains(place)) {
            String files = join(f.searched().get("file"), f.searched().get("compressed"));
            return files == null ? null : (place.equals("docker-images") ? join(f.searched().get("docker-images"), files) : files);
        }
        if (place.equals("docker-logs") && f.searched().get("docker-logs") != null) {
            return f.searched().get("docker-logs") + " (and their json-file logs, as files)";
        }
        return f.searched().get(place);
    }

    private static String join(String a, String b) {
        return a == null ? b : b == null ? a : a + "; " + b;
    }

    private static String describe(String place) {
        return switch (place) {
            case "journald" -> "the journal (every field of every entry)";
            case "var-log" -> "the logs the target writes (/var/log, units' output files, logrotate's and rsyslog's files, open log files;"
                    + " rotated and compressed ones too)";
            case "databases" -> "databases (SQLite files)";
            case "core-dumps" -> "core dumps";
            case "container-config" -> "containers' configuration (docker inspect)";
            case "process-environ" -> "processes' environments (but the units that load secrets.env)";
            case "tmp-openclaw" -> "OpenClaw's file log (/tmp/openclaw)";
            case "docker-logs" -> "container logs";
            case "process-argv" -> "process arguments";
            case "unit-properties" -> "unit properties (systemctl show)";
            case "agent-state" -> "the service user's ~/.openclaw";
            case "docker-images" -> "Docker images (history, config and layers)";
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
