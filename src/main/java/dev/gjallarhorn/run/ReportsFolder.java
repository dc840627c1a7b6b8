package dev.gjallarhorn.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The reports folder between runs. A new run first moves what the previous run wrote into
 * {@code reports/previous/} (replacing the generation before), so nothing stale can be read as this run's;
 * only {@code history.json} (the run history) stays where it is.
 */
public final class ReportsFolder {

    public static final String PREVIOUS = "previous";

    /** What one run writes into the reports folder, besides the Allure results and report. */
    static final List<String> RUN_FILES = List.of("run.json", "verdicts.json", "verdicts.md", "register.patch", "diff.json", "diff.md",
            "evidence", "gjallarhorn.sarif");
    static final List<String> ALLURE = List.of("allure-results", "allure-report");

    private ReportsFolder() {
    }

    /**
     * Moves the previous run's files aside; with {@code allure}, also its Allure results and report (only
     * before the test JVM starts: Allure writes its results while the attack tests run).
     *
     * @return the names moved
     */
    public static List<String> moveAside(Path reports, boolean allure) {
        List<String> names = new ArrayList<>(RUN_FILES);
        if (allure) {
            names.addAll(ALLURE);
        }
        List<String> moved = new ArrayList<>();
        Path previous = reports.resolve(PREVIOUS);
        try {
            for (String name : names) {
                Path from = reports.resolve(name);
                if (!Files.exists(from)) {
                    continue;
                }
                if (moved.isEmpty() && Files.exists(previous)) {
                    delete(previous);
                }
                Files.createDirectories(previous);
                delete(previous.resolve(name));
                Files.move(from, previous.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                moved.add(name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the previous run's reports aside into " + previous, e);
        }
        return moved;
    }

    private static void delete(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
