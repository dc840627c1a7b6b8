package dev.gjallarhorn.evidence;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a name or a value looks secret without having been told so: the judgement {@link Redactor} uses to decide
 * which values of an environment to learn, and the token shapes it scrubs wherever they appear. Pure functions.
 */
final class SecretLooks {

    /** Shapes of tokens that are secret wherever they appear, learned or not. */
    static final List<Pattern> TOKEN_SHAPES = List.of(
            Pattern.compile("\\b\\d{6,12}:AA[A-Za-z0-9_-]{20,}"),          // Telegram bot token
            Pattern.compile("\\bsk-ant-[A-Za-z0-9_-]{16,}"),               // Anthropic
            Pattern.compile("\\bsk-(?:proj-|or-v1-)?[A-Za-z0-9_-]{20,}"),  // OpenAI, OpenRouter
            Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{20,}"),              // GitHub
            Pattern.compile("\\bgithub_pat_[A-Za-z0-9_]{20,}"));

    /** One word of a name that ends in a secret word: APIKEY, BOTTOKEN, SECRETKEY, DBPASSWORD (compared ignoring case). */
    static final Pattern SECRET_NAME = Pattern.compile("(?i)[A-Z0-9]*(TOKEN|KEY|SECRET|PASSWORD|PASSWD|DSN|CREDENTIALS?)");

    private static final Set<String> SECRET_WORDS = Set.of("TOKEN", "KEY", "SECRET", "PASSWORD", "PASSWD", "PASS",
            "DSN", "CREDENTIAL", "CREDENTIALS", "AUTH", "PASSPHRASE", "PAT");
    private static final Set<String> SETTING_WORDS = Set.of("MODE", "TYPE", "METHOD", "FILE", "PATH", "DIR", "ENABLED",
            "DISABLED", "HEADER", "SCHEME", "PROVIDER", "STRATEGY", "NAME", "ID", "URL", "HOST", "PORT", "EXPIRY", "TTL", "LENGTH", "ALGORITHM");

    private SecretLooks() {
    }

    /**
     * Whether a variable's name says its value is a secret: one of its {@code _}-separated words is TOKEN, KEY, SECRET,
     * PASSWORD, PASS, DSN, CREDENTIAL(S), AUTH or an APIKEY-like compound ({@code GH_TOKEN}, {@code DATABASE_DSN},
     * {@code PIN_PASS}), unless its last word says it names a setting about the secret rather than the secret
     * ({@code AUTH_MODE}, {@code TOKEN_FILE}, {@code KEY_PATH}). {@code KEYMAP} or {@code PASSTHROUGH} are not secrets.
     */
    static boolean name(String name) {
        String[] words = name.toUpperCase(Locale.ROOT).split("[^A-Z0-9]+");
        if (words.length == 0 || SETTING_WORDS.contains(words[words.length - 1]) && words.length > 1) {
            return false;
        }
        for (String word : words) {
            if (SECRET_WORDS.contains(word) || SECRET_NAME.matcher(word).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a value looks like a secret by its shape alone: a well-known token shape, or one run of at least 20
     * base64/url-safe characters mixing upper case, lower case and digits (not a path), or at least 32 hex digits.
     */
    static boolean shape(String value) {
        String v = value.strip();
        if (TOKEN_SHAPES.stream().anyMatch(p -> p.matcher(v).find())) {
            return true;
        }
        if (v.matches("[0-9a-fA-F]{32,}")) {
            return true;
        }
        return v.length() >= 20 && !v.startsWith("/") && v.matches("[A-Za-z0-9_+/=.-]+")
                && v.matches(".*[A-Z].*") && v.matches(".*[a-z].*") && v.matches(".*[0-9].*");
    }
}
