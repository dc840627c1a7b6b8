package dev.gjallarhorn.claims;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds the risk register's table in a threat model, which may hold many tables (assets, trust boundaries,
 * STRIDE, scales, mitigations, …). Where it looks, in order: the section under a heading that names the risk
 * register ({@code ## Risk Register}, {@code ### 3.2 Sandbox Risk Register}), subsections included, for a table
 * with the register's columns; the plain-text form's header line in that section; then every table of the
 * document. The register's columns are ID, Threat, STRIDE, L, I, Risk and Status (also read as Title or Risk
 * Name, Category, Likelihood, Impact, Score or Risk Score). When no table has them, the error says what was
 * looked for and lists the tables found, by line and header.
 */
final class RegisterTables {

    static final List<String> COLUMNS = List.of("id", "threat", "stride", "l", "i", "risk", "status");
    private static final Pattern MD_HEADING = Pattern.compile("^\\s*(#{1,6})\\s*(.+?)\\s*#*\\s*$");
    private static final Pattern SEPARATOR = Pattern.compile("\\s*:?-{2,}:?\\s*");
    private static final int LISTED = 12;

    /** A pipe table: the 0-based line of its header and the header's cells as written. */
    record Table(int headerAt, List<String> header) {

        boolean isRegister() {
            return header.stream().map(RegisterTables::columnKey).filter(k -> k != null).collect(Collectors.toSet()).containsAll(COLUMNS);
        }

        boolean looksLikeRegister() {
            Set<String> keys = header.stream().map(RegisterTables::columnKey).filter(k -> k != null).collect(Collectors.toSet());
            return keys.contains("id") && keys.contains("status");
        }

        String describe() {
            return "line " + (headerAt + 1) + " (" + String.join(" | ", header) + ")";
        }
    }

    private RegisterTables() {
    }

    static List<Claim> rows(Path file, List<String> lines) {
        int registerAt = registerHeading(lines);
        List<Table> tables = pipeTables(lines);
        if (registerAt >= 0) {
            int end = sectionEnd(lines, registerAt);
            List<Table> inSection = tables.stream().filter(t -> t.headerAt() > registerAt && t.headerAt() < end).toList();
            Optional<Table> register = inSection.stream().filter(Table::isRegister).findFirst();
            if (register.isPresent()) {
                return RegisterRows.markdownRows(file, lines, register.get().headerAt());
            }
            int textHeader = RegisterRows.textHeader(lines, registerAt);
            if (textHeader >= 0 && textHeader < end) {
                return RegisterRows.textRows(file, lines, textHeader);
            }
            Optional<Table> attempt = inSection.stream().filter(Table::looksLikeRegister).findFirst();
            if (attempt.isPresent()) {
                return RegisterRows.markdownRows(file, lines, attempt.get().headerAt()); // names the missing column
            }
        }
        Optional<Table> anywhere = tables.stream().filter(Table::isRegister).findFirst();
        if (anywhere.isPresent()) {
            return RegisterRows.markdownRows(file, lines, anywhere.get().headerAt());
        }
        int textHeader = RegisterRows.textHeader(lines, -1);
        if (textHeader >= 0) {
            return RegisterRows.textRows(file, lines, textHeader);
        }
        throw new ThreatModelError(file, registerAt + 1, notFound(lines, registerAt, tables));
    }

    private static String notFound(List<String> lines, int registerAt, List<Table> tables) {
        String where = registerAt >= 0
                ? "the section '" + ThreatModelParser.stripMarkup(lines.get(registerAt).replaceFirst("^\\s*#+\\s*", "")) + "' and the rest of the document"
                : "the document (it has no heading naming the risk register)";
        String found = tables.isEmpty() ? "found no table" : "found " + tables.size() + " table(s), none with those columns: "
                + tables.stream().limit(LISTED).map(Table::describe).collect(Collectors.joining("; "))
                + (tables.size() > LISTED ? "; …" : "");
        return "no risk register table: looked in " + where + " for a table with the columns ID | Threat | STRIDE | L | I | Risk | Status"
                + " (also read: Title, Category, Likelihood, Impact, Score) or the plain-text header 'ID Threat STRIDE L I Risk Status'; " + found;
    }

    /** The column a register header cell stands for, or null. */
    static String columnKey(String header) {
        return switch (ThreatModelParser.stripMarkup(header).toLowerCase(Locale.ROOT)) {
            case "id" -> "id";
            case "threat", "risk name", "title" -> "threat";
            case "stride", "category" -> "stride";
            case "l", "likelihood" -> "l";
            case "i", "impact" -> "i";
            case "risk", "score", "risk score" -> "risk";
            case "status" -> "status";
            default -> null;
        };
    }

    /** The line of a Markdown heading naming the risk register, or of a plain-text title starting with it; -1 if none. */
    static int registerHeading(List<String> lines) {
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.trim().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher heading = MD_HEADING.matcher(line);
            if (heading.matches()) {
                if (ThreatModelParser.stripMarkup(heading.group(2)).toLowerCase(Locale.ROOT).contains("risk register")) {
                    return i;
                }
            } else if (ThreatModelParser.isPlainTitle(line) && ThreatModelParser.stripMarkup(line.trim()).toLowerCase(Locale.ROOT).startsWith("risk register")) {
                return i;
            }
        }
        return -1;
    }

    /** Where the section that starts at {@code at} ends: the next heading of the same or a higher level (a plain title: the next Markdown heading of any level). */
    static int sectionEnd(List<String> lines, int at) {
        Matcher start = MD_HEADING.matcher(lines.get(at));
        int level = start.matches() ? start.group(1).length() : 6;
        boolean fenced = false;
        for (int i = at + 1; i < lines.size(); i++) {
            if (lines.get(i).trim().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            Matcher heading = MD_HEADING.matcher(lines.get(i));
            if (!fenced && heading.matches() && heading.group(1).length() <= level) {
                return i;
            }
        }
        return lines.size();
    }

    /** Every pipe table of the document (a {@code |} line followed by a separator row), outside code fences. */
    static List<Table> pipeTables(List<String> lines) {
        List<Table> tables = new ArrayList<>();
        boolean fenced = false;
        for (int i = 0; i + 1 < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced || !line.startsWith("|") || (i > 0 && lines.get(i - 1).trim().startsWith("|"))) {
                continue;
            }
            List<String> next = ThreatModelParser.cells(lines.get(i + 1));
            if (lines.get(i + 1).trim().startsWith("|") && next.stream().allMatch(c -> SEPARATOR.matcher(c).matches())) {
                tables.add(new Table(i, ThreatModelParser.cells(line).stream().map(ThreatModelParser::stripMarkup).toList()));
            }
        }
        return tables;
    }
}
