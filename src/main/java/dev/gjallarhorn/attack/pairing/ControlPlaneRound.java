package dev.gjallarhorn.attack.pairing;

import dev.gjallarhorn.attack.agent.AgentChannel;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.probe.ScriptOutput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Round 3: the gateway's HTTP control API ({@code POST /tools/invoke}) on every address its process listens on, as
 * each identity but the gateway's own, without its credential and with a wrong one. The oracle is the gateway's state,
 * not a status code: {@code sessions_history} of the allowlisted sender's session brings this run's control-turn
 * marker back only to a caller the gateway let act as its operator. Which session that is, the gateway says: of the
 * keys its {@code session_status} (its main session) and {@code sessions_list} name to its own credential, the one whose
 * history holds the marker (OpenClaw's {@code session.dmScope} decides where a DM lands; nothing here assumes where). The control: root with the gateway's own
 * credential (from its environment or config) must get that marker back, or nothing here can be a refusal. Beside it,
 * a note: whether 50 wrong credentials in a row from the VM are throttled.
 */
final class ControlPlaneRound {

    /** The control per listener, every attempt, and the wrong-credential burst (a note). */
    record Result(List<Observation> controls, List<Observation> attempts, Observation burst) {
    }

    private ControlPlaneRound() {
    }

    /**
     * @param ownerMarker the allowlisted sender's control-turn marker, or null when there was none (then nothing is sent)
     * @param others      user names on the target that are neither root nor the gateway's own identity
     */
    static Result run(AgentChannel channel, String ownerMarker, List<String> others) {
        if (ownerMarker == null) {
            Observation no = Observation.couldNotRun("the gateway's control API", Reason.PRECONDITION_UNMET,
                    "no allowlisted sender's turn put a marker in the gateway's state to read back");
            return new Result(List.of(no), List.of(no), no);
        }
        return judge(channel.admission().controlPlane(ownerMarker, others));
    }

    /**
     * The script's {@code CP}, {@code CP-BURST}, {@code CP-NONE} and {@code CP-END} lines, judged; no target in reach.
     * A listener that answers the gateway's own credential with 404 serves no control API (a Telegram webhook, say):
     * its attempts tell nothing and are left out, said in its control. A run cut off before {@code CP-END} leaves an
     * undecided attempt for whatever it did not try.
     */
    static Result judge(ScriptOutput out) {
        Map<String, Boolean> seeing = new HashMap<>();
        Set<String> noApi = new HashSet<>();
        List<Observation> controls = new ArrayList<>();
        for (ScriptOutput.Line l : out.all("CP")) {
            if (l.word(0).equals("control")) {
                if (l.word(3).equals("404")) {
                    noApi.add(l.word(2));
                    controls.add(Observation.couldNotRun("the gateway's own credential on " + l.word(2), Reason.NOT_APPLICABLE_ON_TARGET,
                            "HTTP 404: this listener serves no /tools/invoke (another of the gateway's listeners, e.g. a Telegram webhook)"));
                    continue;
                }
                Observation c = control(l.word(2), l.word(3), l.word(4), sessionOn(out, l.word(2)));
                controls.add(c);
                seeing.put(l.word(2), c.outcome() == Outcome.SUCCEEDED);
            }
        }
        List<Observation> attempts = new ArrayList<>();
        for (ScriptOutput.Line l : out.all("CP")) {
            if (!l.word(0).equals("control") && !noApi.contains(l.word(2))) {
                attempts.add(attempt(l.word(0), l.word(1), l.word(2), l.word(3), l.word(4), seeing.getOrDefault(l.word(2), false)));
            }
        }
        if (seeing.isEmpty() || attempts.isEmpty()) {
            String why = !out.value("CP-NONE").isBlank() ? out.value("CP-NONE")
                    : !noApi.isEmpty() && seeing.isEmpty() ? "none of the gateway's listeners (" + String.join(", ", noApi) + ") serves /tools/invoke"
                    : "the probe printed no request: " + out.result().stderr().strip();
            Observation no = Observation.couldNotRun("the gateway's control API", Reason.PRECONDITION_UNMET, why);
            return new Result(controls.isEmpty() ? List.of(no) : controls, List.of(no), no);
        }
        if (out.all("CP-END").isEmpty() || out.result().timedOut()) {
            attempts.add(Observation.couldNotRun("the rest of the control API's attempts", Reason.TIMEOUT,
                    "the probe was cut off before it had tried every identity on every listener"));
        }
        List<ScriptOutput.Line> bursts = out.all("CP-BURST").stream().filter(l -> seeing.getOrDefault(l.word(0), false)).toList();
        return new Result(controls, attempts, burst(bursts));
    }

    private static Observation control(String listener, String status, String found, String session) {
        String subject = "the gateway's own credential on " + listener;
        return status.equals("200") && found.equals("marker")
                ? Observation.succeeded(subject, "read the allowlisted sender's conversation (this run's marker came back; " + session + ")")
                : Observation.couldNotRun(subject, Reason.ORACLE_BLIND, "HTTP " + status + ", " + found
                        + ": the control API did not give the gateway's own credential the allowlisted sender's conversation (" + session + ")");
    }

    /**
     * What {@code CP-SESSION <listener> <key|none> <list status> <keys listed>} says of the session read on
     * {@code listener}: the key the gateway's listing led to, or why there was none; the derivation runs on the first
     * listener that lists sessions, so a later one names the first key found.
     */
    static String sessionOn(ScriptOutput out, String listener) {
        List<ScriptOutput.Line> derived = out.all("CP-SESSION");
        for (ScriptOutput.Line l : derived) {
            if (l.word(0).equals(listener)) {
                return l.word(1).equals("none")
                        ? "none of the " + l.word(3) + " session(s) its session_status and sessions_list named (HTTP " + l.word(2) + ") holds the marker"
                        : "session " + l.word(1) + ", named by the gateway itself";
            }
        }
        return derived.stream().filter(l -> !l.word(1).equals("none")).findFirst()
                .map(l -> "session " + l.word(1) + ", named by the gateway itself on " + l.word(0))
                .orElse("no session named by the gateway holds the marker");
    }

    private static Observation attempt(String mode, String who, String listener, String status, String found, boolean seeing) {
        String subject = "POST /tools/invoke on " + listener + " as " + who + (mode.equals("none") ? " without a credential" : " with a wrong credential");
        if (found.equals("marker")) {
            return Observation.succeeded(subject, "read the allowlisted sender's conversation (this run's marker came back): the gateway let it act as its operator");
        }
        if (status.equals("200") && seeing) {
            return Observation.succeeded(subject, "HTTP 200: the gateway ran a tool for it");
        }
        if (!seeing) {
            return Observation.couldNotRun(subject, Reason.ORACLE_BLIND, "HTTP " + status + ", but the gateway's own credential did not read the"
                    + " conversation on " + listener + " either");
        }
        if (status.matches("401|403|429")) {
            return Observation.blocked(subject, "refused: HTTP " + status + ", nothing of the conversation came back");
        }
        return Observation.couldNotRun(subject, Reason.PROBE_ERROR, (status.equals("error") ? "the request failed: " + found : "HTTP " + status)
                + ", while the gateway's own credential read the conversation");
    }

    /**
     * {@code CP-BURST <listener> <tried> <status:count,...> ms:<each answer's time,...>}: BLOCKED when a 429 came back or
     * the answers slowed down (the last at least 2 s and four times the first); SUCCEEDED (the bad news) when all were
     * answered at full speed.
     */
    static Observation burst(List<ScriptOutput.Line> lines) {
        if (lines.isEmpty() || lines.get(0).words().size() < 4) {
            return Observation.couldNotRun("wrong credentials in a row", Reason.PROBE_ERROR, "the burst printed nothing: "
                    + (lines.isEmpty() ? "" : lines.get(0).text()));
        }
        ScriptOutput.Line l = lines.get(0);
        String subject = "wrong credentials in a row on " + l.word(0) + " as nobody";
        String counts = l.word(2);
        List<Long> ms = new ArrayList<>();
        for (String t : l.word(3).replaceFirst("^ms:", "").split(",")) {
            if (t.matches("\\d+")) {
                ms.add(Long.parseLong(t));
            }
        }
        String seen = l.word(1) + " tried (" + counts + "), answered in " + ms.stream().map(t -> t + " ms").toList();
        if (counts.matches(".*\\b429:.*")) {
            return Observation.blocked(subject, "throttled with 429 after " + seen);
        }
        if (ms.size() >= 2 && ms.get(ms.size() - 1) >= 2000 && ms.get(ms.size() - 1) >= 4 * Math.max(1, ms.get(0))) {
            return Observation.blocked(subject, "slowed down: " + seen);
        }
        if (counts.matches("200:\\d+")) {
            return Observation.succeeded(subject, "no credential is checked at all: " + seen);
        }
        if (counts.matches("(401|403):\\d+") && !ms.isEmpty()) {
            return Observation.succeeded(subject, "none throttled: " + seen + "; a guesser on the VM, or behind Lima's port forward (loopback"
                    + " too), is never slowed down");
        }
        return Observation.couldNotRun(subject, Reason.PROBE_ERROR, "unexpected answers: " + l.rest(0));
    }
}
