package dev.gjallarhorn.claims;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rows of a risk register's table as RISK claims, in either form {@link ThreatModelParser} reads: a Markdown pipe
 * table, or the plain-text rendering's space-separated one. A row it cannot use stops with a {@link ThreatModelError}
 * naming its line.
 */
final class RegisterRows {

    private static final Pattern ROW_ID = Pattern.compile("^[A-Z]{1,6}-\\d{1,5}$");
    private static final Pattern TEXT_ROW = Pattern.compile(
            "^([A-Z]{1,6}-\\d{1,5})\\s+(.+?)\\s+([STRIDE](?:\\s*/\\s*[STRIDE])*)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\S.*)$");
    private static final Pattern TEXT_HEADER = Pattern.compile("^ID\\s+Threat\\s+STRIDE\\s+L\\s+I\\s+Risk\\s+Status\\s*$");
    private static final Pattern STATUS = Pattern.compile("^([A-Za-z]+)\\b\\s*(.*)$");

    private RegisterRows() {
    }

    /** The register rows of the pipe table whose header is at {@code headerAt} (0-based). */
    static List<Claim> markdownRows(Path file, List<String> lines, int headerAt) {
        List<String> header = ThreatModelParser.cells(lines.get(headerAt)).stream().map(h -> ThreatModelParser.stripMarkup(h).toLowerCase(Locale.ROOT)).toList();
        Map<String, Integer> col = new HashMap<>();
        for (int c = 0; c < header.size(); c++) {
            String key = RegisterTables.columnKey(header.get(c));
            if (key != null) {
                col.putIfAbsent(key, c);
            }
        }
        for (String needed : RegisterTables.COLUMNS) {
            if (!col.containsKey(needed)) {
                throw new ThreatModelError(file, headerAt + 1, "the register table has no '" + needed.toUpperCase(Locale.ROOT)
                        + "' column (columns: " + String.join(", ", header) + ")");
            }
        }
        List<Claim> rows = new ArrayList<>();
        for (int i = headerAt + 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (!line.startsWith("|")) {
                break;
            }
            List<String> cells = ThreatModelParser.cells(line);
            if (cells.stream().allMatch(c -> c.matches("\\s*:?-{2,}:?\\s*"))) {
                continue;
            }
            int lineNo = i + 1;
            if (cells.size() != header.size()) {
                throw new ThreatModelError(file, lineNo, "row has " + cells.size() + " cells, the header has " + header.size());
            }
            String id = ThreatModelParser.stripMarkup(cells.get(col.get("id")));
            if (!ROW_ID.matcher(id).matches()) {
                throw new ThreatModelError(file, lineNo, "'" + id + "' is not a register id like T-001");
            }
            rows.add(row(file, lineNo, id, cells.get(col.get("threat")), cells.get(col.get("stride")),
                    cells.get(col.get("l")), cells.get(col.get("i")), cells.get(col.get("risk")), cells.get(col.get("status"))));
        }
        return rows;
    }

    /** The 0-based line of the plain-text register header after {@code from}, or -1. */
    static int textHeader(List<String> lines, int from) {
        for (int i = from + 1; i < lines.size(); i++) {
            if (TEXT_HEADER.matcher(lines.get(i).trim()).matches()) {
                return i;
            }
        }
        return -1;
    }

    /** The register rows under the plain-text header at {@code headerAt} (0-based). */
    static List<Claim> textRows(Path file, List<String> lines, int headerAt) {
        List<Claim> rows = new ArrayList<>();
        for (int i = headerAt + 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                break;
            }
            int lineNo = i + 1;
            String first = line.split("\\s+", 2)[0];
            if (!ROW_ID.matcher(first).matches()) {
                break;
            }
            Matcher m = TEXT_ROW.matcher(line);
            if (!m.matches()) {
                throw new ThreatModelError(file, lineNo, "row " + first
                        + " has missing cells (expected: ID, threat, STRIDE letters, L, I, risk and status)");
            }
            rows.add(row(file, lineNo, m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6), m.group(7)));
        }
        return rows;
    }

    private static Claim row(Path file, int lineNo, String id, String threat, String strideCell, String l, String i, String risk, String statusCell) {
        String strideText = ThreatModelParser.stripMarkup(strideCell);
        List<Stride> stride = new ArrayList<>();
        for (char ch : strideText.toCharArray()) {
            if (Character.isLetter(ch)) {
                stride.add(Stride.ofLetter(ch).orElseThrow(() -> new ThreatModelError(file, lineNo,
                        "'" + ch + "' in '" + strideText + "' is not a STRIDE letter")));
            }
        }
        if (stride.isEmpty()) {
            throw new ThreatModelError(file, lineNo, "row " + id + " has no STRIDE letters");
        }
        String status = ThreatModelParser.stripMarkup(statusCell);
        Matcher sm = STATUS.matcher(status);
        if (status.isEmpty() || !sm.matches()) {
            throw new ThreatModelError(file, lineNo, "row " + id + " has no status");
        }
        ClaimedStatus claimed = ClaimedStatus.ofRegisterWord(sm.group(1)).orElseThrow(() -> new ThreatModelError(file, lineNo,
                "unknown status word '" + sm.group(1) + "' in row " + id + " (expected Fixed, Mitigated, Partial or Gap)"));
        int likelihood = number(file, lineNo, id, "L", l);
        int impact = number(file, lineNo, id, "I", i);
        int score = number(file, lineNo, id, "Risk", risk);
        return new Claim(id, ClaimKind.RISK, ThreatModelParser.stripMarkup(threat), claimed, status, stride, likelihood, impact, OptionalInt.of(score), lineNo);
    }

    private static int number(Path file, int lineNo, String id, String column, String cell) {
        String text = ThreatModelParser.stripMarkup(cell);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ThreatModelError(file, lineNo, "row " + id + ": " + column + " is '" + text + "', not a number");
        }
    }
}
