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
import java.util.stream.Collectors;

/**
 * Everything a run is told through {@code -Dgjallarhorn.*} properties (the list is {@link Setting}), parsed once
 * into typed groups. Reading them validates all of them first ({@link SettingsCheck}): a value that cannot be used,
 * an unknown name or an empty target stops the run with one line (exit USAGE) before anything is started. Absent
 * means the default, which only {@link Setting} spells.
 *
 * @param target          the target as the user spelled it (trimmed): {@code twin}, {@code twin:PROFILE[+FAULT,…]},
 *                        {@code ssh://user@host:port} or {@code lima:NAME}; what reports print
 * @param targetSpec      that spelling parsed: the one place the target's kind is read from
 * @param ssh             how an SSH target is reached and its host key pinned
 * @param canaries        where the canaries listen and how the target reaches them (defaults follow the target kind)
 * @param lima            whether a missing Lima instance is created, and from which template
 * @param invasive        allows steps that change a real target (restarting services, disabling a layer);
 *                        always on for a twin this run started
 * @param allowUnidentified attack a host that does not identify as a Bilrost sandbox
 * @param reports         where the reports go
 * @param threatModel     the threat model to judge
 * @param baseline        a verdicts.json to compare with (default: the run history's last decided verdict per claim)
 * @param claims          the claims the user narrowed the run to ({@code -Dgjallarhorn.claims}); empty = all
 * @param exitRules       what fails the run besides harness errors
 * @param agentChannel    whether the agent channel may be driven, and which API failures it provokes
 * @param secrets         the secrets attacks' limits
 * @param concurrency     attack classes side by side (1: one after the other)
 * @param timeouts        upper bounds for reaching the target, one command and one egress attempt
 * @param invocation      the Maven invocation the reports must come from (set by {@code -Pattack}), if any
 * @param home            the gjallarhorn checkout (absolute)
 * @param syncGate        Bilrost's sync gate on this host, to drive the real gate from here
 * @param egressSeed      the egress attack's sample seed to repeat, if given (a fresh one is drawn otherwise)
 * @param state           this host's gjallarhorn state directory (twins, caches, the secret fingerprint key)
 */
