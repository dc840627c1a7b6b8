package dev.gjallarhorn.attack.secrets;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.probe.ScriptOutput;
import java.util.ArrayList;
import java.util.List;

/**
 * Who can get at the secrets, judged from what secrets-exposure.sh printed (the {@code FILE}, {@code ENVFILE},
 * {@code READ}, {@code WRITE}, {@code SHELL} and {@code ENVIRON} lines): pure functions, a missing or failed line is
 * COULD_NOT_RUN, never an answer.
 */
final class SecretExposure {

    private SecretExposure() {
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
}
