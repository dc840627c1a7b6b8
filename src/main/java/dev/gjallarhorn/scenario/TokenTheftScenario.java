package dev.gjallarhorn.scenario;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.report.EvidenceStore;
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
import java.util.List;
import java.util.Map;
import dev.gjallarhorn.run.SecretFingerprints;
import java.util.Set;

/**
 * The Telegram bot token: where it sits besides {@code secrets.env}, who can read it (an unrelated user, the sandbox
 * container) and who can change it (the service identity), and whether anything ever rotates it. Judges {@code T-010}
 * ("Partial (env-only, not rotated)") and {@code N-SECRETS-ROTATION}. Rotation is judged against
 * {@code -Dgjallarhorn.rotation.maxAgeDays} (default 90): older than that with nothing rotating it, the gap holds.
 * A secret's age is how long its value has been unchanged by the run history's fingerprints
 * ({@link dev.gjallarhorn.run.SecretFingerprints}), which survive re-provisioning; the file's {@code # Generated:}
 * header and time, which Bilrost rewrites at every provisioning, are second evidence (the older of the two
 * counts). A value whose fingerprint changed since the last run was rotated.
 */
public final class TokenTheftScenario {

    static final String TOKEN = "TELEGRAM_BOT_TOKEN";
    private static final RemoteScript ROTATION = RemoteScript.load(TokenTheftScenario.class, "rotation.sh");

    /** @param basis where the age comes from, e.g. "unchanged since 2026-05-01 by the run history's fingerprints" */
    public record Rotation(long ageDays, String generated, List<String> rotators, String basis, Path evidence) {
    }

    private TokenTheftScenario() {
    }

    static Rotation rotation(AttackRun run) {
        return run.observeOnce(Rotation.class, () -> {
            ScriptOutput out = ScriptOutput.of(run.target().run(Cmd.script(ROTATION).asRoot(), run.settings().commandTimeout()));
            long now = parseLong(out.value("NOW"));
            long mtime = parseLong(out.value("MTIME"));
            String generated = out.value("GENERATED");
            long ageSeconds = now - mtime;
            try {
                if (!generated.isBlank()) {
                    ageSeconds = Math.min(ageSeconds, now - Instant.parse(generated.trim()).getEpochSecond());
                }
            } catch (RuntimeException unreadable) {
                // the file's own time is all there is
            }
            List<String> rotators = new ArrayList<>(out.all("ROTATOR").stream().map(l -> l.rest(0)).toList());
            Instant today = Instant.now();
            Map<String, SecretFingerprints.Seen> history = run.secretHistory();
            StringBuilder text = new StringBuilder("Rotation of the secrets in /etc/openclaw/secrets.env\n\n");
            out.lines().forEach(l -> text.append(l.text()).append('\n'));
            text.append("\nper secret, from the run history's fingerprints (keyed HMAC, never the value):\n");
            long fingerprintDays = -1;
            String oldestSince = null;
            for (SecretFingerprints.Seen seen : history.values()) {
                String line;
                if (seen.rotated()) {
                    line = "changed since the run of " + seen.rotatedAfter().get() + " (rotated)";
                    rotators.add("the value of " + seen.name() + " changed since the run of " + seen.rotatedAfter().get() + " (its fingerprint differs)");
                } else if (seen.known()) {
                    line = "unchanged since " + seen.since() + " (" + seen.unchangedDays(today) + " days)";
                    long days = seen.unchangedDays(today);
                    if (fingerprintDays < 0 || days < fingerprintDays) {
                        fingerprintDays = days;
                        oldestSince = seen.since().toString();
                    }
                } else {
                    line = "first seen by this run";
                }
                text.append(String.format("  %-28s %s%n", seen.name(), line));
            }
            if (history.isEmpty()) {
                text.append("  (no secret values learned)\n");
            }
            long headerDays = ageSeconds < 0 ? -1 : ageSeconds / 86_400;
            long ageDays = Math.max(headerDays, fingerprintDays);
            String basis = fingerprintDays >= 0 && fingerprintDays >= headerDays
                    ? "every value unchanged since " + oldestSince + " by the run history's fingerprints (the file's header says " + blankAsNone(generated) + ")"
                    : "the file's header and time (" + blankAsNone(generated) + ")" + (fingerprintDays >= 0
                    ? "; the run history's fingerprints reach back " + fingerprintDays + " days" : "; no earlier run has fingerprints of these values");
            text.append("\nage: ").append(ageDays).append(" days from ").append(basis).append(" (threshold ").append(maxAgeDays(run)).append(" days)\n");
            EvidenceStore.Evidence evidence = run.evidence().write("N-SECRETS-ROTATION", "rotation.txt", text.toString());
            return new Rotation(ageDays, generated, rotators, basis, evidence.relativePath());
        });
    }

    private static String blankAsNone(String text) {
        return text == null || text.isBlank() ? "no Generated: line" : "Generated: " + text.trim();
    }

    static long maxAgeDays(AttackRun run) {
        return run.settings().rotationMaxAgeDays();
    }

