package dev.gjallarhorn.report;

import dev.gjallarhorn.verdict.VerdictKind;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gjallarhorn.probe.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code categories.json} for the Allure report: one category per verdict (and per inconclusive reason), and
 * "Known gap (confirmed)" for a Gap or absent control whose attack got through, matched (as Allure does: the
 * whole message, {@code DOTALL}) on the start of the status message every claim carries ({@link VerdictMessage}).
 * The categories do not overlap. Harness faults that are not verdicts fall through to Allure's own "Test defects".
 */
public final class AllureCategories {

    public static final String CONTRADICTED = "Claim contradicted";
    public static final String KNOWN_GAP = "Known gap (confirmed)";

    private AllureCategories() {
    }

    public static void write(Path resultsDir) {
        ArrayNode categories = VerdictsReport.JSON.createArrayNode();
        add(categories, CONTRADICTED, "failed", VerdictKind.CONTRADICTED.messagePrefix() + ".*");
        for (Reason reason : Reason.values()) {
            add(categories, "Inconclusive: " + reason.slug(), "broken", VerdictKind.INCONCLUSIVE.label() + "\\(" + reason.slug() + "\\): .*");
        }
        add(categories, KNOWN_GAP, "passed", VerdictKind.HOLDS.label() + " \\(known gap\\): .*");
        add(categories, "Register stale", "passed", VerdictKind.STALE.messagePrefix() + ".*");
        add(categories, "Not exercised", "skipped", VerdictKind.NOT_EXERCISED.messagePrefix() + ".*");
        try {
            Files.createDirectories(resultsDir);
            Files.writeString(resultsDir.resolve("categories.json"), VerdictsReport.JSON.writeValueAsString(categories));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write categories.json to " + resultsDir, e);
        }
    }

    private static void add(ArrayNode categories, String name, String status, String messageRegex) {
        ObjectNode category = categories.addObject();
        category.put("name", name);
        category.putArray("matchedStatuses").add(status);
        category.put("messageRegex", messageRegex);
    }
}
