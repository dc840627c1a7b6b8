package dev.gjallarhorn.attack.agent;

import dev.gjallarhorn.attack.secrets.SecretPatterns;
import dev.gjallarhorn.probe.ScriptOutput;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.evidence.Redactor;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.RemoteScript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's session stores, searched as root for the run's secret values in every encoding (through
 * {@link SecretPatterns}, the secrets-at-rest search's own seam). What a release keeps is read from its files, not
 * assumed: OpenClaw 2026.8 and later keep transcripts in SQLite ({@code agents/<id>/agent/openclaw-agent.sqlite},
 * table {@code transcript_events}, some events zstd-compressed in {@code event_zstd}) with zstd cold archives; older
 * releases kept JSONL files under {@code agents/<id>/sessions/}. Every table of every database is decoded with the
 * gateway's own Node ({@code node:sqlite}, {@code zlib.zstdDecompressSync}); its write-ahead log and any JSONL are
 * searched as bytes. Only file names and pattern numbers come back.
 */
public final class SessionStores {

    /** The bound of the whole search: an upper bound (on an idle twin it takes seconds; beside two other twins it took over 2 minutes). */
    static final Duration SEARCH_WITHIN = Duration.ofMinutes(4);

    private static final RemoteScript SCRIPT = RemoteScript.load(SessionStores.class, "session-stores.sh");
    /**
     * What holds a conversation: transcript and session tables ({@code transcript_events}, session windows and nodes,
     * their full-text index), JSONL transcripts, cold archives. Other tables (auth profiles, usage) are the agent's
     * state, shown in the evidence but judged elsewhere (C-SECRETS-MANAGEMENT).
     */
    private static final java.util.regex.Pattern TRANSCRIPT = java.util.regex.Pattern.compile("(?i)transcript|session|message|event|archive|file$|fts");

    /** What the search saw: one observation per store holding a secret (or one saying none did), and a report for the evidence. */
    public record Search(List<Observation> observations, String report) {
    }

    private SessionStores() {
    }

    public static Search notSearched(String why) {
        return new Search(List.of(Observation.couldNotRun("the gateway's session stores", Reason.PRECONDITION_UNMET, why)), "not searched: " + why);
    }

    /** A search that printed no end line: INCONCLUSIVE(timeout) when it ran out of time, precondition-unmet otherwise. */
    static Search unfinished(CommandResult result) {
        String why = "the search did not finish: " + result.describe();
        Reason reason = result.timedOut() ? Reason.TIMEOUT : Reason.PRECONDITION_UNMET;
        return new Search(List.of(Observation.couldNotRun("the gateway's session stores", reason, why)), "not searched: " + why);
    }

    public static Search search(AttackContext run, AgentChannel channel) {
        SecretPatterns patterns = SecretPatterns.of(run.redactor());
        if (patterns.isEmpty()) {
            return notSearched("the run could not read secrets.env on the target, so there is nothing to search for");
        }
        String node = channel.setting("CLI").split(" ")[0];
        String home = channel.setting("HOME");
        ScriptOutput out = ScriptOutput.of(run.target().run(Cmd.script(SCRIPT, run.token(), home, node, patterns.upload(run, "stores")).asRoot(),
                SEARCH_WITHIN));
        if (out.all("STORES-END").isEmpty()) {
            return unfinished(out.result());
        }
        List<ScriptOutput.Line> stores = out.all("STORE");
        StringBuilder report = new StringBuilder();
        stores.forEach(l -> report.append("  searched ").append(l.rest(0)).append('\n'));
        out.all("STORE-UNREADABLE").forEach(l -> report.append("  could not read ").append(l.rest(0)).append('\n'));
        List<Observation> observations = new ArrayList<>();
        for (ScriptOutput.Line hit : out.all("HIT")) {
            Redactor.Form form = patterns.form(Integer.parseInt(hit.words().get(hit.words().size() - 1)));
            String where = String.join(" ", hit.words().subList(0, hit.words().size() - 1));
            String table = where.substring(where.lastIndexOf('#') + 1);
            boolean transcript = TRANSCRIPT.matcher(table).find();
            report.append("  found ").append(form.secretName()).append(" (").append(form.encoding()).append(") in ").append(where)
                    .append(transcript ? " (a transcript)" : " (not a transcript: the agent's other state)").append('\n');
            if (transcript) {
                observations.add(Observation.succeeded(where + " (" + form.secretName() + ")", form.secretName() + " found there (" + form.encoding() + ")"));
            }
        }
        if (!out.all("STORE-UNREADABLE").isEmpty()) {
            out.all("STORE-UNREADABLE").forEach(l -> observations.add(Observation.couldNotRun(l.word(0), Reason.PROBE_ERROR,
                    "could not be decoded: " + l.rest(1))));
        }
        if (observations.isEmpty()) {
            long transcripts = stores.stream().filter(l -> TRANSCRIPT.matcher(l.rest(0)).find()).count();
            observations.add(transcripts == 0
                    ? Observation.couldNotRun("the gateway's session stores", Reason.PRECONDITION_UNMET, "no transcript table or file under " + home
                    + "/.openclaw (searched: " + stores.size() + " store(s))")
                    : Observation.blocked("the gateway's transcripts", stores.size() + " store(s) searched, " + transcripts + " with transcripts: no secret"));
        }
        return new Search(List.copyOf(observations), report.toString());
    }
}