    static Observation notRotated(AttackRun run) {
        Rotation r = rotation(run);
        String subject = "the secrets in secrets.env";
        if (!r.rotators().isEmpty()) {
            return Observation.blocked(subject, "something rotates them: " + String.join("; ", r.rotators()));
        }
        if (r.ageDays() < 0) {
            return Observation.couldNotRun(subject, Reason.PROBE_ERROR, "cannot tell their age");
        }
        if (r.ageDays() < maxAgeDays(run)) {
            return Observation.couldNotRun(subject, Reason.PRECONDITION_UNMET, r.ageDays() + " days old (" + r.basis() + "): too recent to tell"
                    + " rotation from a recent setup (threshold " + maxAgeDays(run) + " days, -Dgjallarhorn.rotation.maxAgeDays)");
        }
        return Observation.succeeded(subject, r.ageDays() + " days old (" + r.basis() + ") and nothing rotates them");
    }

    public static ClaimEvaluation rotation(AttackRun run, String claim) {
        Rotation r = rotation(run);
        List<PartEvaluation> parts = List.of(PartEvaluation.claim("the secrets are old and nothing rotates them",
                Prediction.forClaim(run.claim(claim)), List.of(notRotated(run))));
        return new ClaimEvaluation(claim, parts, notRotated(run).detail(), List.of(r.evidence()), Instant.now(), Duration.ZERO);
    }

    public static ClaimEvaluation botToken(AttackRun run) {
        String claim = "T-010";
        Instant started = Instant.now();
        SecretLeakScenario.Findings leaks = SecretLeakScenario.findings(run);
        DockerSandboxScenario.Findings sandbox = DockerSandboxScenario.findings(run);
        List<Observation> elsewhere = new ArrayList<>();
        List<Observation> readers = new ArrayList<>();
        if (leaks.notRun() != null) {
            elsewhere.add(Observation.couldNotRun("the bot token", Reason.PRECONDITION_UNMET, leaks.notRun()));
            readers.add(Observation.couldNotRun("the bot token", Reason.PRECONDITION_UNMET, leaks.notRun()));
        } else {
            leaks.hits().stream().filter(h -> h.secret().equals(TOKEN)).forEach(h -> elsewhere.add(Observation.succeeded(
                    h.where(), "the token is there too (" + h.encoding() + ", " + h.place() + ")")));
            if (elsewhere.isEmpty() && leaks.searched().isEmpty()) {
                elsewhere.add(Observation.couldNotRun("the bot token", Reason.PROBE_ERROR, "the search reported no place it looked"));
            } else if (elsewhere.isEmpty() && !leaks.cut().isEmpty()) {
                elsewhere.add(Observation.couldNotRun("the bot token", Reason.TIMEOUT, "no copy found, but the search was cut short in "
                        + String.join(", ", leaks.cut().keySet()) + " (-Dgjallarhorn.secrets.budgetSeconds)"));
            } else if (elsewhere.isEmpty()) {
                elsewhere.add(Observation.blocked("the bot token", "only in /etc/openclaw/secrets.env (searched: "
                        + String.join(", ", leaks.searched().keySet()) + ")"));
            }
            readers.addAll(SecretLeakScenario.reads(leaks.exposure(), "READ", "nobody", "/etc/openclaw/secrets.env"));
            leaks.exposure().all("ENVIRON").stream().filter(l -> l.word(0).equals("nobody")).forEach(l -> readers.add(
                    l.word(1).equals("ok") ? Observation.succeeded("the gateway's environment as nobody", "readable")
                            : Observation.blocked("the gateway's environment as nobody", "denied")));
        }
        readers.add(DockerSandboxScenario.secretsInside(run, sandbox, Set.of(TOKEN)));
        List<Observation> writers = leaks.notRun() != null ? List.of()
                : SecretLeakScenario.reads(leaks.exposure(), "WRITE", leaks.exposure().value("SERVICE"), "/etc/openclaw/secrets.env");
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim("env-only: the token is in secrets.env and nowhere else",
                        Prediction.forPart(run.claim(claim), "env-only", Outcome.BLOCKED), elsewhere),
                PartEvaluation.claim("no one but the gateway reads it (an unrelated user, the sandbox container)",
                        Prediction.forPart(run.claim(claim), "env-only", Outcome.BLOCKED), readers),
                PartEvaluation.claim("not rotated: it is old and nothing rotates it",
                        Prediction.forPart(run.claim(claim), "rotated", Outcome.BLOCKED), List.of(notRotated(run))),
                PartEvaluation.note("the service identity can replace the token", Outcome.SUCCEEDED, writers));
        List<Path> evidence = new ArrayList<>();
        if (leaks.evidence() != null) {
            evidence.add(leaks.evidence());
        }
        evidence.add(rotation(run).evidence());
        long exposed = parts.subList(0, 2).stream().flatMap(p -> p.observations().stream()).filter(o -> o.outcome() == Outcome.SUCCEEDED).count();
        String observed = (exposed == 0 ? "the token is only in secrets.env and only the gateway reads it"
                : exposed + " way(s) to the token besides the gateway's environment") + "; " + notRotated(run).detail();
        return new ClaimEvaluation(claim, parts, observed, evidence, started, Duration.between(started, Instant.now()));
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
