package dev.gjallarhorn.evidence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one redaction step every piece of evidence passes before it is written anywhere: the secret values
 * this run learned (raw, base64, hex and url-encoded) and the shapes of well-known tokens.
 *
 * <p>It learns two kinds of values. The target's secrets ({@link #learn}: {@code secrets.env}, a twin's canaries)
 * are what the attacks search the target for ({@link #forms()}). Secret-looking values of the environments the run
 * reads ({@link #learnFromEnvironment}: a hijacked exec's {@code env}, a sandbox container's environment, {@code docker
 * inspect}'s {@code Config.Env}) are only redacted and searched for by the leak scan ({@link #redactedForms()}).
 * A value shorter than {@value #WHOLE_WORD_BELOW} characters is learned only under a secret-looking name and is
 * redacted only where it stands as a whole word.
 */
public final class Redactor {

    /** Values shorter than this would mangle ordinary text if scrubbed inside words: they are scrubbed as whole words only. */
    public static final int WHOLE_WORD_BELOW = 6;

    /** Values that are never a secret, whatever their name (compared ignoring case and surrounding blanks). */
    static final Set<String> COMMONPLACE = Set.of("", "true", "false", "0", "1", "yes", "no", "none", "null");

    /** Every redactor that learned something, so that a cut anywhere in the JVM can redact before it cuts. */
    private static final Map<Redactor, Boolean> LEARNING = Collections.synchronizedMap(new WeakHashMap<>());

    private static final String MARKER = "[REDACTED:";

    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final Map<String, String> seen = new LinkedHashMap<>();
    private List<Form> secretForms;
    private List<Form> allForms;

    /**
     * Remembers a secret of the target (in memory only) under a name that may appear in reports. Commonplace values
     * ({@link #COMMONPLACE}) are never learned; values under {@value #WHOLE_WORD_BELOW} characters only under a
     * secret-looking name ({@link #secretLookingName}).
     */
    public synchronized void learn(String name, String value) {
        if (!worthLearning(name, value, false)) {
            return;
        }
        seen.remove(value);
        secrets.put(value, name);
        changed();
    }

    public synchronized void learnAll(Map<String, String> secrets) {
        secrets.forEach(this::learn);
    }

    /**
     * Remembers a value read from an environment (in memory only) when it looks secret: its variable's name looks
     * secret ({@link #secretLookingName}) or the value has a secret's shape ({@link #secretShaped}). It is redacted and
     * searched for by the leak scan, but it is not one of the target's secrets the attacks look for.
     *
     * @return whether the value is now redacted (it was learned now or before)
     */
    public boolean learnFromEnvironment(String name, String value) {
        return remember(name, value, true);
    }

    /**
     * Remembers a value of a secrets file that something on the target printed (a hijacked exec's {@code cat
     * secrets.env}) by the rule of {@link #learn}, but only to redact it: it is not one of the target's secrets the
     * attacks look for unless the run read the file itself.
     *
     * @return whether the value is now redacted
     */
    public boolean learnFromSecretsFile(String name, String value) {
        return remember(name, value, false);
    }

    private synchronized boolean remember(String name, String value, boolean onlyIfSecretLooking) {
        if (value == null) {
            return false;
        }
        if (secrets.containsKey(value) || seen.containsKey(value)) {
            return true;
        }
        if (!worthLearning(name, value, onlyIfSecretLooking)) {
            return false;
        }
        seen.put(value, name);
        changed();
        return true;
    }

    /**
     * {@link #learnFromEnvironment} for each {@code NAME=value} assignment (a line of {@code env}, an entry of
     * {@code Config.Env}); anything without a {@code =} after a name is skipped.
     *
     * @return how many values are now redacted
     */
    public int learnEnvironment(Collection<String> assignments) {
        int learned = 0;
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq > 0 && learnFromEnvironment(assignment.substring(0, eq).strip(), assignment.substring(eq + 1))) {
                learned++;
            }
        }
        return learned;
    }

    private static boolean worthLearning(String name, String value, boolean onlyIfSecretLooking) {
        if (value == null || COMMONPLACE.contains(value.strip().toLowerCase(Locale.ROOT)) || value.isBlank()) {
            return false;
        }
        boolean secretName = name != null && secretLookingName(name);
        if (value.length() < WHOLE_WORD_BELOW) {
            return secretName;
        }
        return !onlyIfSecretLooking || secretName || secretShaped(value);
    }

    /** Whether a variable's name says its value is a secret: see {@link SecretLooks#name}. */
    public static boolean secretLookingName(String name) {
        return SecretLooks.name(name);
    }

    /** Whether a value looks like a secret by its shape alone: see {@link SecretLooks#shape}. */
    public static boolean secretShaped(String value) {
        return SecretLooks.shape(value);
    }

    private void changed() {
        secretForms = null;
        allForms = null;
        LEARNING.put(this, Boolean.TRUE);
    }

    /**
     * One way a learned value can appear in text: the value itself or one of its encodings. A {@code wholeWord} form
     * (a value shorter than {@value #WHOLE_WORD_BELOW} characters) counts only where no letter, digit or underscore
     * touches it on either side.
     */
    public record Form(String text, String secretName, String encoding, boolean wholeWord) {

        public Form(String text, String secretName, String encoding) {
            this(text, secretName, encoding, false);
        }

        private Pattern pattern() {
            return Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(text) + "(?![A-Za-z0-9_])");
        }

        /** Whether the form appears in {@code haystack} (as a whole word, if it is a whole-word form). */
        public boolean foundIn(String haystack) {
            return wholeWord ? pattern().matcher(haystack).find() : haystack.contains(text);
        }

        String replaceIn(String haystack) {
            String marker = MARKER + secretName + "]";
            return wholeWord ? pattern().matcher(haystack).replaceAll(Matcher.quoteReplacement(marker)) : haystack.replace(text, marker);
        }
    }

    /** Every form the target's secrets are searched for, longest first (what the attacks look for on the target). */
    public synchronized List<Form> forms() {
        if (secretForms == null) {
            secretForms = formsOf(secrets);
        }
        return secretForms;
    }

    /** Every form of every value this redactor scrubs, the target's secrets and the environments' values, longest first. */
    public synchronized List<Form> redactedForms() {
        if (allForms == null) {
            Map<String, String> all = new LinkedHashMap<>(secrets);
            seen.forEach(all::putIfAbsent);
            allForms = formsOf(all);
        }
        return allForms;
    }

    private static List<Form> formsOf(Map<String, String> values) {
        List<Form> forms = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (Map.Entry<String, String> value : values.entrySet()) {
            if (value.getKey().length() < WHOLE_WORD_BELOW) {
                if (taken.add(value.getKey())) { // too short for its encodings to stand out from ordinary text
                    forms.add(new Form(value.getKey(), value.getValue(), "raw", true));
                }
                continue;
            }
            for (Map.Entry<String, String> encoded : SecretEncodings.of(value.getKey()).entrySet()) {
                if (taken.add(encoded.getValue())) {
                    forms.add(new Form(encoded.getValue(), value.getValue(), encoded.getKey()));
                }
            }
        }
        forms.sort(Comparator.comparingInt((Form f) -> f.text().length()).reversed());
        return List.copyOf(forms);
    }

    /** Whether it learned any secret of the target ({@link #learn}); environment values do not count. */
    public synchronized boolean knowsSecrets() {
        return !secrets.isEmpty();
    }

    /** Whether it learned any value at all, of the target's secrets or of an environment: whether the leak scan has something to look for. */
    public synchronized boolean knowsAnything() {
        return !secrets.isEmpty() || !seen.isEmpty();
    }

    public String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (Form form : redactedForms()) {
            out = form.replaceIn(out);
        }
        return shapes(out);
    }

    private static String shapes(String text) {
        String out = text;
        for (Pattern shape : SecretLooks.TOKEN_SHAPES) {
            out = shape.matcher(out).replaceAll(Matcher.quoteReplacement(MARKER + "token]"));
        }
        return out;
    }

    /**
     * Redacts, then shortens: {@code text} scrubbed by every redactor of this JVM that learned something (and of
     * well-known token shapes), then cut to at most {@code keep} characters followed by {@code ellipsis} if it was
     * longer. A secret the cut would halve was replaced before the cut, so no prefix of it survives; a cut never
     * halves a redaction marker either (it moves before the marker). Every place that shortens target text uses this.
     */
    public static String cut(String text, int keep, String ellipsis) {
        if (text == null) {
            return null;
        }
        List<Redactor> redactors;
        synchronized (LEARNING) {
            redactors = new ArrayList<>(LEARNING.keySet());
        }
        String safe = text;
        for (Redactor redactor : redactors) {
            safe = redactor.scrub(safe);
        }
        safe = shapes(safe);
        if (safe.length() <= keep) {
            return safe;
        }
        int at = keep;
        int open = safe.lastIndexOf(MARKER, at - 1);
        if (open >= 0 && safe.indexOf(']', open) >= at) {
            at = open;
        }
        if (at > 0 && Character.isHighSurrogate(safe.charAt(at - 1))) {
            at--;
        }
        return safe.substring(0, at) + ellipsis;
    }
}
