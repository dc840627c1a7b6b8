package dev.gjallarhorn.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The run this one is compared with. {@code -Dgjallarhorn.baseline=FILE} names it; otherwise the previous
 * run's {@code verdicts.json} (and {@code run.json}) are moved into {@code reports/baseline/} before this run
 * writes its own, and a baseline already there is kept when the previous run left no verdicts.
 */
public final class Baseline {

    public static final String DIR = "baseline";

    private Baseline() {
    }

    public static Optional<Path> prepare(RunSettings settings) {
        if (settings.baseline().isPresent()) {
            return settings.baseline().filter(Files::isRegularFile);
        }
        Path reports = settings.reports();
        Path kept = reports.resolve(DIR);
        try {
            if (Files.isRegularFile(reports.resolve("verdicts.json"))) {
                Files.createDirectories(kept);
                Files.move(reports.resolve("verdicts.json"), kept.resolve("verdicts.json"), StandardCopyOption.REPLACE_EXISTING);
                if (Files.isRegularFile(reports.resolve("run.json"))) {
                    Files.move(reports.resolve("run.json"), kept.resolve("run.json"), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the previous verdicts as the baseline in " + kept, e);
        }
        Path file = kept.resolve("verdicts.json");
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }
}
