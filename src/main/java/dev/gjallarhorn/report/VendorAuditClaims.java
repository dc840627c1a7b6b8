package dev.gjallarhorn.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which claims a finding of the gateway's own audit speaks to: the rules of {@code vendor-audit-claims.tsv}, pinned
 * to the OpenClaw release the twin runs (check ids come and go between releases). The first rule whose check-id glob
 * and detail pattern match decides; the table ends with a rule for any id, so every finding gets an answer.
 */
public final class VendorAuditClaims {

    static final String RESOURCE = "vendor-audit-claims.tsv";

    /** What one rule says of a finding: the claims it speaks to (none: an unregistered finding) and why. */
    public record Mapping(List<String> claims, String why) {
        public Mapping {
            claims = List.copyOf(claims);
        }
    }

    private record Rule(Pattern checkId, Pattern detail, Mapping mapping) {
    }

    private final List<Rule> rules;

    private VendorAuditClaims(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The table shipped with gjallarhorn. */
    public static VendorAuditClaims pinned() {
        try (InputStream in = VendorAuditClaims.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Rules from tab-separated lines {@code GLOB DETAIL-REGEX-or-* CLAIMS-or-- WHY}; {@code #} lines and blank lines
     * are skipped.
     *
     * @throws IllegalArgumentException on a line without its four fields
     */
    static VendorAuditClaims parse(String tsv) {
        List<Rule> rules = new ArrayList<>();
        for (String line : tsv.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 4) {
                throw new IllegalArgumentException(RESOURCE + ": not four tab-separated fields: " + line);
            }
            List<String> claims = f[2].equals("-") ? List.of() : Arrays.stream(f[2].split(",")).map(String::trim).toList();
            Pattern detail = f[1].equals("*") ? Pattern.compile("(?s).*") : Pattern.compile(f[1]);
            rules.add(new Rule(glob(f[0]), detail, new Mapping(claims, f[3])));
        }
        return new VendorAuditClaims(rules);
    }

    /** The first matching rule's mapping; no claim when no rule matches. */
    public Mapping of(VendorAudit.Finding finding) {
        return rules.stream().filter(r -> r.checkId().matcher(finding.checkId()).matches() && r.detail().matcher(finding.detail()).find())
                .map(Rule::mapping).findFirst().orElse(new Mapping(List.of(), "no rule for this check id"));
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
