package dev.gjallarhorn.attack.secrets;

import dev.gjallarhorn.attack.secrets.SecretSearch.Hit;
import dev.gjallarhorn.evidence.Redactor;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.probe.ScriptOutput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The search script's lines read into typed findings: its {@code HIT} and {@code COPY} lines into {@link Hit}s, its
 * {@code SEARCHED} and {@code CUT} lines per place, and per place why "nothing found" is no answer. Pure functions.
 */
final class SecretSearchLines {

    private SecretSearchLines() {
    }

    /** The lines of one kind joined per place (their first word). */
    static Map<String, String> byPlace(ScriptOutput search, String kind) {
        Map<String, String> out = new LinkedHashMap<>();
        search.all(kind).forEach(l -> out.merge(l.word(0), l.rest(1), (a, b) -> a + "; " + b));
        return out;
    }

    /**
     * The secrets the search found: one per {@code HIT} line, placed by {@code place} (path, file kind) for files, with
     * the paths of its {@code COPY} lines as copies. A file's line ends in its pattern number and its kind ({@code plain},
     * {@code sqlite}, the compression it was read through, or the process that holds a deleted file open); a git line
     * names the repository, the object, where it lies and a path it had.
     */
    static List<Hit> hits(ScriptOutput search, SecretPatterns patterns, BiFunction<String, String, String> place) {
        Map<String, List<String>> copies = new LinkedHashMap<>();
        search.all("COPY").forEach(l -> copies.computeIfAbsent(l.word(0), k -> new ArrayList<>()).add(l.word(1)));
        List<Hit> hits = new ArrayList<>();
        for (ScriptOutput.Line hit : search.all("HIT")) {
            List<String> words = hit.words();
            String kind = hit.word(0);
            boolean path = kind.equals("file") || kind.equals("compressed") || kind.equals("deleted-open");
            int numberAt = words.get(words.size() - 1).matches("\\d+") ? words.size() - 1 : words.size() - 2;
            int number = numberAt < 1 ? -1 : ScriptOutput.number(words.get(numberAt));
            if (number < 1 || number > patterns.forms().size()) {
                continue; // not a secret's pattern (the script prints none other); never a hit
            }
            String form = numberAt < words.size() - 1 ? words.get(words.size() - 1) : kind.equals("file") ? "plain" : kind;
            Redactor.Form secret = patterns.form(number);
            String where;
            String placed;
            if (kind.equals("git")) {
                where = gitObject(hit);
                placed = "git";
            } else if (path) {
                String file = hit.word(1);
                where = switch (kind) {
                    case "compressed" -> file + " (decompressed: " + form + ")";
                    case "deleted-open" -> file + " (deleted, still open: " + form.replaceFirst("^pid-(\\d+)-?", "pid $1 ").strip() + ")";
                    default -> file;
                };
                placed = place.apply(file, kind.equals("file") ? form : kind);
            } else {
                where = String.join(" ", words.subList(1, numberAt));
                placed = kind;
            }
            hits.add(new Hit(placed, where, secret.secretName(), secret.encoding(), path ? copies.getOrDefault(hit.word(1), List.of()) : List.of()));
        }
        return hits;
    }

    /** {@code HIT git <git dir> <object> <type> <loose-object|pack> <path or -> <n>} as words. */
    private static String gitObject(ScriptOutput.Line hit) {
        String location = hit.word(4).equals("loose-object") ? "a loose object" : hit.word(4).equals("unknown") ? "an object" : "the pack " + hit.word(4);
        String path = hit.word(5);
        return "repository " + hit.word(1) + ": " + hit.word(3) + " " + hit.word(2) + " in " + location
                + (path.isEmpty() || path.equals("-") ? "" : " (once " + path + ")");
    }

    /**
     * Why "nothing found" is no answer in a script place: its failed commands (probe-error), what the budget or a
     * missing tool left unread (timeout, precondition-unmet), a positive control that was not found or could not be
     * planted, or none reported (oracle-blind), no SEARCHED line at all (probe-error). Places with none are left out.
     */
    static Map<String, List<Observation>> undecided(ScriptOutput search) {
        Map<String, List<Observation>> out = new LinkedHashMap<>();
        for (String place : SecretPlaces.SCRIPT_PLACES) {
            List<Observation> why = new ArrayList<>();
            String subject = SecretPlaces.describe(place);
            search.all("ERROR").stream().filter(l -> l.word(0).equals(place))
                    .forEach(l -> why.add(Observation.couldNotRun(subject, Reason.PROBE_ERROR, "a command failed, so a hit could be hidden: " + l.rest(1))));
            search.all("CUT").stream().filter(l -> l.word(0).equals(place)).forEach(l -> why.add(Observation.couldNotRun(subject,
                    l.word(1).equals("timeout") ? Reason.TIMEOUT : Reason.PRECONDITION_UNMET, "not read: " + l.rest(2)
                            + (l.word(1).equals("timeout") ? " (-Dgjallarhorn.secrets.budgetSeconds)" : ""))));
            List<ScriptOutput.Line> controls = search.all("CONTROL").stream().filter(l -> l.word(0).equals(place)).toList();
            controls.stream().filter(l -> !l.word(1).equals("found")).forEach(l -> why.add(Observation.couldNotRun(subject, Reason.ORACLE_BLIND,
                    (l.word(1).equals("missing") ? "its positive control was not found: " : "its positive control could not be planted: ")
                            + l.rest(2))));
            if (controls.isEmpty()) {
                why.add(Observation.couldNotRun(subject, Reason.ORACLE_BLIND, "the search reported no positive control for it"));
            }
            if (!place.equals("databases") && search.all("SEARCHED").stream().noneMatch(l -> l.word(0).equals(place)) && why.isEmpty()) {
                why.add(Observation.couldNotRun(subject, Reason.PROBE_ERROR, "the search did not say it read it"));
            }
            if (!why.isEmpty()) {
                out.put(place, why);
            }
        }
        return out;
    }
}
