package dev.gjallarhorn.attack.secrets;

import dev.gjallarhorn.attack.containment.SandboxConfig;
import dev.gjallarhorn.evidence.EvidenceStore;
import dev.gjallarhorn.evidence.Redactor;
import dev.gjallarhorn.host.Progress;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.probe.ScriptOutput;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.RemoteScript;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.surface.Surface;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The secret search as a probe: runs secret-search.sh (with secret-forms.sh in front of it) and secrets-exposure.sh
 * as root, reads their lines into {@link SecretSearchFindings} ({@link SecretSearchLines}), names the journal fields a secret is
 * in ({@link JournalFieldNames}) and writes what it saw to {@code T-003/secret-search.txt}. Values are never shown.
 */
public final class SecretSearch {

    /** The search, with the functions of the forms a file holds a secret in (secret-forms.sh) in front of it. */
    static final RemoteScript SEARCH = withForms(RemoteScript.loadAsWritten(SecretSearch.class, "secret-search.sh"),
            RemoteScript.load(SecretSearch.class, "secret-forms.sh"));
    private static final RemoteScript EXPOSURE = RemoteScript.load(SecretSearch.class, "secrets-exposure.sh");

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
            return SecretPlaces.LOG_PLACES.contains(place) || place.equals("agent-state") && (where.contains("/sessions/") || where.endsWith(".jsonl")
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
    public record SecretSearchFindings(Instant startedAt, Duration elapsed, List<Hit> hits, Map<String, String> searched, ScriptOutput exposure,
                           boolean restarted, Path evidence, String notRun, Map<String, String> cut, Map<String, List<Observation>> undecided) {
    }

    private SecretSearch() {
    }

    /** The forms (which carry Bilrost's layout in front) and then the search, as one script named as the search. */
    private static RemoteScript withForms(RemoteScript search, RemoteScript forms) {
        return new RemoteScript(search.name(), forms.text() + "\n" + search.text());
    }

    /** Searches once; a target whose secrets.env the run could not read gives SecretSearchFindings with {@code notRun} set. */
    static SecretSearchFindings probe(AttackContext run) {
        Instant started = Instant.now();
        SecretPatterns patterns = SecretPatterns.of(run.redactor());
        if (patterns.isEmpty()) {
            return new SecretSearchFindings(started, Duration.ZERO, List.of(), Map.of(), null, false, null,
                    "the run could not read secrets.env on the target, so there is nothing to search for", Map.of(), Map.of());
        }
        Surface surface = run.surface();
        SecretLeakScenario.ServicesRestarted restarted = SecretLeakScenario.servicesRestarted(run);
        boolean restart = restarted.restarted();
        String home = SandboxConfig.of(run).configFile().replaceFirst("/\\.openclaw/openclaw\\.json$", "");
        long budget = run.settings().secrets().budget().toSeconds();
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
        FilePlacement placement = new FilePlacement(surface, home);
        List<Hit> hits = SecretSearchLines.hits(search, patterns, placement::place);
        List<String> journalFields = List.of();
        if (hits.stream().anyMatch(h -> h.place().equals("journald") && h.where().equals("the journal"))) {
            journalFields = JournalFieldNames.name(run, patterns, hits);
        }
        Map<String, String> searched = SecretSearchLines.byPlace(search, "SEARCHED");
        Map<String, String> cut = SecretSearchLines.byPlace(search, "CUT");
        Map<String, List<Observation>> undecided = SecretSearchLines.undecided(search);
        Duration took = Duration.between(started, Instant.now());
        SecretSearchFindings f = new SecretSearchFindings(started, took, hits, searched, exposure, restart, null, null, cut, undecided);
        String text = describeRun(run, patterns, budget, search, restarted, f) + describeFindings(search, surface, f, journalFields);
        EvidenceStore.Evidence evidence = run.evidence().write("T-003", "secret-search.txt", text);
        Progress.say("T-003 secrets at rest: searched in " + took.toMillis() + " ms (budget " + budget + " s, the script "
                + search.value("ELAPSED") + " s), " + hits.size() + " hit(s)" + (cut.isEmpty() ? "" : ", cut short: " + cut.keySet())
                + (undecided.isEmpty() ? "" : ", undecided: " + undecided.keySet()));
        return new SecretSearchFindings(started, took, hits, searched, exposure, restart, evidence.relativePath(), null, cut, undecided);
    }

    /** The head of the evidence: the target, the patterns, the budget, the restart and what was searched. */
    private static String describeRun(AttackContext run, SecretPatterns patterns, long budget, ScriptOutput search,
                                      SecretLeakScenario.ServicesRestarted restarted, SecretSearchFindings f) {
        StringBuilder text = new StringBuilder("Where the secrets of secrets.env end up (values never shown)\n");
        text.append("target: ").append(run.target().describe()).append("; patterns: ").append(patterns.forms().size())
                .append(" forms (raw, base64, hex, url) of ").append(patterns.forms().stream().map(Redactor.Form::secretName).distinct().count())
                .append(" secrets\n");
        text.append("bounded: a budget of ").append(budget).append(" s (-Dgjallarhorn.secrets.budgetSeconds), each place gets what is left; used ")
                .append(search.value("ELAPSED")).append(" s; the whole search took ").append(f.elapsed().toMillis()).append(" ms\n");
        text.append(f.restarted() ? "services that load secrets.env were restarted first: " + restarted.units()
                : "services were not restarted (a real target; pass -Dgjallarhorn.invasive=true)").append("\n\nsearched (as root):\n");
        f.searched().forEach((place, what) -> text.append("  ").append(place).append(": ").append(what).append('\n'));
        return text.toString();
    }

    /** The rest of the evidence: forms, log sources, timings, controls, cuts, undecided places, hits and who gets at them. */
    private static String describeFindings(ScriptOutput search, Surface surface, SecretSearchFindings f, List<String> journalFields) {
        StringBuilder text = new StringBuilder();
        text.append("\nforms a secret can take in a file, and what read each (no-tool: nothing on the target reads it):\n");
        search.all("FORM").forEach(l -> text.append("  ").append(l.word(0)).append(": ").append(l.rest(1)).append('\n'));
        text.append("\nlog sources (evidence/surface/log-sources.txt), by which a file is a log:\n");
        surface.logSources().forEach(l -> text.append("  ").append(l).append('\n'));
        text.append("\ntime per place (ms): ");
        search.all("TOOK").forEach(l -> text.append(l.word(0)).append(' ').append(l.word(1)).append("; "));
        text.append("\n\npositive controls (canaries of each secret's shape, made from the run token, planted where each place keeps things):\n");
        search.all("CONTROL").forEach(l -> text.append("  ").append(l.word(0)).append(": ").append(l.rest(1)).append('\n'));
        text.append("\nnot read to the end within the budget:\n");
        (f.cut().isEmpty() ? Map.of("-", "nothing") : f.cut()).forEach((place, what) -> text.append("  ").append(place).append(": ").append(what).append('\n'));
        text.append("\nundecided (a place where finding nothing is no answer):\n");
        if (f.undecided().isEmpty()) {
            text.append("  none\n");
        }
        f.undecided().forEach((place, why) -> why.forEach(o -> text.append("  ").append(place).append(": ").append(o.reason().map(Reason::slug).orElse(""))
                .append(" - ").append(o.detail()).append('\n')));
        text.append("\nfound:\n");
        if (f.hits().isEmpty()) {
            text.append("  nothing outside /etc/openclaw/secrets.env\n");
        }
        f.hits().forEach(h -> text.append("  ").append(h.secret()).append(" (").append(h.encoding()).append(") in ").append(h.place())
                .append(": ").append(h.where()).append(h.copies().isEmpty() ? "" : " (and " + h.copies().size() + " identical copies: "
                        + String.join(", ", h.copies().stream().limit(10).toList()) + (h.copies().size() > 10 ? ", ..." : "") + ")").append('\n'));
        journalFields.forEach(j -> text.append("  journal: ").append(j).append('\n'));
        text.append("\nwho can get at them:\n");
        f.exposure().lines().forEach(l -> text.append("  ").append(l.text()).append('\n'));
        return text.toString();
    }
}
