package dev.gjallarhorn.attack.syncgate;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Reason;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What one dry run of a sync gate on the harness's host says about one candidate: its exit code and its output,
 * read as Bilrost's {@code scripts/sync-gate.sh --dry-run} writes them (bilrost-target.md §C5: validation
 * failures exit non-zero; otherwise the changes are previewed and nothing is applied).
 *
 * <ul>
 *   <li>exit 0 and the candidate's path in the preview (the lines after the last one announcing a preview, or
 *       the whole output when none does; never a warning or error line): the gate would apply it (SUCCEEDED);</li>
 *   <li>exit 0 without it: the gate passed the run but would not apply it (BLOCKED), e.g. a change to a file the
 *       host already has under {@code rsync --ignore-existing};</li>
 *   <li>a non-zero exit: refused (BLOCKED), but only if the same gate, run again at once with nothing of the
 *       run's staged ({@code cleanExit}), exits 0; otherwise the refusal cannot be put down to the candidate
 *       (INCONCLUSIVE, conflicting-evidence);</li>
 *   <li>a run that timed out or could not start: INCONCLUSIVE (timeout, probe-error).</li>
 * </ul>
 *
 * @param path   the candidate's path relative to the top of the workspace, as the preview names it
 * @param output what the gate printed (stdout and stderr together)
 */
public record GatePreview(String path, int exit, boolean timedOut, String output) {

    /** A line that announces the preview; what the extract listed before it is not the preview. */
    private static final Pattern PREVIEW_HEADER = Pattern.compile(
            "(?i).*\\b(preview|would be (copied|applied|synced)|changes to (sync|apply))\\b.*");

    /** Lines that only warn or report an error: a path named there is not in the preview. */
    private static final Pattern NOT_PREVIEW = Pattern.compile(
            "^\\s*[✗⚠❌].*|^\\W*(warn|warning|error|blocked?|fail(ed)?|refused)\\b.*", Pattern.CASE_INSENSITIVE);

    /** Whether the preview lists the candidate's path. */
    public boolean lists() {
        return previewLines().stream().anyMatch(line -> line.contains(path));
    }

    /**
     * The lines that can be the preview: after the last line that announces one ("Preview …", "… would be
     * copied …") when there is such a line, else all of them; never a warning or an error.
     */
    List<String> previewLines() {
        List<String> lines = Arrays.stream(output.split("\n")).map(String::strip).toList();
        int from = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (PREVIEW_HEADER.matcher(lines.get(i)).matches()) {
                from = i + 1;
            }
        }
        return lines.subList(from, lines.size()).stream()
                .filter(line -> !NOT_PREVIEW.matcher(line.toLowerCase(Locale.ROOT)).matches()).toList();
    }

    /**
     * The observation of this candidate.
     *
     * @param subject   the candidate as the report names it
     * @param cleanExit the exit code of the same gate run right afterwards with nothing of the run staged; only
     *                  read when this run exited non-zero
     */
    public Observation observe(String subject, java.util.function.IntSupplier cleanExit) {
        if (timedOut) {
            return Observation.couldNotRun(subject, Reason.TIMEOUT, "the gate did not finish: " + said());
        }
        if (exit == 127 || exit == 126) {
            return Observation.couldNotRun(subject, Reason.PROBE_ERROR, "the gate could not be started (exit " + exit + "): " + said());
        }
        if (exit == 0) {
            return lists()
                    ? Observation.succeeded(subject, "the dry run would apply it (exit 0; the preview lists " + path + "): " + said())
                    : Observation.blocked(subject, "exit 0, but the preview does not list " + path + ": " + said());
        }
        int clean = cleanExit.getAsInt();
        if (clean != 0) {
            return Observation.couldNotRun(subject, Reason.CONFLICTING_EVIDENCE, "refused (exit " + exit + "), but the gate also exits "
                    + clean + " with nothing of this run staged, so the refusal is not this candidate's: " + said());
        }
        return Observation.blocked(subject, "refused (exit " + exit + "; exit 0 again once it was removed): " + said());
    }

    /** What the gate said in one line: its warnings and refusals, then its last line; trimmed. */
    public String said() {
        List<String> lines = Arrays.stream(output.split("\n")).map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return "(no output)";
        }
        List<String> kept = new java.util.ArrayList<>(lines.stream()
                .filter(line -> NOT_PREVIEW.matcher(line.toLowerCase(Locale.ROOT)).matches()).toList());
        if (kept.isEmpty() || !kept.get(kept.size() - 1).equals(lines.get(lines.size() - 1))) {
            kept.add(lines.get(lines.size() - 1));
        }
        String one = String.join("; ", kept);
        return dev.gjallarhorn.evidence.Redactor.cut(one, 400, "…");
    }
}
