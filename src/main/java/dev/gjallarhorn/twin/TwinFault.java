package dev.gjallarhorn.twin;

import dev.gjallarhorn.verdict.VerdictKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one twin fault ({@code lima/twin/faults/NAME.sh}) says it does, read from its header comment: the first
 * line after the shebang names its claim ({@code # claim: C-FIREWALL}); the comment below says what it changes and
 * which verdicts it flips, on which profile and to what ("Flips C-FIREWALL on as-claimed to CONTRADICTED").
 * Nothing here is hand-kept: a fault's own text is the only source.
 *
 * @param name        the fault's name, as in {@code twin:as-claimed+NAME}
 * @param claim       the claim of its {@code # claim:} line
 * @param alsoNamed   other claim ids its description names (claims it flips as well, or leaves as they are)
 * @param profile     the profile it is meant for, if the text names one ({@code as-claimed}, {@code as-provisioned})
 * @param flipsTo     the verdict it flips to, if the text names one (CONTRADICTED, STALE, HOLDS, INCONCLUSIVE(reason))
 * @param description the header comment without its {@code claim:}, {@code source:} and {@code host:} lines, on one line
 * @param source      where the weakness was reported in a real deployment ({@code # source: URL}), for the faults
 *                    of a red team; empty for faults written to prove a verdict can flip
 */
public record TwinFault(String name, String claim, List<String> alsoNamed, Optional<String> profile, Optional<String> flipsTo, String description,
                        Optional<String> source) {

    private static final Pattern CLAIM_ID = Pattern.compile("\\b(T-\\d{3}|[CN]-[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)\\b");
    private static final Pattern PROFILE = Pattern.compile("\\bon (as-[a-z]+)\\b");
    private static final Pattern FLIPS_TO = Pattern.compile("\\bto (" + VerdictKind.CONTRADICTED.label() + "|" + VerdictKind.STALE.label()
            + "|" + VerdictKind.HOLDS.label() + "|" + VerdictKind.INCONCLUSIVE.label() + "(?:\\([a-z-]+\\))?)");

    public TwinFault {
        alsoNamed = List.copyOf(alsoNamed);
    }

    /** Every fault of the twin's sources, by name. */
    public static List<TwinFault> all(TwinSources sources) {
        List<TwinFault> faults = new ArrayList<>();
        for (String name : sources.faults()) {
            faults.add(read(name, sources.dir().resolve("faults/" + name + ".sh")));
        }
        return faults;
    }

    static TwinFault read(String name, Path script) {
        List<String> lines;
        try {
            lines = Files.readAllLines(script);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the twin fault " + script, e);
        }
        String claim = null;
        String source = null;
        StringBuilder text = new StringBuilder();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            if (!line.startsWith("#")) {
                break;
            }
            String comment = line.replaceFirst("^#\\s?", "");
            if (comment.startsWith("claim: ")) {
                claim = comment.substring("claim: ".length()).trim();
            } else if (comment.startsWith("source: ")) {
                source = comment.substring("source: ".length()).trim();
            } else if (!comment.startsWith("host: ")) {
                text.append(text.length() == 0 ? "" : " ").append(comment.trim());
            }
        }
        if (claim == null) {
            throw new IllegalStateException("the twin fault " + script + " has no '# claim: ID' line after its shebang");
        }
        String description = text.toString();
        Set<String> also = new LinkedHashSet<>();
        Matcher ids = CLAIM_ID.matcher(description);
        while (ids.find()) {
            if (!ids.group(1).equals(claim)) {
                also.add(ids.group(1));
            }
        }
        Matcher profile = PROFILE.matcher(description);
        Matcher flips = FLIPS_TO.matcher(description);
        return new TwinFault(name, claim, List.copyOf(also), profile.find() ? Optional.of(profile.group(1)) : Optional.empty(),
                flips.find() ? Optional.of(flips.group(1)) : Optional.empty(), description, Optional.ofNullable(source));
    }

    /** The verdict this fault's claim must get on its profile: what its text says, CONTRADICTED when it names none. */
    public String expected() {
        return flipsTo.orElse(VerdictKind.CONTRADICTED.label());
    }

    /** Whether this fault bears on the claim: its own, or named in its description. */
    public boolean concerns(String claimId) {
        return claim.equals(claimId) || alsoNamed.contains(claimId);
    }
}
