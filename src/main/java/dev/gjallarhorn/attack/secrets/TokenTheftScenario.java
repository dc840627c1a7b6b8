package dev.gjallarhorn.attack.secrets;

import dev.gjallarhorn.attack.containment.DockerSandboxScenario;
import dev.gjallarhorn.probe.ScriptOutput;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.evidence.EvidenceStore;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.RemoteScript;
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
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Telegram bot token: where it sits besides {@code secrets.env}, who can read it (an unrelated user, the sandbox
 * container) and who can change it (the service identity), and whether anything ever rotates it. Judges {@code T-010}
 * ("Partial (env-only, not rotated)") and {@code N-SECRETS-ROTATION}.
 *
 * <p>"Set once, never rotated" is decided by what on the target can rotate the secrets: systemd timers and path
 * units, cron and at jobs whose unit, line or the script they run names the secrets file or rotates keys
 * ({@code rotation.sh}); by the file's values, watched from the run's first read for a change ({@link SecretsWatch},
 * up to twice the shortest period a rotator or a running service that names the file suggests); and by the run
 * history's fingerprints
 * ({@link dev.gjallarhorn.run.SecretFingerprints}), which survive re-provisioning: a value whose fingerprint changed
 * since an earlier run was rotated; a mechanism under which every value stayed unchanged for longer than
 * {@code -Dgjallarhorn.rotation.maxAgeDays} (default 90) does not rotate them. The file's {@code # Generated:}
 * header and time, which Bilrost rewrites at every provisioning, are evidence of age, never the decider.
 */
public final class TokenTheftScenario {

    static final String TOKEN = "TELEGRAM_BOT_TOKEN";
    static final String SECRETS_FILE = "/etc/openclaw/secrets.env";
    private static final RemoteScript ROTATION = RemoteScript.load(TokenTheftScenario.class, "rotation.sh");

    /**
     * What rotation.sh and the run history showed.
     *
     * @param notRun       why nothing can be said (the script failed, ran into its bound, or the file is missing)
     * @param ageDays      how long the values have been unchanged (the longer of header and fingerprints), -1 if unknown
     * @param rotators     timers and cron jobs that can rotate the secrets, with the line that says so
     * @param rotated      secrets whose fingerprint changed since an earlier run
     * @param unchangedDays how long every value has been unchanged by the fingerprints, -1 without an earlier run
     * @param searched     what was looked through, e.g. "12 timers, 7 cron files"
     * @param basis        where the age comes from, e.g. "unchanged since 2026-05-01 by the run history's fingerprints"
     */
    public record Rotation(Optional<Observation> notRun, long ageDays, String generated, List<String> rotators, List<String> rotated,
                           long unchangedDays, String searched, String basis, Path evidence, List<String> candidates,
                           Optional<Duration> shortestPeriod, SecretsWatch watch) {

        Rotation with(Path evidence, SecretsWatch watch) {
            return new Rotation(notRun, ageDays, generated, rotators, rotated, unchangedDays, searched, basis, evidence, candidates,
                    shortestPeriod, watch);
        }
    }

    private TokenTheftScenario() {
    }

    static Rotation rotation(AttackContext run) {
        return run.observeOnce(Rotation.class, () -> {
            CommandResult result = run.target().run(Cmd.script(ROTATION).asRoot(), run.settings().commandTimeout());
            StringBuilder text = new StringBuilder("Rotation of the secrets in " + SECRETS_FILE + "\n" + result.describe() + "\n\n");
            Rotation r = read(ScriptOutput.of(result), run.secretHistory(), Instant.now(), maxAgeDays(run), text);
            // watched up to twice the shortest period anything suggests (a rotation is then due at least once), within a bound
            Duration cap = run.settings().commandTimeout().multipliedBy(5);
            Duration until = r.shortestPeriod().map(p -> p.multipliedBy(2)).map(d -> d.compareTo(cap) > 0 ? cap : d).orElse(Duration.ZERO);
            SecretsWatch watch = SecretsWatch.watch(run, until);
            text.append("\nwatch of the values (against the run's first read, up to ").append(until.toSeconds()).append(" s after it): ")
                    .append(watch.notRun().orElse(watch.changed().isEmpty() ? "no value changed within " + watch.watched().toSeconds() + " s"
                            : String.join("; ", watch.changed()))).append('\n');
            EvidenceStore.Evidence evidence = run.evidence().write("N-SECRETS-ROTATION", "rotation.txt", text.toString());
            return r.with(evidence.relativePath(), watch);
        });
    }

