package dev.gjallarhorn.run;

import dev.gjallarhorn.HarnessError;
import dev.gjallarhorn.claims.Stride;
import dev.gjallarhorn.twin.TwinSources;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Validates every setting of a run before anything heavy happens (no container, connection or install): each
 * {@code gjallarhorn.*} property against its {@link Setting.Form}, names that are not settings at all (with a
 * did-you-mean), and the attack suite's {@code groups}/{@code excludedGroups} against the STRIDE tags. Each
 * problem is one line that names the property, what it holds and the accepted form.
 */
public final class SettingsCheck {

    private static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}=?");
    private static final Pattern CLAIM_ID = Pattern.compile("[A-Z]{1,6}-[A-Z0-9-]+");
    private static final Pattern ADDRESS = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Set<String> SELECTION = Set.of("groups", "excludedGroups");

    private SettingsCheck() {
    }

    /** Throws one {@link HarnessError} (exit USAGE) naming the first problem and how many more there are. */
    public static void require(Properties properties) {
        List<String> problems = problems(properties);
        if (!problems.isEmpty()) {
            throw new HarnessError(dev.gjallarhorn.ExitCode.USAGE, problems.get(0)
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more: " + String.join("; ", problems.subList(1, problems.size())) + ")" : ""));
        }
    }

    /** Every problem with the given properties, one line each; empty when all of them can be used. */
    public static List<String> problems(Properties properties) {
        List<String> problems = new ArrayList<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            String value = properties.getProperty(key);
            if (key.startsWith("gjallarhorn.")) {
                Setting.byKey(key).ifPresentOrElse(
                        setting -> problem(setting, value).ifPresent(problems::add),
                        () -> problems.add("unknown setting " + key + didYouMean(key) + "; the settings are listed by: java -jar target/gjallarhorn.jar settings"));
            } else if (SELECTION.contains(key)) {
                problems.addAll(unknownTags(key, value));
            }
        }
        return problems;
    }

    private static java.util.Optional<String> problem(Setting setting, String raw) {
        String value = raw == null ? "" : raw.trim();
        String key = setting.key();
        if (value.isEmpty() && setting.form() != Setting.Form.FLAG) {
            return java.util.Optional.of(key + " is empty; give " + setting.form().accepted()
                    + (setting.fallback().isPresent() ? ", or leave the property out for the default (" + setting.fallback().get() + ")" : ", or leave the property out"));
        }
        String bad = switch (setting.form()) {
            case TARGET -> targetProblem(value);
            case FILE -> Files.isRegularFile(path(value)) ? null : "no such file: " + path(value);
            case DIRECTORY -> Files.exists(path(value)) && !Files.isDirectory(path(value)) ? "not a directory: " + path(value) : null;
            case FINGERPRINT -> FINGERPRINT.matcher(value).matches() ? null : "'" + value + "' is not a host key fingerprint";
            case ADDRESS -> isAddressLiteral(value) ? null : "'" + value + "' is not an address literal";
            case FLAG -> value.isEmpty() || value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false") ? null : "'" + value + "' is neither true nor false";
            case FAIL_ON -> value.equalsIgnoreCase("contradicted") || value.equalsIgnoreCase("regressions") ? null : "'" + value + "' is not a policy";
            case FAILURE_PHASES -> FailurePhases.parse(value).isPresent() ? null : "'" + value + "' is not a choice of failure phases";
            case COUNT -> count(value) > 0 ? null : "'" + value + "' is not a whole number of at least 1";
            case NUMBER -> value.matches("-?\\d{1,19}") ? null : "'" + value + "' is not a whole number";
            case DURATION -> duration(value).isPresent() ? null : "'" + value + "' is not a positive duration";
            case CLAIM_IDS -> claimIdsProblem(value);
            case TEXT -> null;
        };
        return bad == null ? java.util.Optional.empty() : java.util.Optional.of(key + ": " + bad + " (accepted: " + setting.form().accepted() + ")");
    }

    private static String targetProblem(String value) {
        try {
            TargetSpec spec = TargetSpec.parse(value);
            if (spec instanceof TargetSpec.Twin twin && !twin.spec().faults().isEmpty()) {
                TwinSources.locate().validate(twin.spec());
            }
            return null;
        } catch (HarnessError e) {
            return e.getMessage();
        }
    }

    private static String claimIdsProblem(String value) {
        List<String> bad = Arrays.stream(value.split(",")).map(String::trim).filter(id -> !CLAIM_ID.matcher(id).matches()).toList();
        return bad.isEmpty() ? null : "'" + String.join("', '", bad) + "' is not a claim id";
    }

    private static boolean isAddressLiteral(String value) {
        if (!ADDRESS.matcher(value).matches()) {
            return false; // never a name: resolving one would already send traffic somewhere
        }
        try {
            InetAddress.getByName(value);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** {@code -Dgroups=…}: every tag named in the JUnit tag expression must be a STRIDE tag of the attack suite. */
    static List<String> unknownTags(String key, String expression) {
        Set<String> known = Arrays.stream(Stride.values()).map(Stride::tag).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        List<String> problems = new ArrayList<>();
        String text = expression == null ? "" : expression.trim();
        if (text.isEmpty()) {
            problems.add(key + " is empty; name one or more of: " + String.join(", ", known) + ", or leave it out to run every attack");
            return problems;
        }
        for (String token : text.split("[\\s,|&!()]+")) {
            if (!token.isEmpty() && !known.contains(token) && !token.equals("any()") && !token.equals("none()")) {
                problems.add(key + ": unknown STRIDE tag '" + token + "'" + closest(token, known) + " (valid: " + String.join(", ", known) + ")");
            }
        }
        return problems;
    }

    /**
     * A duration as settings write it: a number of seconds, or a number with {@code ms}, {@code s} or {@code m}
     * ({@code 500ms}, {@code 30s}, {@code 2m}); empty unless it is positive.
     */
    public static java.util.Optional<Duration> duration(String text) {
        return dev.gjallarhorn.SettingDuration.parse(text);
    }

    static int count(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static Path path(String value) {
        String v = value.trim();
        return (v.equals("~") || v.startsWith("~/") ? Path.of(System.getProperty("user.home"), v.substring(1).replaceFirst("^/", "")) : Path.of(v))
                .toAbsolutePath();
    }

    private static String didYouMean(String key) {
        return closest(key, Arrays.stream(Setting.values()).map(Setting::key).toList());
    }

    private static String closest(String word, java.util.Collection<String> candidates) {
        return candidates.stream().min(Comparator.comparingInt(c -> distance(word.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT))))
                .filter(c -> distance(word.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT)) <= Math.max(2, c.length() / 4))
                .map(c -> "; did you mean " + c + "?").orElse("");
    }

    static int distance(String a, String b) {
        return LevenshteinDistance.getDefaultInstance().apply(a, b);
    }
}
