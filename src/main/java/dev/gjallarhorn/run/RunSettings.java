package dev.gjallarhorn.run;

import dev.gjallarhorn.target.BadTargetSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * Everything a run is told through {@code -Dgjallarhorn.*} properties. Unset means the documented default.
 *
 * @param target          {@code twin}, {@code twin:PROFILE[+FAULT,…]}, {@code ssh://user@host:port} or {@code lima:NAME}
 * @param canaryAddress   this host as the target sees it (where canaries are reached); needed for {@code ssh:}
 * @param canaryBind      the local address the canaries listen on (defaults follow the target kind)
 * @param baseline        the verdicts.json to compare with (default: the previous run's, kept in reports/baseline/)
 * @param invasive        allows steps that change a real target (restarting services, disabling a layer);
 *                        always on for a twin this run started
 */
public record RunSettings(String target, Optional<Path> identity, Optional<Path> knownHosts, Optional<String> hostKeyFingerprint,
                          Optional<String> canaryAddress, Optional<String> canaryBind, boolean limaCreate, Path limaTemplate,
                          Path reports, Path threatModel, Optional<Path> baseline, boolean invasive, boolean allowUnidentified,
                          boolean strict, Duration connectTimeout, Duration commandTimeout, Duration probeTimeout, Path home) {

    public static RunSettings fromSystemProperties() {
        return from(System.getProperties());
    }

    public static RunSettings from(Properties p) {
        Path home = Path.of(p.getProperty("gjallarhorn.home", "")).toAbsolutePath();
        return new RunSettings(
                p.getProperty("gjallarhorn.target", "twin").trim(),
                path(p, "gjallarhorn.ssh.identity"),
                path(p, "gjallarhorn.ssh.knownHosts"),
                text(p, "gjallarhorn.ssh.hostKeyFingerprint"),
                text(p, "gjallarhorn.canary.address"),
                text(p, "gjallarhorn.canary.bind"),
                flag(p, "gjallarhorn.lima.create"),
                path(p, "gjallarhorn.lima.template").orElse(home.resolve("lima/bilrost-twin.yaml")),
                path(p, "gjallarhorn.reports").orElse(home.resolve("reports")),
                path(p, "gjallarhorn.threatModel").orElse(home.resolve("scenarios/bilrost-threat-model.md")),
                path(p, "gjallarhorn.baseline"),
                flag(p, "gjallarhorn.invasive"),
                flag(p, "gjallarhorn.allowUnidentified"),
                flag(p, "gjallarhorn.strict"),
                seconds(p, "gjallarhorn.timeout.connect", 15),
                seconds(p, "gjallarhorn.timeout.command", 60),
                seconds(p, "gjallarhorn.timeout.probe", 3),
                home);
    }

    private static Optional<String> text(Properties p, String key) {
        String value = p.getProperty(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static Optional<Path> path(Properties p, String key) {
        return text(p, key).map(v -> v.startsWith("~/") ? Path.of(System.getProperty("user.home"), v.substring(2)) : Path.of(v))
                .map(Path::toAbsolutePath);
    }

    private static boolean flag(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            return false;
        }
        return value.isBlank() || Boolean.parseBoolean(value.trim()); // -Dflag alone means true
    }

    private static Duration seconds(Properties p, String key, int fallback) {
        String value = p.getProperty(key);
        try {
            return Duration.ofSeconds(value == null || value.isBlank() ? fallback : Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw new BadTargetSpec(key + " must be a number of seconds, not '" + value + "'");
        }
    }
}
