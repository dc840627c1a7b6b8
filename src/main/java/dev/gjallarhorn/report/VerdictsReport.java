package dev.gjallarhorn.report;

import dev.gjallarhorn.evidence.Redactor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.claims.Stride;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.verdict.VerdictBook;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.PartVerdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code reports/verdicts.json}: every claim of the threat model with its claimed status, what was observed,
 * the verdict and its reason, the evidence files and timings. Its schema is documented in the README.
 */
public final class VerdictsReport {

    public static final String FILE = "verdicts.json";
    public static final int SCHEMA = 1;
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private VerdictsReport() {
    }

    public static Path write(Path reports, Map<String, Object> run, List<VerdictBook.Entry> entries, Redactor redactor) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.set("run", JSON.valueToTree(run));
        ArrayNode claims = root.putArray("claims");
        for (VerdictBook.Entry entry : entries) {
            claims.add(claim(entry));
        }
        Path file = reports.resolve(FILE);
        try {
            Files.createDirectories(reports);
            Files.writeString(file, redactor.scrub(JSON.writeValueAsString(root)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private static ObjectNode claim(VerdictBook.Entry entry) {
        Claim c = entry.claim();
        ObjectNode node = JSON.createObjectNode();
        node.put("id", c.id());
        node.put("kind", c.kind().name());
        node.put("title", c.title());
        node.put("claimed", c.status().word());
        node.put("claimedText", c.statusText());
        ArrayNode stride = node.putArray("stride");
        c.stride().stream().map(Stride::tag).forEach(stride::add);
        if (c.risk().isPresent()) {
            node.put("likelihood", c.likelihood());
            node.put("impact", c.impact());
            node.put("risk", c.risk().getAsInt());
        }
        node.put("line", c.line());
        node.put("verdict", entry.verdict().kind().name());
        node.put("reason", entry.verdict().reason().map(r -> r.slug()).orElse(null));
        node.put("label", entry.verdict().label());
        node.put("knownGap", KnownGap.confirmed(c, entry.verdict().kind()));
        node.put("severity", Severity.allure(c, entry.verdict().kind()));
        node.put("observed", entry.evaluation().map(ClaimEvaluation::observed).orElse(entry.verdict().why()));
        node.put("why", entry.verdict().why());
        // the whole file is scrubbed as it is written
        entry.evaluation().map(ClaimEvaluation::labels).filter(l -> !l.isEmpty())
                .ifPresent(labels -> labels.forEach((k, v) -> node.withObjectProperty("labels").put(k, v)));
        ArrayNode parts = node.putArray("parts");
        List<PartEvaluation> evaluated = entry.evaluation().map(ClaimEvaluation::parts).orElse(List.of());
        for (int i = 0; i < entry.verdict().parts().size(); i++) {
            PartVerdict pv = entry.verdict().parts().get(i);
            ObjectNode part = parts.addObject();
            part.put("name", pv.name());
            part.put("role", pv.role().name());
            part.put("predicted", pv.predicted().name());
            part.put("verdict", pv.role() == dev.gjallarhorn.verdict.PartRole.NOTE ? "NOTED" : pv.kind().name());
            part.put("label", pv.label());
            part.put("reason", pv.reason().map(r -> r.slug()).orElse(null));
            part.put("why", pv.why());
            ArrayNode observations = part.putArray("observations");
            if (i < evaluated.size()) {
                for (Observation o : evaluated.get(i).observations()) {
                    ObjectNode obs = observations.addObject();
                    obs.put("subject", o.subject());
                    obs.put("outcome", o.outcome().name());
                    obs.put("reason", o.reason().map(r -> r.slug()).orElse(null));
                    obs.put("detail", o.detail());
                }
            }
        }
        ArrayNode evidence = node.putArray("evidence");
        entry.evaluation().ifPresent(e -> e.evidence().forEach(p -> evidence.add(p.toString())));
        entry.evaluation().ifPresent(e -> {
            node.put("startedAt", e.startedAt().toString());
            node.put("durationMs", e.elapsed().toMillis());
        });
        return node;
    }

    /**
     * One line of the summary, read back from a written file, with its parts as written (empty where the file
     * has none).
     */
    public record Line(String id, String claimed, String verdict, String reason, String label, String observed, List<Part> parts) {
        public Line {
            parts = List.copyOf(parts);
        }

        public Line(String id, String claimed, String verdict, String reason, String label, String observed) {
            this(id, claimed, verdict, reason, label, observed, List.of());
        }
    }

    /**
     * One part of a claim as written: its role ({@code CLAIM}, {@code CONTROL}, {@code NOTE}), verdict
     * ({@code HOLDS}, {@code INCONCLUSIVE}, {@code NOTED}, …), reason slug (null unless inconclusive) and label.
     */
    public record Part(String name, String role, String verdict, String reason, String label) {
        /** The reason, from the label where the file wrote none, e.g. {@code probe-error} of {@code INCONCLUSIVE(probe-error)}. */
        public String reasonOrLabelled() {
            if (reason != null || label == null || !label.endsWith(")") || label.indexOf('(') < 0) {
                return reason;
            }
            return label.substring(label.indexOf('(') + 1, label.length() - 1);
        }
    }

    public static List<Line> read(Path file) {
        return read(ReportFiles.readJson(file, "a gjallarhorn verdicts.json"));
    }

    /** The claims of a verdicts.json already read. */
    public static List<Line> read(JsonNode root) {
        List<Line> lines = new ArrayList<>();
        for (JsonNode c : root.path("claims")) {
            List<Part> parts = new ArrayList<>();
            for (JsonNode p : c.path("parts")) {
                parts.add(new Part(p.path("name").asText(), p.path("role").asText(), p.path("verdict").asText(),
                        p.path("reason").isNull() || p.path("reason").isMissingNode() ? null : p.path("reason").asText(), p.path("label").asText()));
            }
            lines.add(new Line(c.path("id").asText(), c.path("claimed").asText(), c.path("verdict").asText(),
                    c.path("reason").isNull() ? null : c.path("reason").asText(), c.path("label").asText(), c.path("observed").asText(), parts));
        }
        return lines;
    }
}
