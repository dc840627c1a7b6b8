package dev.gjallarhorn.report;

import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.claims.Stride;
import dev.gjallarhorn.run.VerdictBook;
import dev.gjallarhorn.verdict.VerdictKind;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Stage;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.TestResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What the Allure report needs beyond the results the attack tests write themselves: a skipped result for
 * every claim no scenario covers (so coverage gaps show), the previous report's history (so trends and
 * per-test history carry across nights), and the executor that names the run.
 */
public final class AllureRunResults {

    private AllureRunResults() {
    }

    public static void writeNotExercised(Path results, List<VerdictBook.Entry> entries) {
        FileSystemResultsWriter writer = new FileSystemResultsWriter(results);
        long now = System.currentTimeMillis();
        for (VerdictBook.Entry entry : entries) {
            if (entry.verdict().kind() != VerdictKind.NOT_EXERCISED) {
                continue;
            }
            Claim claim = entry.claim();
            List<Label> labels = new ArrayList<>(List.of(
                    label("epic", claim.stride().isEmpty() ? "Controls" : claim.stride().get(0).title()),
                    label("feature", claim.title()),
                    label("story", claim.id()),
                    label("claim", claim.id()),
                    label("claimed", claim.status().word()),
                    label("verdict", "NOT_EXERCISED"),
                    label("severity", "normal"),
                    label("suite", "Not exercised")));
            claim.stride().stream().map(Stride::tag).forEach(tag -> labels.add(label("tag", tag)));
            TestResult result = new TestResult()
                    .setUuid(UUID.randomUUID().toString())
                    .setHistoryId("gjallarhorn-claim-" + claim.id())
                    .setFullName("gjallarhorn.claims." + claim.id())
                    .setName(claim.id() + ": " + claim.title() + " (not exercised)")
                    .setStatus(Status.SKIPPED)
                    .setStatusDetails(new StatusDetails().setMessage("NOT_EXERCISED: no scenario covers " + claim.id() + " yet"))
                    .setStage(Stage.FINISHED)
                    .setStart(now)
                    .setStop(now)
                    .setLabels(labels);
            writer.write(result);
        }
    }

    /**
     * Copies the last Allure report's {@code history} into {@code results/history}, which is how Allure 2 keeps
     * history: from {@code reports/allure-report}, or from {@code reports/previous/allure-report} where the
     * previous run's report was moved aside before this run.
     */
    public static void carryHistory(Path reports, Path results) {
        Path from = reports.resolve("allure-report/history");
        if (!Files.isDirectory(from)) {
            from = reports.resolve("previous/allure-report/history");
        }
        if (!Files.isDirectory(from)) {
            return;
        }
        Path to = results.resolve("history");
        try (Stream<Path> files = Files.list(from)) {
            Files.createDirectories(to);
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot carry the Allure history from " + from, e);
        }
    }

    public static void writeExecutor(Path results, String runId, String target) {
        String json;
        try {
            json = VerdictsReport.JSON.writeValueAsString(Map.of("name", "gjallarhorn", "type", "gjallarhorn",
                    "buildName", runId, "reportName", "gjallarhorn: " + target));
            Files.createDirectories(results);
            Files.writeString(results.resolve("executor.json"), json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write executor.json to " + results, e);
        }
    }

    private static Label label(String name, String value) {
        return new Label().setName(name).setValue(value);
    }
}
