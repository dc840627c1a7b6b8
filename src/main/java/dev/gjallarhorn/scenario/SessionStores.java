package dev.gjallarhorn.scenario;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.report.Redactor;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.target.Cmd;
import dev.gjallarhorn.target.RemoteScript;
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
final class SessionStores {

    private static final RemoteScript SCRIPT = RemoteScript.load(SessionStores.class, "session-stores.sh");

    /** What the search saw: one observation per store holding a secret (or one saying none did), and a report for the evidence. */
    record Search(List<Observation> observations, String report) {
    }

    private SessionStores() {
    }

    static Search notSearched(String why) {
        return new Search(List.of(Observation.couldNotRun("the gateway's session stores", Reason.PRECONDITION_UNMET, why)), "not searched: " + why);
    }

    static Search search(AttackRun run, AgentChannel channel) {
        SecretPatterns patterns = SecretPatterns.of(run.redactor());
        if (patterns.isEmpty()) {
            return notSearched("the run could not read secrets.env on the target, so there is nothing to search for");
        }
        String node = channel.setting("CLI").split(" ")[0];
        String home = channel.setting("HOME");
        ScriptOutput out = ScriptOutput.of(run.target().run(Cmd.script(SCRIPT, run.token(), home, node, patterns.upload(run, "stores")).asRoot(),
                Duration.ofMinutes(2)));
        if (out.all("STORES-END").isEmpty()) {
            return notSearched("the search did not finish: " + out.result().describe());
        }
        List<ScriptOutput.Line> stores = out.all("STORE");
        StringBuilder report = new StringBuilder();
        stores.forEach(l -> report.append("  searched ").append(l.text().substring("STORE ".length())).append('\n'));
        List<Observation> observations = new ArrayList<>();
        for (ScriptOutput.Line hit : out.all("HIT")) {
            Redactor.Form form = patterns.form(Integer.parseInt(hit.words().get(hit.words().size() - 1)));
            String file = String.join(" ", hit.words().subList(0, hit.words().size() - 1));
            observations.add(Observation.succeeded(file + " (" + form.secretName() + ")", form.secretName() + " found there (" + form.encoding() + ")"));
            report.append("  found ").append(form.secretName()).append(" (").append(form.encoding()).append(") in ").append(file).append('\n');
        }
        if (observations.isEmpty()) {
            observations.add(stores.isEmpty()
                    ? Observation.couldNotRun("the gateway's session stores", Reason.PRECONDITION_UNMET, "no store under " + home + "/.openclaw")
                    : Observation.blocked("the gateway's session stores", stores.size() + " store(s) searched: no secret"));
        }
        return new Search(List.copyOf(observations), report.toString());
    }
}
