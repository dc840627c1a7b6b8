package dev.gjallarhorn.attack.secrets;

import dev.gjallarhorn.attack.containment.SandboxConfig;
import dev.gjallarhorn.probe.ScriptOutput;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.evidence.EvidenceStore;
import dev.gjallarhorn.evidence.Redactor;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.RemoteScript;
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
import dev.gjallarhorn.remote.CommandResult;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

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
 */
public final class SecretLeakScenario {

    /** The search, with the functions of the forms a file holds a secret in (secret-forms.sh) in front of it. */
    static final RemoteScript SEARCH = withForms(RemoteScript.load(SecretLeakScenario.class, "secret-search.sh"),
            RemoteScript.load(SecretLeakScenario.class, "secret-forms.sh"));
    private static final RemoteScript RESTART = RemoteScript.load(SecretLeakScenario.class, "secret-services-restart.sh");
    private static final RemoteScript EXPOSURE = RemoteScript.load(SecretLeakScenario.class, "secrets-exposure.sh");
    /** Places that are logs; a secret in one of them contradicts T-003. */
    static final Set<String> LOG_PLACES = Set.of("journald", "var-log", "tmp-openclaw", "docker-logs", "process-argv", "unit-properties");
    /** Places searched as files; a cut in the file sweep, the decompression or the deleted-but-open files leaves each unfinished. */
    static final Set<String> FILE_PLACES = Set.of("var-log", "tmp-openclaw", "agent-state", "files-on-disk", "databases", "core-dumps", "docker-images");
    /** How much of the journal's export stream is read to name the field a secret is in. */
    static final int JOURNAL_NAMING_CAP = 64 * 1024 * 1024;

    /** Where the search script reports from; the claim's places are read from one or more of them ({@link #sources}). */
    static final List<String> SCRIPT_PLACES = List.of("journald", "file", "compressed", "git", "databases", "deleted-open", "process-argv",
            "process-environ", "container-config", "docker-logs", "docker-images", "unit-properties");

    /** The script places a file place is read from: as it is, decompressed by its first bytes, and deleted but held open. */
    private static final List<String> FILE_SOURCES = List.of("file", "compressed", "deleted-open");

    /**
     * One place a secret was found: which secret (by name), in which encoding, where; {@code copies} are other paths
     * with the same bytes (read and reported once).
     */
    public record Hit(String place, String where, String secret, String encoding, List<String> copies) {
        public Hit {
            copies = List.copyOf(copies);
        }

        Hit(String place, String where, String secret, String encoding) {
            this(place, where, secret, encoding, List.of());
        }

        boolean transcriptOrLog() {
            return LOG_PLACES.contains(place) || place.equals("agent-state") && (where.contains("/sessions/") || where.endsWith(".jsonl")
                    || where.endsWith(".log"));
        }
    }

    /**
     * What the search saw.
     *
     * @param searched  script place to what it read (only places read without error)
     * @param cut       script place to what the budget or a missing tool left unread
     * @param undecided script place to why "nothing found" there is no answer: a failed command (probe-error), a cut
     *                  (timeout, precondition-unmet), a positive control not found or not planted (oracle-blind)
     */
    public record Findings(Instant startedAt, Duration elapsed, List<Hit> hits, Map<String, String> searched, ScriptOutput exposure,
                           boolean restarted, Path evidence, String notRun, Map<String, String> cut, Map<String, List<Observation>> undecided) {
    }

    private SecretLeakScenario() {
    }

    private static RemoteScript withForms(RemoteScript search, RemoteScript forms) {
        return new RemoteScript(search.name(), forms.text() + "\n" + search.text());
    }