public record RunSettings(String target, TargetSpec targetSpec, SshAccess ssh, CanaryAddresses canaries, LimaCreation lima,
                          boolean invasive, boolean allowUnidentified, Path reports, Path threatModel, Optional<Path> baseline,
                          Set<String> claims, ExitRules exitRules, AgentChannelSettings agentChannel, SecretsLimits secrets,
                          int concurrency, Timeouts timeouts, Optional<String> invocation, Path home, SyncGateSettings syncGate,
                          Optional<Long> egressSeed, Path state) {

    /**
     * @param identity           private key for an {@code ssh:} target ({@code lima:} reads it from ssh.config)
     * @param knownHosts         known_hosts file that pins the host key
     * @param hostKeyFingerprint the pinned host key, {@code SHA256:…}
     */
    public record SshAccess(Optional<Path> identity, Optional<Path> knownHosts, Optional<String> hostKeyFingerprint) {
    }

    /**
     * @param address this host as the target sees it (where canaries are reached); needed for {@code ssh:}
     * @param bind    the local address the canaries listen on
     */
    public record CanaryAddresses(Optional<String> address, Optional<String> bind) {
    }

    /** @param create create a missing instance from {@code template} (an absolute path) */
    public record LimaCreation(boolean create, Path template) {
    }

    /**
     * @param strict             also fail on STALE and INCONCLUSIVE claims
     * @param failOn             which contradicted claims fail the run
     * @param inconclusiveBudget runs in a row a claim may stay INCONCLUSIVE before the gate fails (at least 1)
     */
    public record ExitRules(boolean strict, FailOn failOn, int inconclusiveBudget) {
    }

    /**
     * @param enabled  whether the agent channel may be driven ({@code -Dgjallarhorn.agentChannel=false} turns it off)
     * @param failures which API failures it provokes
     */
    public record AgentChannelSettings(boolean enabled, FailurePhases failures) {
    }

    /**
     * @param budget             how long the secrets-at-rest search may take in all (whole seconds)
     * @param rotationMaxAgeDays secrets older than this many days count as not rotated
     */
    public record SecretsLimits(Duration budget, int rotationMaxAgeDays) {
    }

    /**
     * @param connect upper bound for reaching the target
     * @param command upper bound for one command on the target
     * @param probe   upper bound for one egress attempt, from the start of its client process
     */
    public record Timeouts(Duration connect, Duration command, Duration discovery, Duration probe) {
    }

    /**
     * @param script Bilrost's {@code scripts/sync-gate.sh} on this host, if given
     * @param path   directories put before PATH for that gate, in order
     */
    public record SyncGateSettings(Optional<Path> script, List<Path> path) {
        public SyncGateSettings {
            path = List.copyOf(path);
        }
    }

    public RunSettings {
        claims = Set.copyOf(claims);
    }

    public static RunSettings fromSystemProperties() {
        return from(System.getProperties());
    }

    /** Validates every property, then reads them; throws a one-line {@link dev.gjallarhorn.HarnessError} (USAGE) on the first problem. */
    public static RunSettings from(Properties p) {
        SettingsCheck.require(p);
        Path home = home(p);
        String target = text(p, Setting.TARGET).orElse(Setting.TARGET.fallback().orElseThrow());
        return new RunSettings(target, TargetSpec.parse(target),
                new SshAccess(path(p, Setting.SSH_IDENTITY), path(p, Setting.SSH_KNOWN_HOSTS), text(p, Setting.SSH_HOST_KEY)),
                new CanaryAddresses(text(p, Setting.CANARY_ADDRESS), text(p, Setting.CANARY_BIND)),
                new LimaCreation(flag(p, Setting.LIMA_CREATE), underHome(p, Setting.LIMA_TEMPLATE, home)),
                flag(p, Setting.INVASIVE),
                flag(p, Setting.ALLOW_UNIDENTIFIED),
                underHome(p, Setting.REPORTS, home),
                underHome(p, Setting.THREAT_MODEL, home),
                path(p, Setting.BASELINE),
                claims(p),
                new ExitRules(flag(p, Setting.STRICT), FailOn.of(textOrDefault(p, Setting.FAIL_ON)), count(p, Setting.INCONCLUSIVE_BUDGET)),
                new AgentChannelSettings(flag(p, Setting.AGENT_CHANNEL), FailurePhases.parse(textOrDefault(p, Setting.AGENT_FAILURES)).orElseThrow()),
                new SecretsLimits(Duration.ofSeconds(count(p, Setting.SECRETS_BUDGET)), count(p, Setting.ROTATION_MAX_AGE_DAYS)),
                count(p, Setting.CONCURRENCY),
                new Timeouts(duration(p, Setting.TIMEOUT_CONNECT), duration(p, Setting.TIMEOUT_COMMAND), duration(p, Setting.TIMEOUT_DISCOVERY),
                        duration(p, Setting.TIMEOUT_PROBE)),
                text(p, Setting.INVOCATION),
                home,
                new SyncGateSettings(path(p, Setting.SYNC_GATE_SCRIPT), text(p, Setting.SYNC_GATE_PATH)
                        .map(v -> Arrays.stream(v.split(":")).filter(s -> !s.isBlank()).map(Path::of).toList()).orElse(List.of())),
                text(p, Setting.EGRESS_SEED).map(Long::parseLong),
                path(p, Setting.STATE).orElseGet(() -> SettingsCheck.path(Setting.STATE.fallback().orElseThrow())));
    }

    /** Upper bound for reaching the target: {@code timeouts().connect()}. */
    public Duration connectTimeout() {
        return timeouts.connect();
    }

    /** Upper bound for one command on the target: {@code timeouts().command()}. */
    public Duration commandTimeout() {
        return timeouts.command();
    }

    /** Upper bound for one discovery script of the surface: {@code timeouts().discovery()}. */
    public Duration discoveryTimeout() {
        return timeouts.discovery();
    }

    /** Upper bound for one egress attempt: {@code timeouts().probe()}. */
    public Duration probeTimeout() {
        return timeouts.probe();
    }

    /** {@code exitRules().strict()}. */
    public boolean strict() {
        return exitRules.strict();
    }

    /** {@code exitRules().failOn()}. */
    public FailOn failOn() {
        return exitRules.failOn();
    }

    /** {@code canaries().address()}. */
    public Optional<String> canaryAddress() {
        return canaries.address();
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

    /** A flag as settings read it: absent is its default, the name alone or {@code true} (any case, any spaces) is true. */
    public static boolean flagOf(Properties p, Setting setting) {
        return flag(p, setting);
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

    private static Set<String> claims(Properties p) {
        return text(p, Setting.CLAIMS).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new))).map(s -> (Set<String>) s).orElse(Set.of());
    }

    private static Optional<String> text(Properties p, Setting setting) {
        String value = p.getProperty(setting.key());
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static String textOrDefault(Properties p, Setting setting) {
        return text(p, setting).orElse(setting.fallback().orElseThrow());
    }

    private static Optional<Path> path(Properties p, Setting setting) {
        return text(p, setting).map(SettingsCheck::path);
    }

    private static boolean flag(Properties p, Setting setting) {
        String value = p.getProperty(setting.key());
        if (value == null) {
            return Boolean.parseBoolean(setting.fallback().orElse("false"));
        }
        return value.isBlank() || Boolean.parseBoolean(value.trim()); // -Dflag alone means true
    }

    private static int count(Properties p, Setting setting) {
        return SettingsCheck.count(textOrDefault(p, setting));
    }

    private static Duration duration(Properties p, Setting setting) {
        return SettingsCheck.duration(textOrDefault(p, setting)).orElseThrow();
    }
}
