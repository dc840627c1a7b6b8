package dev.gjallarhorn.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.evidence.Redactor;
import dev.gjallarhorn.verdict.Verdict;
import dev.gjallarhorn.verdict.VerdictKind;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Allure test results of one claim's attacks ({@code *-result.json} nodes), folded into the claim's one result
 * ({@link AllureClaimResults}): its status and message, the framework's labels, parameters and steps.
 */
final class AllureFoldedTests {

    private static final Set<String> FRAMEWORK_LABELS = Set.of("host", "thread", "framework", "language", "package", "testClass",
            "testMethod", "parentSuite", "suite", "subSuite");

    private AllureFoldedTests() {
    }

    /**
     * Puts {@code status} and {@code statusDetails} (message, and a trace unless passed): the verdict's, unless a
     * test failed or broke with a message that is no verdict (a harness error), which leaves the claim broken.
     */
    static void putStatus(ObjectNode result, Claim claim, Verdict verdict, List<ObjectNode> tests, Redactor redactor) {
        String status = status(verdict);
        String message = redactor.scrub(VerdictMessage.of(claim, verdict));
        if (verdict.kind() == VerdictKind.NOT_EXERCISED) {
            // a skipped test says why (-Dgjallarhorn.claims, -Dgroups left it out): better than "no scenario covers it"
            message = tests.stream().map(t -> t.path("statusDetails").path("message").asText(""))
                    .filter(m -> m.startsWith(VerdictKind.NOT_EXERCISED.messagePrefix())).findFirst().orElse(message);
        }
        String trace = null;
        for (ObjectNode test : tests) {
            String testStatus = test.path("status").asText("");
            String testMessage = test.path("statusDetails").path("message").asText(null);
            if ((testStatus.equals("failed") || testStatus.equals("broken")) && !VerdictMessage.isVerdict(testMessage)) {
                status = "broken";
                message = "harness error in " + test.path("name").asText("an attack test") + ": " + testMessage;
                trace = test.path("statusDetails").path("trace").asText(null);
                break;
            }
            if (trace == null && testStatus.equals(status)) {
                trace = test.path("statusDetails").path("trace").asText(null);
            }
        }
        result.put("status", status);
        ObjectNode details = result.putObject("statusDetails");
        details.put("message", message);
        if (trace != null && !status.equals("passed")) {
            details.put("trace", trace);
        }
    }

    /** Puts the tests' distinct parameters, and their steps and attachments: one test's as they are, several as one step each. */
    static void putSteps(ObjectNode result, List<ObjectNode> tests, long now) {
        boolean single = tests.size() == 1;
        ArrayNode parameters = result.putArray("parameters");
        Set<String> seen = new LinkedHashSet<>();
        for (ObjectNode test : tests) {
            for (JsonNode parameter : test.path("parameters")) {
                if (seen.add(parameter.path("name").asText() + "=" + parameter.path("value").asText())) {
                    parameters.add(parameter.deepCopy());
                }
            }
        }
        if (single) {
            result.set("steps", tests.get(0).path("steps").deepCopy());
            result.set("attachments", tests.get(0).path("attachments").deepCopy());
        } else {
            ArrayNode steps = result.putArray("steps");
            for (ObjectNode test : tests) {
                ObjectNode step = steps.addObject();
                step.put("name", test.path("name").asText("attack"));
                step.put("status", test.path("status").asText("unknown"));
                step.set("statusDetails", test.path("statusDetails").deepCopy());
                step.put("stage", "finished");
                step.set("steps", test.path("steps").deepCopy());
                step.set("attachments", test.path("attachments").deepCopy());
                step.set("parameters", test.path("parameters").deepCopy());
                step.put("start", test.path("start").asLong(now));
                step.put("stop", test.path("stop").asLong(now));
            }
            result.putArray("attachments");
        }
    }

    private static String status(Verdict verdict) {
        return switch (verdict.kind()) {
            case CONTRADICTED -> "failed";
            case INCONCLUSIVE -> "broken";
            case STALE, HOLDS -> "passed";
            case NOT_EXERCISED -> "skipped";
        };
    }

    /** The test framework's own labels (class, suite, host, feature, JUnit tags), without the ones a claim decides. */
    static Map<String, List<String>> frameworkLabels(List<ObjectNode> tests) {
        Map<String, Set<String>> values = new LinkedHashMap<>();
        for (ObjectNode test : tests) {
            for (JsonNode label : test.path("labels")) {
                String name = label.path("name").asText();
                String value = label.path("value").asText();
                boolean claimTag = name.equals("tag") && AllureClaimLabels.isClaimTag(value);
                if ((FRAMEWORK_LABELS.contains(name) || name.equals("feature") || name.equals("tag")) && !claimTag) {
                    values.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(value);
                }
            }
        }
        Map<String, List<String>> labels = new LinkedHashMap<>();
        values.forEach((name, set) -> {
            boolean multiValued = name.equals("tag") || name.equals("feature");
            if (multiValued || set.size() == 1) {
                labels.put(name, List.copyOf(set));
            } else if (name.equals("suite") || name.equals("testClass")) {
                labels.put(name, List.of(String.join(" + ", set)));
            }
        });
        return labels;
    }
}
