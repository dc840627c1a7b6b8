package dev.gjallarhorn.claims;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a threat model into claims: the rows of its risk register and the bullets of its two control
 * lists. Two forms are understood: Markdown (pipe table, {@code -} bullets) and the plain-text
 * rendering of the same page (space-separated table, {@code •} bullets). The register's table is found
 * among all the document's tables by {@link RegisterTables}; the file's encoding by {@link ThreatModelText}
 * (UTF-8, or UTF-16 and UTF-8 with a byte-order mark). Anything it cannot use stops with a
 * {@link ThreatModelError} naming the line and what was looked for.
 */
public final class ThreatModelParser {

    private static final Pattern HEADING = Pattern.compile("^\\s*#{1,6}\\s*(.+?)\\s*#*\\s*$");
    private static final Pattern BULLET = Pattern.compile("^\\s*(?:[-*+•·▪‣]|\\d+[.)])\\s+(.+)$");
    /** Between a control's name and its description: a colon, or a dash set off by spaces ({@code --}, {@code -}, en and em dashes). */
    private static final Pattern NAME_SEPARATOR = Pattern.compile("\\s*:\\s*|\\s+(?:--|—|–|-)\\s+");
    static final List<String> EXISTING_TITLES = List.of("controls that exist", "existing controls", "controls in place", "implemented controls");
    static final List<String> ABSENT_TITLES = List.of("controls that do not exist", "controls that don't exist", "missing controls",
            "absent controls", "planned controls", "controls not yet");

    private ThreatModelParser() {
    }

