package dev.gjallarhorn.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the Allure overview says about the run, and whether its trend continues the previous report's.
 * <ul>
 *   <li>{@code environment.properties} (the overview shows the first five): Target (with its kind), Run id, Gateway
 *       (the {@code gateway} fact the target reported, see run.json {@code identity}; "not reported by the target"
 *       otherwise), Threat model, Endpoint, Invocation, Trend, and the attacks skipped because the document lacks
 *       their claim;</li>
 *   <li>{@code executor.json}: the run id as build name, a build order one past the previous report's, and the
 *       report name {@code gjallarhorn: TARGET, THREATMODEL}, which the trend entries carry; the same as
 *       {@value #EXECUTOR_PROPERTIES} ({@code gjallarhorn.executor.*}), because allure-maven writes executor.json
 *       itself from its {@code executorInfo}, which the attack profile fills from that file;</li>
 *   <li>{@code history/}: the previous report's history (trend and per-claim history), carried only when that
 *       report's name is this run's, i.e. the same target and the same threat model file; another target starts
 *       a trend of its own, and the overview says why.</li>
 * </ul>
 * The facts come from the run's own description ({@code run.json}'s fields: id, target, kind, endpoint,
 * threatModel, invocation, identity).
 */
public final class AllureEnvironment {

    /** The executor as Maven properties, for allure-maven's executorInfo (which rewrites executor.json). */
    public static final String EXECUTOR_PROPERTIES = "executor.properties";

    /** What was decided about the trend, for the environment and the log. */
    public record Trend(boolean carried, int buildOrder, String why) {
    }

    private AllureEnvironment() {
    }

    public static Trend write(Path results, Path reports, Map<String, Object> run, List<String> skippedAttacks) {
        String reportName = reportName(run);
        Trend trend = carryHistory(reports, results, reportName);
        Map<String, String> environment = new LinkedHashMap<>();
        Object kind = run.get("kind");
        environment.put("Target", text(run.get("target")) + (kind == null || kind.equals(run.get("target")) ? "" : " (" + kind + ")"));
        environment.put("Run id", text(run.get("id")));
        environment.put("Gateway", gateway(run).orElse("not reported by the target"));
        environment.put("Threat model", text(run.get("threatModel")));
        environment.put("Endpoint", text(run.get("endpoint")));
        environment.put("Invocation", text(run.get("invocation")));
        environment.put("Trend", trend.why());
        AllureVendorAudit.environmentLine(run.get("vendorAudit")).ifPresent(line -> environment.put("Gateway's own audit", line));
        if (!skippedAttacks.isEmpty()) {
            environment.put("Attacks skipped (claim not in the document)", String.join(", ", skippedAttacks));
        }
        try {
            Files.createDirectories(results);
            StringBuilder properties = new StringBuilder();
            environment.forEach((key, value) -> properties.append(escapeKey(key)).append(" = ").append(escapeValue(value)).append('\n'));
            Files.writeString(results.resolve("environment.properties"), properties.toString(), java.nio.charset.StandardCharsets.ISO_8859_1);
            ObjectNode executor = VerdictsReport.JSON.createObjectNode();
            executor.put("name", "gjallarhorn");
            executor.put("type", "gjallarhorn");
            executor.put("buildName", text(run.get("id")));
            executor.put("buildOrder", trend.buildOrder());
            executor.put("reportName", reportName);
            Files.writeString(results.resolve("executor.json"), VerdictsReport.JSON.writeValueAsString(executor));
            // allure-maven rewrites executor.json from its executorInfo; the build reads these into it (properties-maven-plugin)
            StringBuilder forMaven = new StringBuilder();
            executor.fields().forEachRemaining(f -> forMaven.append(escapeKey("gjallarhorn.executor." + f.getKey())).append(" = ")
                    .append(escapeValue(f.getValue().asText())).append('\n'));
            Files.writeString(results.resolve(EXECUTOR_PROPERTIES), forMaven.toString(), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Allure environment into " + results, e);
        }
        return trend;
    }

    /** {@code gjallarhorn: twin:as-claimed, bilrost-threat-model.md}: what a trend is a trend of. */
    static String reportName(Map<String, Object> run) {
        String model = text(run.get("threatModel"));
        return "gjallarhorn: " + text(run.get("target")) + ", " + Path.of(model).getFileName();
    }

    static Optional<String> gateway(Map<String, Object> run) {
        if (run.get("identity") instanceof Map<?, ?> identity && identity.get("gateway") != null) {
            return Optional.of(String.valueOf(identity.get("gateway")));
        }
        return Optional.empty();
    }

    /**
     * Copies the last report's {@code history} into the results (how Allure 2 keeps history), from
     * {@code reports/allure-report} or, where this run moved it aside, {@code reports/previous/allure-report};
     * only if its trend is of the same report name.
     */
    static Trend carryHistory(Path reports, Path results, String reportName) {
        Path from = reports.resolve("allure-report/history");
        if (!Files.isDirectory(from)) {
            from = reports.resolve("previous/allure-report/history");
        }
        if (!Files.isDirectory(from)) {
            return new Trend(false, 1, "first report of " + reportName);
        }
        JsonNode trend = readTrend(from.resolve("history-trend.json"));
        String previousName = trend.path(0).path("reportName").asText("");
        if (!previousName.equals(reportName)) {
            return new Trend(false, 1, "new: the previous report was " + (previousName.isEmpty() ? "of another kind" : "'" + previousName + "'"));
        }
        int buildOrder = 1;
        for (JsonNode point : trend) {
            buildOrder = Math.max(buildOrder, point.path("buildOrder").asInt(0) + 1);
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
        return new Trend(true, buildOrder, "continues " + (trend.size()) + " earlier report(s) of " + reportName);
    }

    private static JsonNode readTrend(Path file) {
        if (!Files.isRegularFile(file)) {
            return VerdictsReport.JSON.createArrayNode();
        }
        try {
            JsonNode trend = VerdictsReport.JSON.readTree(file.toFile());
            return trend != null && trend.isArray() ? trend : VerdictsReport.JSON.createArrayNode();
        } catch (IOException e) {
            return VerdictsReport.JSON.createArrayNode(); // an unreadable trend starts a new one, as a missing one does
        }
    }

    private static String text(Object value) {
        return value == null ? "unknown" : String.valueOf(value);
    }

    private static String escapeKey(String key) {
        return escapeValue(key).replace(" ", "\\ ").replace(":", "\\:").replace("=", "\\=");
    }

    private static String escapeValue(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c > 0x7e || c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