    public static Findings findings(AttackContext run) {
        return run.observeOnce(Findings.class, () -> probe(run));
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

    private static Findings probe(AttackContext run) {
        Instant started = Instant.now();
        SecretPatterns patterns = SecretPatterns.of(run.redactor());
        if (patterns.isEmpty()) {
            return new Findings(started, Duration.ZERO, List.of(), Map.of(), null, false, null,
                    "the run could not read secrets.env on the target, so there is nothing to search for", Map.of(), Map.of());
        }
        Surface surface = run.surface();
        ServicesRestarted restarted = servicesRestarted(run);
        boolean restart = restarted.restarted();
        String home = SandboxConfig.of(run).configFile().replaceFirst("/\\.openclaw/openclaw\\.json$", "");
        long budget = run.settings().secretsBudget().toSeconds();
        List<String> canaries = SecretCanaries.of(run.redactor(), run.token());
        List<String> args = new ArrayList<>(List.of(run.token(), home, patterns.upload(run, "search"), SecretCanaries.upload(run, canaries, "search"),
                Long.toString(budget)));
        surface.hostShares().stream().filter(s -> !s.mount().writable()).forEach(s -> args.add(s.target()));
        // the harness's own read-only scaffolding (a twin's gateway runtime): nothing in the VM can have written there
        surface.mounts().mounts().stream().filter(m -> surface.scaffolding().contains(m.target()) && !m.writable())
                .forEach(m -> args.add(m.target()));
        ScriptOutput search = ScriptOutput.of(run.target().run(Cmd.script(SEARCH, args.toArray(String[]::new)).asRoot(),
                Duration.ofSeconds(budget + 90)));
        ScriptOutput exposure = ScriptOutput.of(run.target().run(Cmd.script(EXPOSURE, run.token(), run.target().user(),
                patterns.upload(run, "exposure")).asRoot(), Duration.ofMinutes(2)));
        Placement placement = new Placement(surface, home);
        List<Hit> hits = hits(search, patterns, placement::place);
        List<String> journalFields = List.of();
        if (hits.stream().anyMatch(h -> h.place().equals("journald") && h.where().equals("the journal"))) {
            journalFields = nameJournalFields(run, patterns, hits);
        }
        Map<String, String> searched = byPlace(search, "SEARCHED");
        Map<String, String> cut = byPlace(search, "CUT");
        Map<String, List<Observation>> undecided = undecided(search);
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
        text.append("\nforms a secret can take in a file, and what read each (no-tool: nothing on the target reads it):\n");
        search.all("FORM").forEach(l -> text.append("  ").append(l.word(0)).append(": ").append(l.rest(1)).append('\n'));
        text.append("\nlog sources (evidence/surface/log-sources.txt), by which a file is a log:\n");
        surface.logSources().forEach(l -> text.append("  ").append(l).append('\n'));
        text.append("\ntime per place (ms): ");
        search.all("TOOK").forEach(l -> text.append(l.word(0)).append(' ').append(l.word(1)).append("; "));
        text.append("\n\npositive controls (canaries of each secret's shape, made from the run token, planted where each place keeps things):\n");
        search.all("CONTROL").forEach(l -> text.append("  ").append(l.word(0)).append(": ").append(l.rest(1)).append('\n'));
        text.append("\nnot read to the end within the budget:\n");
        (cut.isEmpty() ? Map.of("-", "nothing") : cut).forEach((place, what) -> text.append("  ").append(place).append(": ").append(what).append('\n'));
        text.append("\nundecided (a place where finding nothing is no answer):\n");
        if (undecided.isEmpty()) {
            text.append("  none\n");
        }
        undecided.forEach((place, why) -> why.forEach(o -> text.append("  ").append(place).append(": ").append(o.reason().map(Reason::slug).orElse(""))
                .append(" - ").append(o.detail()).append('\n')));
        text.append("\nfound:\n");
        if (hits.isEmpty()) {
            text.append("  nothing outside /etc/openclaw/secrets.env\n");
        }
        hits.forEach(h -> text.append("  ").append(h.secret()).append(" (").append(h.encoding()).append(") in ").append(h.place())
                .append(": ").append(h.where()).append(h.copies().isEmpty() ? "" : " (and " + h.copies().size() + " identical copies: "
                        + String.join(", ", h.copies().stream().limit(10).toList()) + (h.copies().size() > 10 ? ", ..." : "") + ")").append('\n'));
        journalFields.forEach(j -> text.append("  journal: ").append(j).append('\n'));
        text.append("\nwho can get at them:\n");
        exposure.lines().forEach(l -> text.append("  ").append(l.text()).append('\n'));
        EvidenceStore.Evidence evidence = run.evidence().write("T-003", "secret-search.txt", text.toString());
        dev.gjallarhorn.host.Progress.say("T-003 secrets at rest: searched in " + took.toMillis() + " ms (budget " + budget + " s, the script "
                + search.value("ELAPSED") + " s), " + hits.size() + " hit(s)" + (cut.isEmpty() ? "" : ", cut short: " + cut.keySet())
                + (undecided.isEmpty() ? "" : ", undecided: " + undecided.keySet()));
        return new Findings(started, took, hits, searched, exposure, restart, evidence.relativePath(), null, cut, undecided);
    }

    /** The lines of one kind joined per place (their first word). */
    static Map<String, String> byPlace(ScriptOutput search, String kind) {
        Map<String, String> out = new LinkedHashMap<>();
        search.all(kind).forEach(l -> out.merge(l.word(0), l.rest(1), (a, b) -> a + "; " + b));
        return out;
    }

    /**
     * The secrets the search found: one per {@code HIT} line, placed by {@code place} (path, file kind) for files, with
     * the paths of its {@code COPY} lines as copies. A file's line ends in its pattern number and its kind ({@code plain},
     * {@code sqlite}, the compression it was read through, or the process that holds a deleted file open); a git line
     * names the repository, the object, where it lies and a path it had.
     */
    static List<Hit> hits(ScriptOutput search, SecretPatterns patterns, java.util.function.BiFunction<String, String, String> place) {
        Map<String, List<String>> copies = new LinkedHashMap<>();
        search.all("COPY").forEach(l -> copies.computeIfAbsent(l.word(0), k -> new ArrayList<>()).add(l.word(1)));
        List<Hit> hits = new ArrayList<>();
        for (ScriptOutput.Line hit : search.all("HIT")) {
            List<String> words = hit.words();
            String kind = hit.word(0);
            boolean path = kind.equals("file") || kind.equals("compressed") || kind.equals("deleted-open");
            int numberAt = words.get(words.size() - 1).matches("\\d+") ? words.size() - 1 : words.size() - 2;
            int number = numberAt < 1 ? -1 : ScriptOutput.number(words.get(numberAt));
            if (number < 1 || number > patterns.forms().size()) {
                continue; // not a secret's pattern (the script prints none other); never a hit
            }
            String form = numberAt < words.size() - 1 ? words.get(words.size() - 1) : kind.equals("file") ? "plain" : kind;
            Redactor.Form secret = patterns.form(number);
            String where;
            String placed;
            if (kind.equals("git")) {
                where = gitObject(hit);
                placed = "git";
            } else if (path) {
                String file = hit.word(1);
                where = switch (kind) {
                    case "compressed" -> file + " (decompressed: " + form + ")";
                    case "deleted-open" -> file + " (deleted, still open: " + form.replaceFirst("^pid-(\\d+)-?", "pid $1 ").strip() + ")";
                    default -> file;
                };
                placed = place.apply(file, kind.equals("file") ? form : kind);
            } else {
                where = String.join(" ", words.subList(1, numberAt));
                placed = kind;
            }
            hits.add(new Hit(placed, where, secret.secretName(), secret.encoding(), path ? copies.getOrDefault(hit.word(1), List.of()) : List.of()));
        }
        return hits;
    }

    /** {@code HIT git <git dir> <object> <type> <loose-object|pack> <path or -> <n>} as words. */
    private static String gitObject(ScriptOutput.Line hit) {
        String location = hit.word(4).equals("loose-object") ? "a loose object" : hit.word(4).equals("unknown") ? "an object" : "the pack " + hit.word(4);
        String path = hit.word(5);
        return "repository " + hit.word(1) + ": " + hit.word(3) + " " + hit.word(2) + " in " + location
                + (path.isEmpty() || path.equals("-") ? "" : " (once " + path + ")");
    }

    /**
     * Why "nothing found" is no answer in a script place: its failed commands (probe-error), what the budget or a
     * missing tool left unread (timeout, precondition-unmet), a positive control that was not found or could not be
     * planted, or none reported (oracle-blind), no SEARCHED line at all (probe-error). Places with none are left out.
     */
    static Map<String, List<Observation>> undecided(ScriptOutput search) {
        Map<String, List<Observation>> out = new LinkedHashMap<>();
        for (String place : SCRIPT_PLACES) {
            List<Observation> why = new ArrayList<>();
            String subject = describe(place);
            search.all("ERROR").stream().filter(l -> l.word(0).equals(place))
                    .forEach(l -> why.add(Observation.couldNotRun(subject, Reason.PROBE_ERROR, "a command failed, so a hit could be hidden: " + l.rest(1))));
            search.all("CUT").stream().filter(l -> l.word(0).equals(place)).forEach(l -> why.add(Observation.couldNotRun(subject,
                    l.word(1).equals("timeout") ? Reason.TIMEOUT : Reason.PRECONDITION_UNMET, "not read: " + l.rest(2)
                            + (l.word(1).equals("timeout") ? " (-Dgjallarhorn.secrets.budgetSeconds)" : ""))));
            List<ScriptOutput.Line> controls = search.all("CONTROL").stream().filter(l -> l.word(0).equals(place)).toList();
            controls.stream().filter(l -> !l.word(1).equals("found")).forEach(l -> why.add(Observation.couldNotRun(subject, Reason.ORACLE_BLIND,
                    (l.word(1).equals("missing") ? "its positive control was not found: " : "its positive control could not be planted: ")
                            + l.rest(2))));
            if (controls.isEmpty()) {
                why.add(Observation.couldNotRun(subject, Reason.ORACLE_BLIND, "the search reported no positive control for it"));
            }
            if (!place.equals("databases") && search.all("SEARCHED").stream().noneMatch(l -> l.word(0).equals(place)) && why.isEmpty()) {
                why.add(Observation.couldNotRun(subject, Reason.PROBE_ERROR, "the search did not say it read it"));
            }
            if (!why.isEmpty()) {
                out.put(place, why);
            }
        }
        return out;
    }

    /** The script places a claim's place is read from: a log found among files is as blind as the file sweep. */
    static List<String> sources(String place) {
        return switch (place) {
            case "databases" -> List.of("file", "compressed", "deleted-open", "databases");
            case "docker-images" -> List.of("file", "compressed", "deleted-open", "docker-images");
            default -> FILE_PLACES.contains(place) ? FILE_SOURCES : List.of(place);
        };
    }

    /**
     * Names the journal fields the secrets are in: reads the export stream (at most {@link #JOURNAL_NAMING_CAP} bytes)
     * and replaces each "the journal" hit with the field, unit and time of the entries that hold it.
     */
    private static List<String> nameJournalFields(AttackContext run, SecretPatterns patterns, List<Hit> hits) {
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

    public static ClaimEvaluation secretsInLogs(AttackContext run) {
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

    public static ClaimEvaluation secretsManagement(AttackContext run) {
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
        parts.add(PartEvaluation.claim("the gateway gets them through EnvironmentFile=", predicted, List.of(envFile(x, file))));
        parts.add(PartEvaluation.claim("an unrelated local user cannot read secrets.env", predicted, reads(x, "READ", "nobody", file)));
        parts.add(PartEvaluation.claim("no plaintext copy outside secrets.env (any file, as it is, compressed, zipped or deleted but still open:"
                + " repository, configuration, agent state, writable host shares, core dumps)", predicted, observe(f, "files-on-disk", h -> h.place().equals("files-on-disk") || h.place().equals("core-dumps")
                || h.place().equals("agent-state") && !h.transcriptOrLog())));
        parts.add(PartEvaluation.claim("no secret in a version-control repository's history (git objects and packs: committed, then removed)",
                predicted, observe(f, "git", h -> h.place().equals("git"))));
        parts.add(PartEvaluation.claim("no secret in a database the gateway or another service keeps", predicted,
                observe(f, "databases", h -> h.place().equals("databases"))));
        parts.add(PartEvaluation.claim("no secret in a Docker image (history, config, layers)", predicted,
                observe(f, "docker-images", h -> h.place().equals("docker-images"))));
        parts.add(PartEvaluation.claim("no secret in a container's configuration", predicted,
                observe(f, "container-config", h -> h.place().equals("container-config"))));
        parts.add(PartEvaluation.claim("no process but the gateway's holds a secret in its environment", predicted,
                observe(f, "process-environ", h -> h.place().equals("process-environ"))));
        String login = run.target().user();
        Observation shell = shell(x, login);
        int inShell = shell.outcome() == Outcome.SUCCEEDED ? ScriptOutput.number(x.all("SHELL").get(0).word(1)) : 0;
        parts.add(PartEvaluation.claim("the secrets are not exported into interactive shells", predicted, List.of(shell)));
        List<Observation> environ = new ArrayList<>(environ(x, login));
        environ.addAll(environ(x, "nobody"));
        parts.add(PartEvaluation.claim("no identity but root reads the gateway's environment", predicted, environ));
        parts.add(PartEvaluation.note("the service identity (" + service + ") can change secrets.env", Outcome.SUCCEEDED, reads(x, "WRITE", service, file)));
        List<Hit> copies = f.hits().stream().filter(h -> !h.transcriptOrLog()).toList();
        String observed = "secrets.env mode " + x.value("FILE") + "; " + (copies.isEmpty() ? "no copy elsewhere" : copies.size() + " copy(ies) elsewhere: "
                + summary(copies)) + (inShell > 0 ? "; exported into interactive shells" : "");
        return new ClaimEvaluation(claim, parts, observed, List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    /**
     * Whether the gateway's unit loads {@code file} with EnvironmentFile=, from secrets-exposure.sh's
     * {@code ENVFILE yes|no|could-not-run <why>}: BLOCKED (yes), SUCCEEDED (no), COULD_NOT_RUN(probe-error) for
     * anything else, a missing line included: a systemctl that failed never reads as "does not load".
     */
    static Observation envFile(ScriptOutput x, String file) {
        String subject = "openclaw-gateway.service";
        String envFile = x.value("ENVFILE").strip();
        return switch (envFile) {
            case "yes" -> Observation.blocked(subject, "EnvironmentFile=" + file);
            case "no" -> Observation.succeeded(subject, "the unit does not load " + file + " with EnvironmentFile=");
            case "" -> Observation.couldNotRun(subject, Reason.PROBE_ERROR, "the probe said nothing of the unit's EnvironmentFile=");
            default -> Observation.couldNotRun(subject, Reason.PROBE_ERROR, "the unit's EnvironmentFile= could not be read: "
                    + envFile.replaceFirst("^could-not-run\\s*", ""));
        };
    }

    /**
     * Whether {@code who} could read (READ) or append to (WRITE) secrets.env: got through ({@code ok}), refused with
     * the refusal seen ({@code denied EACCES|EPERM|EROFS}), or could not run ({@code could-not-run REASON}, or no line).
     */
    static List<Observation> reads(ScriptOutput x, String kind, String who, String file) {
        String subject = file + " as " + who;
        List<Observation> out = x.all(kind).stream().filter(l -> l.word(0).equals(who)).map(l -> switch (l.word(1)) {
            case "ok" -> Observation.succeeded(subject, kind.equals("READ") ? "readable" : "writable");
            case "denied" -> Observation.blocked(subject, "refused: " + (l.word(2).isEmpty() ? "permission denied" : l.word(2)));
            default -> Observation.couldNotRun(subject, Reason.PROBE_ERROR, "the attempt could not run: " + l.rest(2));
        }).toList();
        return out.isEmpty() ? List.of(Observation.couldNotRun(subject, Reason.PROBE_ERROR, "the probe printed no " + kind + " line for " + who)) : out;
    }

    /** Whether an interactive login shell of {@code login} has secrets in its environment: {@code SHELL login N|could-not-run REASON}. */
    static Observation shell(ScriptOutput x, String login) {
        String subject = "an interactive shell of " + login;
        ScriptOutput.Line line = x.all("SHELL").stream().findFirst().orElse(null);
        if (line == null) {
            return Observation.couldNotRun(subject, Reason.PROBE_ERROR, "the probe printed no SHELL line");
        }
        if (line.word(1).equals("could-not-run")) {
            return Observation.couldNotRun(subject, Reason.PROBE_ERROR, "the shell could not be asked: " + line.rest(2));
        }
        int seen = ScriptOutput.number(line.word(1));
        return seen < 0 ? Observation.couldNotRun(subject, Reason.PROBE_ERROR, "unreadable answer: " + line.text())
                : seen > 0 ? Observation.succeeded(subject, seen + " secret value(s) in its environment (a profile.d hook sources secrets.env)")
                : Observation.blocked(subject, "no secret in its environment");
    }

    /**
     * Whether {@code who} reads the gateway's (or a stand-in's) {@code /proc/PID/environ}, from
     * {@code ENVIRON who ok|denied ERRNO|no-secrets|could-not-run REASON SOURCE}. Root's line is the control: "readable
     * but without secrets" is an answer only where root saw the secrets there.
     */
    static List<Observation> environ(ScriptOutput x, String who) {
        boolean rootSaw = x.all("ENVIRON").stream().anyMatch(l -> l.word(0).equals("root") && l.word(1).equals("ok"));
        List<Observation> out = new ArrayList<>();
        for (ScriptOutput.Line line : x.all("ENVIRON")) {
            if (!line.word(0).equals(who)) {
                continue;
            }
            String source = line.words().get(line.words().size() - 1);
            String subject = "the gateway's /proc/PID/environ as " + who + (source.equals("stand-in") ? " (a stand-in in its service context)" : "");
            String reason = line.words().size() > 3 ? String.join(" ", line.words().subList(2, line.words().size() - 1)) : "";
            out.add(switch (line.word(1)) {
                case "ok" -> Observation.succeeded(subject, "readable, with the secrets in it");
                case "denied" -> Observation.blocked(subject, "refused: " + (reason.isEmpty() ? "permission denied" : reason));
                case "no-secrets" -> rootSaw ? Observation.blocked(subject, "readable but without secrets")
                        : Observation.couldNotRun(subject, Reason.ORACLE_BLIND, "readable, but root did not see the secrets there either");
                default -> Observation.couldNotRun(subject, Reason.PROBE_ERROR, "could not run: " + (reason.isEmpty() ? line.text() : reason));
            });
        }
        return out.isEmpty() ? List.of(Observation.couldNotRun("the gateway's /proc/PID/environ as " + who, Reason.PROBE_ERROR,
                "the probe printed no ENVIRON line for " + who)) : out;
    }

    static List<Observation> observe(Findings f, String place, Predicate<Hit> which) {
        List<Observation> observations = new ArrayList<>();
        f.hits().stream().filter(which).forEach(h -> observations.add(Observation.succeeded(h.where() + " (" + h.secret() + ")",
                h.secret() + " found there (" + h.encoding() + ")")));
        if (observations.isEmpty()) {
            sources(place).forEach(s -> observations.addAll(f.undecided().getOrDefault(s, List.of())));
        }
        if (observations.isEmpty()) {
            String searched = searched(f, place);
            observations.add(searched == null ? Observation.couldNotRun(describe(place), Reason.PROBE_ERROR, "the search did not reach it")
                    : Observation.blocked(describe(place), "searched " + searched + ": no secret, and its positive control was found"));
        }
        return observations;
    }

    /** What was searched for a place: its own SEARCHED line, or for the places found among files, the file sweep's. */
    private static String searched(Findings f, String place) {
        if (FILE_PLACES.contains(place)) {
            String files = join(join(f.searched().get("file"), f.searched().get("compressed")), f.searched().get("deleted-open"));
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
            case "git" -> "git repositories (every object, loose and packed)";
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

}