    public static ThreatModel parse(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ThreatModelError(file, 0, "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        ThreatModelText text = ThreatModelText.decode(file, bytes);
        ThreatModel model = parse(file, text.lines());
        return new ThreatModel(file, model.lines(), model.claims(), text.encoding());
    }

    public static ThreatModel parse(Path file, List<String> lines) {
        if (lines.stream().allMatch(String::isBlank)) {
            throw new ThreatModelError(file, 1, "the document is empty");
        }
        List<Claim> claims = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<Claim> rows = RegisterTables.rows(file, lines);
        if (rows.isEmpty()) {
            throw new ThreatModelError(file, 0, "the risk register has no rows");
        }
        addAll(file, claims, seen, rows);
        int existAt = findSection(lines, EXISTING_TITLES);
        if (existAt >= 0) {
            addAll(file, claims, seen, bullets(file, lines, existAt, ClaimKind.CONTROL_EXISTS));
        }
        int absentAt = findSection(lines, ABSENT_TITLES);
        if (absentAt >= 0) {
            addAll(file, claims, seen, bullets(file, lines, absentAt, ClaimKind.CONTROL_ABSENT));
        }
        if (existAt < 0 || absentAt < 0) {
            requireNoUnplacedControlHeading(file, lines, existAt, absentAt);
        }
        return new ThreatModel(file, lines, claims);
    }

    /**
     * A document that lacks a control list but has a heading about controls that is not one of the lists
     * gjallarhorn reads would silently lose those controls (and skip their attacks): that is an error naming
     * the heading and what was expected.
     */
    private static void requireNoUnplacedControlHeading(Path file, List<String> lines, int existAt, int absentAt) {
        for (int i = 0; i < lines.size(); i++) {
            if (i == existAt || i == absentAt) {
                continue;
            }
            String title = titleLike(lines.get(i));
            if (title != null && title.toLowerCase(Locale.ROOT).matches(".*\\bcontrols?\\b.*")) {
                String missing = existAt < 0 && absentAt < 0 ? "either control list" : existAt < 0 ? "a list of existing controls" : "a list of absent controls";
                throw new ThreatModelError(file, i + 1, "the heading '" + title + "' is not a section gjallarhorn reads, and the document has no "
                        + missing + "; name the sections 'Controls That Exist' and 'Controls That Do Not Exist (Yet)'"
                        + " (also understood: 'Existing Controls', 'Missing Controls')");
            }
        }
    }

    /** A Markdown heading's title, or a plain-text line that reads like a title (a few words, no sentence end); else null. */
    private static String titleLike(String line) {
        Matcher heading = HEADING.matcher(line);
        if (heading.matches()) {
            return stripMarkup(heading.group(1));
        }
        String text = headingText(line);
        return text != null && text.split("\\s+").length <= 7 && !text.endsWith(".") && !text.contains(":") ? text : null;
    }

    private static void addAll(Path file, List<Claim> claims, Map<String, Integer> seen, List<Claim> more) {
        for (Claim claim : more) {
            Integer first = seen.putIfAbsent(claim.id(), claim.line());
            if (first != null) {
                throw new ThreatModelError(file, claim.line(), "duplicate id " + claim.id() + " (first at line " + first + ")");
            }
            claims.add(claim);
        }
    }

    /** Index of the first line that heads a section whose title starts with one of {@code titles}, or -1. */
    private static int findSection(List<String> lines, List<String> titles) {
        for (int i = 0; i < lines.size(); i++) {
            String text = headingText(lines.get(i));
            if (text != null) {
                String lower = text.toLowerCase(Locale.ROOT);
                if (titles.stream().anyMatch(lower::startsWith)) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The title if the line can be a heading: a Markdown heading, or a short line alone in plain text. */
    private static String headingText(String line) {
        Matcher heading = HEADING.matcher(line);
        if (heading.matches()) {
            return stripMarkup(heading.group(1));
        }
        return isPlainTitle(line) ? stripMarkup(line.trim()) : null;
    }

    /** A plain-text line that can be a title: short, not a table row, not a bullet. */
    static boolean isPlainTitle(String line) {
        String trimmed = stripMarkup(line.trim());
        return !trimmed.isEmpty() && trimmed.length() <= 60 && !trimmed.startsWith("|") && !BULLET.matcher(line).matches();
    }

    private static List<Claim> bullets(Path file, List<String> lines, int from, ClaimKind kind) {
        List<Claim> claims = new ArrayList<>();
        int indent = -1;
        for (int i = from + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            Matcher bullet = BULLET.matcher(line);
            if (!bullet.matches()) {
                if (!claims.isEmpty() || HEADING.matcher(line).matches()) {
                    break;
                }
                continue; // prose between the heading and the first bullet
            }
            int depth = line.length() - line.stripLeading().length();
            if (indent < 0) {
                indent = depth;
            } else if (depth > indent) {
                continue; // a detail under the control above
            }
            String plain = stripMarkup(bullet.group(1).trim());
            Matcher separator = NAME_SEPARATOR.matcher(plain);
            if (!separator.find() || separator.start() == 0) {
                throw new ThreatModelError(file, i + 1, "the control bullet '" + shorten(plain) + "' has no name followed by a description;"
                        + " expected '- Name: description' (a colon, or ' -- ' or ' - ' between them)");
            }
            String name = plain.substring(0, separator.start()).trim();
            String description = plain.substring(separator.end()).trim();
            claims.add(Claim.control(Claim.controlId(kind, name), kind, name, description, i + 1));
        }
        return claims;
    }

    private static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    static List<String> cells(String line) {
        String t = line.trim();
        if (t.startsWith("|")) {
            t = t.substring(1);
        }
        if (t.endsWith("|")) {
            t = t.substring(0, t.length() - 1);
        }
        List<String> cells = new ArrayList<>();
        for (String cell : t.split("(?<!\\\\)\\|", -1)) {
            cells.add(cell.trim());
        }
        return cells;
    }

    /** Drops Markdown emphasis and code marks: {@code **Fixed**} reads as {@code Fixed}. */
    public static String stripMarkup(String text) {
        return text.replaceAll("\\*\\*|__|`", "").replaceAll("(?<![\\w*])[*_](?=\\S)|(?<=\\S)[*_](?![\\w*])", "").trim();
    }
}
