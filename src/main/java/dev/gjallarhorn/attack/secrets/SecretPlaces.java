package dev.gjallarhorn.attack.secrets;

import dev.gjallarhorn.attack.secrets.SecretSearch.SecretSearchFindings;
import dev.gjallarhorn.attack.secrets.SecretSearch.Hit;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The places the secret search reads, as the claims name them ({@code journald}, {@code files-on-disk}, ...) and as the
 * search script reports from ({@code file}, {@code compressed}, ...), and what a claim's place observed: its hits, else
 * why nothing found is no answer there, else BLOCKED with what was searched. Pure functions of {@link SecretSearch.SecretSearchFindings}.
 */
final class SecretPlaces {

    /** Places that are logs; a secret in one of them contradicts T-003. */
    static final Set<String> LOG_PLACES = Set.of("journald", "var-log", "tmp-openclaw", "docker-logs", "process-argv", "unit-properties");
    /** Places searched as files; a cut in the file sweep, the decompression or the deleted-but-open files leaves each unfinished. */
    static final Set<String> FILE_PLACES = Set.of("var-log", "tmp-openclaw", "agent-state", "files-on-disk", "databases", "core-dumps", "docker-images");

    /** Where the search script reports from; the claim's places are read from one or more of them ({@link #sources}). */
    static final List<String> SCRIPT_PLACES = List.of("journald", "file", "compressed", "git", "databases", "deleted-open", "process-argv",
            "process-environ", "container-config", "docker-logs", "docker-images", "unit-properties");

    /** The script places a file place is read from: as it is, decompressed by its first bytes, and deleted but held open. */
    private static final List<String> FILE_SOURCES = List.of("file", "compressed", "deleted-open");

    private SecretPlaces() {
    }

    /** The script places a claim's place is read from: a log found among files is as blind as the file sweep. */
    static List<String> sources(String place) {
        return switch (place) {
            case "databases" -> List.of("file", "compressed", "deleted-open", "databases");
            case "docker-images" -> List.of("file", "compressed", "deleted-open", "docker-images");
            default -> FILE_PLACES.contains(place) ? FILE_SOURCES : List.of(place);
        };
    }

    static List<Observation> observe(SecretSearchFindings f, String place, Predicate<Hit> which) {
        List<Observation> observations = new ArrayList<>();
        f.hits().stream().filter(which).forEach(h -> observations.add(Observation.succeeded(h.where() + " (" + h.secret() + ")",
                h.secret() + " found there (" + h.encoding() + ")")));
        if (observations.isEmpty()) {
            sources(place).forEach(s -> observations.addAll(f.undecided().getOrDefault(s, List.of())));
        }
        if (observations.isEmpty()) {
            String searched = searched(f, place);
            observations.add(searched == null ? Observation.couldNotRun(describe(place), Reason.PROBE_ERROR, "the search did not reach it")
                    : Observation.blocked(describe(place), "searched " + searched + ": no secret, and its positive control was found"));
        }
        return observations;
    }

    /** What was searched for a place: its own SEARCHED line, or for the places found among files, the file sweep's. */
    private static String searched(SecretSearchFindings f, String place) {
        if (FILE_PLACES.contains(place)) {
            String files = join(join(f.searched().get("file"), f.searched().get("compressed")), f.searched().get("deleted-open"));
            return files == null ? null : (place.equals("docker-images") ? join(f.searched().get("docker-images"), files) : files);
        }
        if (place.equals("docker-logs") && f.searched().get("docker-logs") != null) {
            return f.searched().get("docker-logs") + " (and their json-file logs, as files)";
        }
        return f.searched().get(place);
    }

    private static String join(String a, String b) {
        return a == null ? b : b == null ? a : a + "; " + b;
    }

    /** A place as the claim's part names it, e.g. "the journal (every field of every entry)". */
    static String describe(String place) {
        return switch (place) {
            case "journald" -> "the journal (every field of every entry)";
            case "var-log" -> "the logs the target writes (/var/log, units' output files, logrotate's and rsyslog's files, open log files;"
                    + " rotated and compressed ones too)";
            case "databases" -> "databases (SQLite files)";
            case "core-dumps" -> "core dumps";
            case "container-config" -> "containers' configuration (docker inspect)";
            case "process-environ" -> "processes' environments (but the units that load secrets.env)";
            case "tmp-openclaw" -> "OpenClaw's file log (/tmp/openclaw)";
            case "docker-logs" -> "container logs";
            case "process-argv" -> "process arguments";
            case "unit-properties" -> "unit properties (systemctl show)";
            case "agent-state" -> "the service user's ~/.openclaw";
            case "docker-images" -> "Docker images (history, config and layers)";
            case "files-on-disk" -> "files on disk";
            case "git" -> "git repositories (every object, loose and packed)";
            default -> place;
        };
    }
}
