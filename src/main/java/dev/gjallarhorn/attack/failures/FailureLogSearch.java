package dev.gjallarhorn.attack.failures;

import dev.gjallarhorn.attack.agent.AgentChannel;
import dev.gjallarhorn.attack.failures.ApiFailureScenario.Leak;
import dev.gjallarhorn.attack.failures.ApiFailureScenario.Phase;
import dev.gjallarhorn.attack.secrets.SecretPatterns;
import dev.gjallarhorn.evidence.Redactor;
import dev.gjallarhorn.probe.ScriptOutput;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.RemoteScript;
import dev.gjallarhorn.run.AttackContext;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * After the failure phases: the journal, OpenClaw's file logs and /var/log since the first phase searched (as root,
 * by {@code failure-logs.sh}) for the run's secret values in every encoding; each hit a {@link Leak}, redacted, with
 * the phase it fell in.
 */
final class FailureLogSearch {

    private static final RemoteScript SEARCH = RemoteScript.load(FailureLogSearch.class, "failure-logs.sh");
    /** A syslog file line's own stamp (rsyslog's RFC 3339 format): {@code 2026-11-30T12:28:56.814880+00:00 host …}. */
    private static final Pattern SYSLOG_TIME = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?(?:Z|[+-]\\d\\d:\\d\\d))\\s");
    private static final Pattern JSON_TIME = Pattern.compile("\"time\"\\s*:\\s*\"([^\"]+)\"");

    private FailureLogSearch() {
    }

    /**
     * Searches every log since {@code since} (Unix seconds) for {@code patterns}; adds each place searched (or that
     * the search did not finish) to {@code searched}.
     */
    static List<Leak> search(AttackContext run, SecretPatterns patterns, long since, List<Phase> phases, List<String> searched) {
        ScriptOutput out = ScriptOutput.of(run.target().run(Cmd.script(SEARCH, run.token(), Long.toString(since), patterns.upload(run, "failures"))
                .asRoot(), Duration.ofMinutes(2)));
        out.all("SEARCHED").forEach(l -> searched.add(l.rest(0)));
        if (out.all("SEARCH-END").isEmpty()) {
            searched.add("the search did not finish: " + out.result().describe());
        }
        Redactor redactor = run.redactor();
        List<Leak> leaks = new ArrayList<>();
        for (ScriptOutput.Line hit : out.all("HIT")) {
            Redactor.Form form = patterns.form(Integer.parseInt(hit.word(2)));
            String line = hit.rest(3);
            Optional<Instant> at = when(hit.word(0), line);
            String phase = at.flatMap(t -> phases.stream().filter(p -> !t.isBefore(p.from()) && !t.isAfter(p.to().plusSeconds(2)))
                    .map(Phase::failure).findFirst()).orElse(at.isPresent() ? "no failure phase (the gateway's normal work)" : "the failure phases (no time on the line)");
            leaks.add(new Leak(hit.word(0), hit.word(1).equals("-") ? "" : hit.word(1), form.secretName(), form.encoding(),
                    AgentChannel.oneLine(redactor.scrub(line)), phase));
        }
        return leaks;
    }

    /** When a log line was written: the journal's Unix timestamp, a JSONL line's {@code "time"}, or a syslog line's own stamp. */
    static Optional<Instant> when(String place, String line) {
        try {
            if (place.equals("journald")) {
                String first = line.split("\\s+", 2)[0];
                double seconds = Double.parseDouble(first);
                return Optional.of(Instant.ofEpochMilli((long) (seconds * 1000)));
            }
            Matcher m = JSON_TIME.matcher(line);
            if (m.find()) {
                return Optional.of(Instant.parse(m.group(1)));
            }
            Matcher stamp = SYSLOG_TIME.matcher(line);
            return stamp.find() ? Optional.of(OffsetDateTime.parse(stamp.group(1)).toInstant()) : Optional.empty();
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
