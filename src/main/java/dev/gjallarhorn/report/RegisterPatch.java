package dev.gjallarhorn.report;

import dev.gjallarhorn.evidence.Redactor;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.claims.ClaimKind;
import dev.gjallarhorn.claims.ThreatModel;
import dev.gjallarhorn.claims.ThreatModelParser;
import dev.gjallarhorn.verdict.VerdictBook;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.VerdictKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code reports/register.patch}: a unified diff against the input threat model that edits the status of
 * every CONTRADICTED or STALE claim and says why in a short evidence note. Apply it in the directory that
 * holds the threat model: {@code git apply register.patch}. When nothing needs an edit no file is written
 * (an empty patch would make {@code git apply} fail), so "no register.patch" means "the register is right".
 */
public final class RegisterPatch {

    public static final String FILE = "register.patch";
    private static final int NOTE_LIMIT = 140;

    private RegisterPatch() {
    }

    /** Writes the patch; empty (and no file) when no claim needs an edit. */
    public static java.util.Optional<Path> write(Path reports, ThreatModel model, List<VerdictBook.Entry> entries, String runId, Redactor redactor) {
        String patch = redactor.scrub(render(model, entries, runId, LocalDate.now(ZoneOffset.UTC)));
        Path file = reports.resolve(FILE);
        if (patch.isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            Files.createDirectories(reports);
            Files.writeString(file, patch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return java.util.Optional.of(file);
    }

    /** The diff text; empty when no claim is contradicted or stale. */
    public static String render(ThreatModel model, List<VerdictBook.Entry> entries, String runId, LocalDate date) {
        List<String> original = model.lines();
        List<String> revised = new ArrayList<>(original);
        boolean changed = false;
        for (VerdictBook.Entry entry : entries) {
            VerdictKind kind = entry.verdict().kind();
            if (kind != VerdictKind.CONTRADICTED && kind != VerdictKind.STALE) {
                continue;
            }
            Claim claim = entry.claim();
            int index = claim.line() - 1;
            String note = "gjallarhorn " + date + " run " + runId + ": " + kind.name().toLowerCase(java.util.Locale.ROOT)
                    + " - " + shorten(entry.evaluation().map(ClaimEvaluation::observed).filter(s -> !s.isBlank()).orElse(entry.verdict().why()));
            String line = revised.get(index);
            String edited = claim.kind() == ClaimKind.RISK ? editStatus(line, claim, suggestedStatus(claim, kind), note) : line + " [" + note + "]";
            if (!edited.equals(line)) {
                revised.set(index, edited);
                changed = true;
            }
        }
        if (!changed) {
            return "";
        }
        Patch<String> patch = DiffUtils.diff(original, revised);
        String name = model.source().getFileName().toString();
        List<String> diff = UnifiedDiffUtils.generateUnifiedDiff("a/" + name, "b/" + name, original, patch, 3);
        return encodingNote(model, name) + String.join("\n", diff) + "\n";
    }

    /**
     * For a document that is not UTF-8 (a UTF-16 file, read through its byte-order mark): git cannot patch it as
     * text, so the patch says how to convert it first. {@code git apply} skips text before the diff.
     */
    private static String encodingNote(ThreatModel model, String name) {
        if (model.encoding().equals(java.nio.charset.StandardCharsets.UTF_8)) {
            return "";
        }
        return "The threat model " + name + " is " + model.encoding().name() + "; git apply cannot patch it as text. Convert it to UTF-8 first:\n"
                + "  iconv -f UTF-16 -t UTF-8 " + name + " > " + name + ".utf8 && mv " + name + ".utf8 " + name
                + " && git apply register.patch\n\n";
    }

    /** The status word a register row should carry instead, given what was seen. */
    static String suggestedStatus(Claim claim, VerdictKind kind) {
        if (kind == VerdictKind.CONTRADICTED) {
            return "Gap"; // a Fixed, Mitigated or Partial claim whose attack got through
        }
        return "Mitigated"; // a Gap (or the open half of a Partial) whose attack was stopped
    }

    /** Replaces the status in a register row, in either form, keeping the rest of the line as it was. */
    static String editStatus(String line, Claim claim, String status, String note) {
        String replacement = status + " (" + note.replace("|", "/") + ")";
        String trimmed = line.stripTrailing();
        if (trimmed.startsWith("|")) {
            List<Integer> bars = new ArrayList<>();
            for (int i = 0; i < trimmed.length(); i++) {
                if (trimmed.charAt(i) == '|' && (i == 0 || trimmed.charAt(i - 1) != '\\')) {
                    bars.add(i);
                }
            }
            int start = bars.get(bars.size() - 2);
            int end = bars.get(bars.size() - 1);
            for (int b = 0; b + 1 < bars.size(); b++) {
                String cell = trimmed.substring(bars.get(b) + 1, bars.get(b + 1));
                if (ThreatModelParser.stripMarkup(cell).equals(claim.statusText())) {
                    start = bars.get(b);
                    end = bars.get(b + 1);
                    break;
                }
            }
            String cell = trimmed.substring(start + 1, end);
            String lead = cell.substring(0, cell.length() - cell.stripLeading().length());
            return trimmed.substring(0, start + 1) + lead + replacement + " " + trimmed.substring(end);
        }
        int at = trimmed.lastIndexOf(claim.statusText());
        if (at < 0) {
            return line + " [" + note + "]";
        }
        return trimmed.substring(0, at) + replacement;
    }

    private static String shorten(String text) {
        String flat = text.replaceAll("\\s+", " ").trim();
        return Redactor.cut(flat, NOTE_LIMIT - 3, "...");
    }
}
