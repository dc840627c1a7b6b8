package dev.gjallarhorn.run;

import dev.gjallarhorn.report.FailOn;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Everything a run is told through {@code -Dgjallarhorn.*} properties (the list is {@link Setting}). Reading
 * them validates all of them first ({@link SettingsCheck}): a value that cannot be used, an unknown name or an
 * empty target stops the run with one line (exit USAGE) before anything is started. Absent means the default.
 *
 * @param target          {@code twin}, {@code twin:PROFILE[+FAULT,…]}, {@code ssh://user@host:port} or {@code lima:NAME}
 * @param canaryAddress   this host as the target sees it (where canaries are reached); needed for {@code ssh:}
 * @param canaryBind      the local address the canaries listen on (defaults follow the target kind)
 * @param baseline        a verdicts.json to compare with (default: the run history's last decided verdict per claim)
 * @param claims          the claims the user narrowed the run to ({@code -Dgjallarhorn.claims}); empty = all
 * @param invasive        allows steps that change a real target (restarting services, disabling a layer);
 *                        always on for a twin this run started
 * @param agentChannel    whether the agent channel may be driven ({@code -Dgjallarhorn.agentChannel=false} turns it off)
 * @param concurrency     attack classes side by side (1: one after the other)
 * @param invocation      the Maven invocation the reports must come from (set by {@code -Pattack}), if any
 * @param syncGateScript  Bilrost's {@code scripts/sync-gate.sh} on this host, to drive the real gate from here
 * @param syncGatePath    directories put before PATH for that gate
 * @param egressSeed      the egress attack's sample seed to repeat, if given (a fresh one is drawn otherwise)
 * @param secretsBudget   how long the secrets-at-rest search may take in all
 * @param agentChannelFailures which API failures the agent channel provokes: {@code all}, {@code quick} or {@code off}
 * @param state           this host's gjallarhorn state directory (twins, caches, the secret fingerprint key)
 */
public record RunSettings(String target, Optional<Path> identity, Optional<Path> knownHosts, Optional<String> hostKeyFingerprint,
                          Optional<String> canaryAddress, Optional<String> canaryBind, boolean limaCreate, Path limaTemplate,
                          Path reports, Path threatModel, Optional<Path> baseline, Set<String> claims, boolean invasive,
                          boolean allowUnidentified, boolean strict, FailOn failOn, int inconclusiveBudget, boolean agentChannel,
                          int rotationMaxAgeDays, int concurrency, Duration connectTimeout, Duration commandTimeout, Duration probeTimeout,
                          Optional<String> invocation, Path home, Optional<Path> syncGateScript, List<Path> syncGatePath,
                          Optional<Long> egressSeed, Duration secretsBudget, String agentChannelFailures, Path state) {

    public RunSettings {
        claims = Set.copyOf(claims);
        syncGatePath = List.copyOf(syncGatePath);
    }

    public static RunSettings fromSystemProperties() {
        return from(System.getProperties());
    }

    /** Validates every property, then reads them; throws a one-line {@link dev.gjallarhorn.HarnessError} (USAGE) on the first problem. */
    public static RunSettings from(Properties p) {
        SettingsCheck.require(p);
        Path home = home(p);
        return new RunSettings(
                text(p, Setting.TARGET).orElse(Setting.TARGET.fallback().orElseThrow()),
                path(p, Setting.SSH_IDENTITY),
                path(p, Setting.SSH_KNOWN_HOSTS),
                text(p, Setting.SSH_HOST_KEY),
                text(p, Setting.CANARY_ADDRESS),
                text(p, Setting.CANARY_BIND),
                flag(p, Setting.LIMA_CREATE),
                underHome(p, Setting.LIMA_TEMPLATE, home),
                underHome(p, Setting.REPORTS, home),
                underHome(p, Setting.THREAT_MODEL, home),
                path(p, Setting.BASELINE),
                text(p, Setting.CLAIMS).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new))).map(s -> (Set<String>) s).orElse(Set.of()),
                flag(p, Setting.INVASIVE),
                flag(p, Setting.ALLOW_UNIDENTIFIED),
                flag(p, Setting.STRICT),
                FailOn.of(text(p, Setting.FAIL_ON).orElse(Setting.FAIL_ON.fallback().orElseThrow())),
                count(p, Setting.INCONCLUSIVE_BUDGET),
                flag(p, Setting.AGENT_CHANNEL),
                count(p, Setting.ROTATION_MAX_AGE_DAYS),
                count(p, Setting.CONCURRENCY),
                duration(p, Setting.TIMEOUT_CONNECT),
                duration(p, Setting.TIMEOUT_COMMAND),
                duration(p, Setting.TIMEOUT_PROBE),
                text(p, Setting.INVOCATION),
                home,
                path(p, Setting.SYNC_GATE_SCRIPT),
                text(p, Setting.SYNC_GATE_PATH).map(v -> Arrays.stream(v.split(":")).filter(s -> !s.isBlank()).map(Path::of).toList())
                        .orElse(List.of()),
                text(p, Setting.EGRESS_SEED).map(Long::parseLong),
                Duration.ofSeconds(count(p, Setting.SECRETS_BUDGET)),
                text(p, Setting.AGENT_FAILURES).map(v -> v.toLowerCase(java.util.Locale.ROOT)).map(v -> v.equals("false") ? "off" : v).orElse(Setting.AGENT_FAILURES.fallback().orElseThrow()),
                path(p, Setting.STATE).orElseGet(() -> SettingsCheck.path(Setting.STATE.fallback().orElseThrow())));
    }

    /** Where the reports go, read without validating anything else: for reporting that the settings themselves are bad. */
    public static Path reportsOf(Properties p) {
        String reports = p.getProperty(Setting.REPORTS.key());
        return reports == null || reports.isBlank() ? home(p).resolve(Setting.REPORTS.fallback().orElseThrow()) : SettingsCheck.path(reports);
    }

    /** Whether the user narrowed the run on purpose (a claim list or a STRIDE selection), so unselected claims are no lost coverage. */
    public static boolean narrowed(Properties p) {
        return p.getProperty(Setting.CLAIMS.key()) != null || p.getProperty("groups") != null || p.getProperty("excludedGroups") != null
                || p.getProperty("it.test") != null;
    }

    /** {@code gjallarhorn.home} as given, or the working directory (its default {@code .}, without a trailing dot). */
    private static Path home(Properties p) {
        String home = p.getProperty(Setting.HOME.key());
        return home == null ? Path.of(Setting.HOME.fallback().orElseThrow()).toAbsolutePath().normalize() : Path.of(home).toAbsolutePath();
    }

    /** A path setting, or its default (a path relative to the checkout) resolved against {@code home}. */
    private static Path underHome(Properties p, Setting setting, Path home) {
        return path(p, setting).orElseGet(() -> home.resolve(setting.fallback().orElseThrow()));
    }

    private static Optional<String> text(Properties p, Setting setting) {
        String value = p.getProperty(setting.key());
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static Optional<Path> path(Properties p, Setting setting) {
        return text(p, setting).map(SettingsCheck::path);
    }

    /** A flag as settings read it: absent is its default, the name alone or {@code true} (any case, any spaces) is true. */
    public static boolean flagOf(Properties p, Setting setting) {
        return flag(p, setting);
    }

    private static boolean flag(Properties p, Setting setting) {
        String value = p.getProperty(setting.key());
        if (value == null) {
            return Boolean.parseBoolean(setting.fallback().orElse("false"));
        }
        return value.isBlank() || Boolean.parseBoolean(value.trim()); // -Dflag alone means true
    }

    private static int count(Properties p, Setting setting) {
        return SettingsCheck.count(text(p, setting).orElse(setting.fallback().orElseThrow()));
    }

    private static Duration duration(Properties p, Setting setting) {
        return SettingsCheck.duration(text(p, setting).orElse(setting.fallback().orElseThrow())).orElseThrow();
    }
}