    /**
     * Reads rotation.sh's output and the run history's fingerprints into a {@link Rotation} (evidence path null),
     * appending what it read to {@code text}.
     */
    static Rotation read(ScriptOutput out, Map<String, SecretFingerprints.Seen> history, Instant today, long maxAgeDays, StringBuilder text) {
        out.lines().forEach(l -> text.append(l.text()).append('\n'));
        Optional<Observation> notRun = notRun(out);
        long now = parseLong(out.value("NOW"));
        long mtime = out.all("MTIME").isEmpty() ? -1 : parseLong(out.value("MTIME"));
        String generated = out.value("GENERATED");
        long headerSeconds = mtime < 0 || now < 0 ? -1 : now - mtime;
        try {
            if (!generated.isBlank()) {
                long fromHeader = now - Instant.parse(generated.trim()).getEpochSecond();
                headerSeconds = headerSeconds < 0 ? fromHeader : Math.min(headerSeconds, fromHeader);
            }
        } catch (RuntimeException unreadable) {
            // the file's own time is all there is
        }
        List<String> rotators = out.all("ROTATOR").stream().map(l -> l.rest(0).strip()).toList();
        List<String> candidates = out.all("CANDIDATE").stream().map(l -> l.rest(0).strip()).toList();
        Optional<Duration> shortestPeriod = out.all("PERIOD").stream().map(l -> parseLong(l.word(0))).filter(n -> n > 0)
                .min(Long::compare).map(Duration::ofSeconds);
        List<String> rotated = new ArrayList<>();
        text.append("\nper secret, from the run history's fingerprints (keyed HMAC, never the value):\n");
        long fingerprintDays = -1;
        String oldestSince = null;
        for (SecretFingerprints.Seen seen : history.values()) {
            String line;
            if (seen.rotated()) {
                line = "changed since the run of " + seen.rotatedAfter().get() + " (rotated)";
                rotated.add("the value of " + seen.name() + " changed since the run of " + seen.rotatedAfter().get() + " (its fingerprint differs)");
            } else if (seen.known()) {
                long days = seen.unchangedDays(today);
                line = "unchanged since " + seen.since() + " (" + days + " days)";
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
        long headerDays = headerSeconds < 0 ? -1 : headerSeconds / 86_400;
        long ageDays = Math.max(headerDays, fingerprintDays);
        String basis = fingerprintDays >= 0 && fingerprintDays >= headerDays
                ? "every value unchanged since " + oldestSince + " by the run history's fingerprints (the file's header says " + blankAsNone(generated) + ")"
                : "the file's header and time (" + blankAsNone(generated) + ")" + (fingerprintDays >= 0
                ? "; the run history's fingerprints reach back " + fingerprintDays + " days" : "; no earlier run has fingerprints of these values");
        String searched = out.all("SEARCHED").stream().map(l -> l.word(1) + " " + l.word(0)).collect(Collectors.joining(", "));
        text.append("\nlooked through: ").append(searched.isEmpty() ? "nothing" : searched).append('\n');
        text.append("age: ").append(ageDays).append(" days from ").append(basis).append(" (threshold ").append(maxAgeDays)
                .append(" days, for a mechanism under which nothing changed)\n");
        return new Rotation(notRun, ageDays, generated, rotators, rotated, fingerprintDays, searched, basis, null, candidates, shortestPeriod,
                null);
    }

    /** Why rotation.sh's output says nothing: it did not run to its end, a kind of place could not be searched, or there is no secrets file. */
    static Optional<Observation> notRun(ScriptOutput out) {
        String subject = "the secrets in secrets.env";
        if (out.result().timedOut()) {
            return Optional.of(Observation.couldNotRun(subject, Reason.TIMEOUT, "rotation.sh ran into its bound (" + out.result().describe() + ")"));
        }
        if (!out.result().succeeded() || out.all("DONE").isEmpty() || out.all("FILE").isEmpty()) {
            return Optional.of(Observation.couldNotRun(subject, Reason.PROBE_ERROR, "rotation.sh did not run to its end ("
                    + out.result().describe() + (out.result().stderr().isBlank() ? "" : ": " + out.result().stderr().strip().lines().findFirst().orElse(""))
                    + "): what could rotate the secrets is unknown"));
        }
        if (out.value("FILE").startsWith("missing")) {
            return Optional.of(Observation.couldNotRun(subject, Reason.PRECONDITION_UNMET, out.value("FILE").substring("missing".length()).strip()
                    + " does not exist: there are no secrets to rotate or to find old"));
        }
        if (!out.all("UNREAD").isEmpty() && out.all("ROTATOR").isEmpty()) {
            return Optional.of(Observation.couldNotRun(subject, Reason.PROBE_ERROR, "could not look through "
                    + out.all("UNREAD").stream().map(l -> l.rest(0)).collect(Collectors.joining("; ")) + ": a rotation mechanism there is unknown"));
        }
        return Optional.empty();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static String blankAsNone(String text) {
        return text == null || text.isBlank() ? "no Generated: line" : "Generated: " + text.trim();
    }

    static long maxAgeDays(AttackContext run) {
        return run.settings().secrets().rotationMaxAgeDays();
    }

    static Observation notRotated(AttackContext run) {
        return notRotated(rotation(run), maxAgeDays(run));
    }

    /**
     * "Set once, never rotated": SUCCEEDED when nothing on the target can rotate the secrets and no value changed
     * between runs, or when a mechanism is there but the fingerprints show every value unchanged for longer than
     * {@code maxAgeDays}; BLOCKED when a value changed or a mechanism can rotate them; COULD_NOT_RUN when the probe
     * could not tell.
     */
    static Observation notRotated(Rotation r, long maxAgeDays) {
        String subject = "the secrets in secrets.env";
        if (r.notRun().isPresent()) {
            return r.notRun().get();
        }
        String age = r.ageDays() < 0 ? "age unknown" : r.ageDays() + " days old (" + r.basis() + ")";
        if (r.watch() != null && !r.watch().changed().isEmpty()) {
            return Observation.blocked(subject, "rotated during this run: " + String.join("; ", r.watch().changed())
                    + (r.candidates().isEmpty() && r.rotators().isEmpty() ? "" : " (" + String.join("; ", concat(r.rotators(), r.candidates())) + ")"));
        }
        if (!r.rotated().isEmpty()) {
            return Observation.blocked(subject, "rotated: " + String.join("; ", r.rotated()) + "; " + age);
        }
        if (!r.rotators().isEmpty()) {
            if (r.unchangedDays() > maxAgeDays) {
                return Observation.succeeded(subject, "something could rotate them (" + String.join("; ", r.rotators()) + "), yet every value"
                        + " has been unchanged for " + r.unchangedDays() + " days, longer than " + maxAgeDays + ": it does not; " + age);
            }
            return Observation.blocked(subject, "something rotates them: " + String.join("; ", r.rotators()) + "; " + age);
        }
        if (!r.candidates().isEmpty() && (r.watch() == null || r.watch().notRun().isPresent())) {
            return Observation.couldNotRun(subject, Reason.PROBE_ERROR, "running services name the secrets file or a rotation ("
                    + String.join("; ", r.candidates()) + "), and whether they change its values could not be watched: "
                    + (r.watch() == null ? "no watch" : r.watch().notRun().get()));
        }
        if (!r.candidates().isEmpty() && (r.shortestPeriod().isEmpty() || r.watch().watched().compareTo(r.shortestPeriod().get().multipliedBy(2)) < 0)) {
            return Observation.couldNotRun(subject, Reason.TIMEOUT, "running services name the secrets file or a rotation ("
                    + String.join("; ", r.candidates()) + "); no value changed within the " + r.watch().watched().toSeconds() + " s watched, "
                    + r.shortestPeriod().map(p -> "less than twice the " + p.toSeconds() + " s they suggest").orElse("and they suggest no period"));
        }
        String watched = r.watch() == null ? "" : r.watch().notRun().map(w -> "; the values were not watched: " + w)
                .orElse("; no value changed within " + r.watch().watched().toSeconds() + " s of the run's first read"
                        + (r.candidates().isEmpty() ? "" : ", twice the shortest period (" + r.shortestPeriod().map(Duration::toSeconds).orElse(0L)
                        + " s) of what names the file: " + String.join("; ", r.candidates())));
        return Observation.succeeded(subject, "nothing on the target rotates them (looked through " + r.searched()
                + " for the secrets file and key rotation)" + watched + "; " + age);
    }

    public static ClaimEvaluation rotation(AttackContext run, String claim) {
        Rotation r = rotation(run);
        List<PartEvaluation> parts = List.of(PartEvaluation.claim("set once, never rotated: nothing rotates the secrets",
                Prediction.forClaim(run.claim(claim)), List.of(notRotated(run))));
        return new ClaimEvaluation(claim, parts, notRotated(run).detail(), List.of(r.evidence()), Instant.now(), Duration.ZERO);
    }

    public static ClaimEvaluation botToken(AttackContext run) {
        String claim = "T-010";
        Instant started = Instant.now();
        SecretSearch.SecretSearchFindings leaks = SecretLeakScenario.findings(run);
        DockerSandboxScenario.SandboxFindings sandbox = DockerSandboxScenario.findings(run);
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
            } else if (elsewhere.isEmpty() && !leaks.undecided().isEmpty()) {
                leaks.undecided().values().forEach(elsewhere::addAll);
            } else if (elsewhere.isEmpty() && !leaks.cut().isEmpty()) {
                elsewhere.add(Observation.couldNotRun("the bot token", Reason.TIMEOUT, "no copy found, but the search was cut short in "
                        + String.join(", ", leaks.cut().keySet()) + " (-Dgjallarhorn.secrets.budgetSeconds)"));
            } else if (elsewhere.isEmpty()) {
                elsewhere.add(Observation.blocked("the bot token", "only in /etc/openclaw/secrets.env (searched: "
                        + String.join(", ", leaks.searched().keySet()) + ")"));
            }
            readers.addAll(SecretExposure.reads(leaks.exposure(), "READ", "nobody", "/etc/openclaw/secrets.env"));
            readers.addAll(SecretExposure.environ(leaks.exposure(), "nobody"));
        }
        readers.add(DockerSandboxScenario.secretsInside(run, sandbox, Set.of(TOKEN)));
        List<Observation> writers = leaks.notRun() != null ? List.of()
                : SecretExposure.reads(leaks.exposure(), "WRITE", leaks.exposure().value("SERVICE"), "/etc/openclaw/secrets.env");
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
