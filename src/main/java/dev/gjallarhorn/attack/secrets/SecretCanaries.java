package dev.gjallarhorn.attack.secrets;

import dev.gjallarhorn.evidence.Redactor;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The positive controls of the secret search: for each secret the run learned, a canary of its shape (the same
 * lowercase word prefix such as {@code sk-ant-} or {@code ghp_}, the same length, at least 16 characters, the same
 * separators in the same places, each digit, lowercase and uppercase letter replaced by one of its own class), holding
 * the run token's letters and digits in order where they fit, filled from a generator seeded by the token and the
 * secret's name. A canary is never a secret: the
 * redactor does not learn it, and another run's canary matches none of this run's patterns (its token differs), so a
 * journal entry that cannot be removed is never reported as a leak later.
 */
public final class SecretCanaries {

    /** Shortest canary: shorter ones could match ordinary text. */
    static final int SHORTEST = 16;
    private static final Pattern PREFIX = Pattern.compile("^(?:[a-z]+[-_])+");

    private SecretCanaries() {
    }

    /** One canary for each distinct secret the redactor learned (its raw form), in the redactor's order. */
    public static List<String> of(Redactor redactor, String token) {
        Set<String> canaries = new LinkedHashSet<>();
        for (Redactor.Form form : redactor.forms()) {
            if (form.encoding().equals("raw")) {
                canaries.add(shaped(form.text(), token, form.secretName()));
            }
        }
        return new ArrayList<>(canaries);
    }

    /**
     * A canary of {@code secret}'s shape for this run.
     *
     * @param secret a secret value (only its shape is used)
     * @param token  the run token, e.g. {@code gjh-1a2b}
     * @param name   the secret's name, which seeds the filler so that two secrets of one shape get two canaries
     */
    static String shaped(String secret, String token, String name) {
        Matcher prefix = PREFIX.matcher(secret);
        String head = prefix.find() ? prefix.group() : "";
        String body = secret.substring(head.length());
        boolean hex = body.chars().allMatch(c -> Character.isDigit(c) || c >= 'a' && c <= 'f' || !Character.isLetterOrDigit(c));
        String lower = hex ? "abcdef" : "abcdefghijklmnopqrstuvwxyz";
        String upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        String digits = "0123456789";
        String marker = token.replaceAll("[^A-Za-z0-9]", "");
        Random filler = new Random(seed(token + "\0" + name));
        int length = Math.max(body.length(), SHORTEST - head.length());
        StringBuilder out = new StringBuilder(head);
        int m = 0;
        for (int i = 0; i < length; i++) {
            char original = i < body.length() ? body.charAt(i) : 'x';
            String alphabet = Character.isDigit(original) ? digits : original >= 'A' && original <= 'Z' ? upper
                    : Character.isLetter(original) ? lower : null;
            if (alphabet == null) {
                out.append(original); // a separator stays where it is
            } else if (m < marker.length() && alphabet.indexOf(marker.charAt(m)) >= 0) {
                out.append(marker.charAt(m++)); // the run token, in order, wherever its characters fit
            } else {
                out.append(alphabet.charAt(filler.nextInt(alphabet.length())));
            }
        }
        return out.toString();
    }

    private static long seed(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            long seed = 0;
            for (int i = 0; i < 8; i++) {
                seed = seed << 8 | digest[i] & 0xff;
            }
            return seed;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts the canaries on the target for one script (root-only, in {@code /run}); returns the file's path. */
    public static String upload(AttackContext run, List<String> canaries, String purpose) {
        String path = "/run/" + run.token() + "-" + purpose + ".controls";
        CommandResult written = run.target().run(Cmd.of("sh", "-c", "umask 077 && cat >\"$1\"", "sh", path)
                .withStdin(String.join("\n", canaries) + "\n").asRoot(), Duration.ofSeconds(30));
        if (!written.succeeded()) {
            throw new IllegalStateException("cannot hand the search its controls: " + written.describe());
        }
        return path;
    }
}
