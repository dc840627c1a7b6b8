package dev.gjallarhorn.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the gateway's own checker said about the target: {@code openclaw security audit --json}, run read-only as the
 * gateway's user (never {@code --fix}). Evidence to compare with, never an oracle: it reads configuration only, and
 * its exit code is always 0, so only its JSON counts.
 *
 * @param notRun   why it did not run or printed nothing readable; empty when {@code findings} is what it said
 * @param findings its findings, suppressed ones left out
 * @param took     how long it ran on the target
 * @param evidence its JSON as written to the evidence, relative to the reports folder
 * @param unseen   the OPENCLAW_ settings the gateway's unit gives it through its environment, which the audit ran without
 *                 (names only): its findings on those (a gateway token) may not be the gateway's
 */
public record VendorAudit(Optional<String> notRun, List<Finding> findings, Duration took, Optional<Path> evidence, List<String> unseen) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public VendorAudit {
        findings = List.copyOf(findings);
        unseen = List.copyOf(unseen);
    }

    /**
     * One finding as the audit prints it.
     *
     * @param severity {@code critical}, {@code warn} or {@code info}
     */
    public record Finding(String checkId, String severity, String title, String detail) {

        /** A warning or a critical finding: something the audit says is wrong (an info finding only describes). */
        public boolean flagsSomething() {
            return severity.equals("warn") || severity.equals("critical");
        }

        /** {@code checkId (severity): title}, on one line. */
        public String oneLine() {
            return checkId + " (" + severity + "): " + title;
        }
    }

    public static VendorAudit notRun(String why, Duration took) {
        return new VendorAudit(Optional.of(why), List.of(), took, Optional.empty(), List.of());
    }

    /**
     * The findings of the audit's JSON ({@code {"summary":{...},"findings":[{"checkId","severity","title","detail"}],
     * "suppressedFindings":[...]}}), in its order.
     *
     * @throws IllegalArgumentException when {@code json} is not JSON or has no {@code findings} array
     */
    public static List<Finding> parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode findings = root == null ? null : root.get("findings");
        if (findings == null || !findings.isArray()) {
            throw new IllegalArgumentException("no findings array in the audit's JSON");
        }
        List<Finding> parsed = new ArrayList<>();
        for (JsonNode f : findings) {
            parsed.add(new Finding(f.path("checkId").asText(""), f.path("severity").asText("").toLowerCase(Locale.ROOT),
                    f.path("title").asText(""), f.path("detail").asText("")));
        }
        return parsed;
    }
}
