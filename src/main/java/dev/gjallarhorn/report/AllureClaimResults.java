package dev.gjallarhorn.report;

import dev.gjallarhorn.evidence.Redactor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.claims.ClaimScope;
import dev.gjallarhorn.claims.ClaimScopes;
import dev.gjallarhorn.verdict.VerdictBook;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.Verdict;
import dev.gjallarhorn.verdict.VerdictKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Makes the Allure results count claims, not tests: at the end of an attack session, every {@code *-result.json}
 * in the results folder that carries a {@code claim} label is folded into exactly one result per claim of the
 * threat model, so the report's "failed" count is the exit gate's CONTRADICTED count. A claim judged by one test keeps
 * that test's steps and attachments; a claim judged by several (C-FIREWALL: the VM and the containers) becomes one
 * result with one step per test. Its status, message and labels are the claim's verdict from the run's
 * {@link VerdictBook} ({@link VerdictMessage}, {@link AllureClaimLabels}): failed = CONTRADICTED, broken =
 * INCONCLUSIVE, passed = HOLDS or STALE, skipped = NOT_EXERCISED; a claim no test judged gets a skipped result.
 * One exception, so that nothing can hide a fault: a test that failed or broke with a message that is no verdict
 * (a harness error) leaves its claim broken with that message.
 *
 * <p>Every claim result has the history id {@code gjallarhorn-claim-ID}, so Allure's history and trend follow the
 * claim across runs whatever tests judge it. Results for claims the document does not have (attacks skipped as
 * orphans, listed in run.json) are removed.
 */
public final class AllureClaimResults {

    /** What the fold did: claims written, and the claim ids whose results were removed as not in the document. */
    public record Folded(int claims, int testsFolded, List<String> orphansRemoved) {
    }

    private AllureClaimResults() {
    }

    public static Folded fold(Path results, List<VerdictBook.Entry> entries, Path threatModel, Redactor redactor) {
        return fold(results, entries, threatModel, redactor, ClaimScopes.bundled());
    }

    /**
     * As {@link #fold(Path, List, Path, Redactor)}; a claim's written scope ({@code scopes}) is in its description, and
     * what the run covered of it ({@link ScopeReport}) is attached as {@code scope} to every claim the run judged.
     */
    public static Folded fold(Path results, List<VerdictBook.Entry> entries, Path threatModel, Redactor redactor,
                              ClaimScopes scopes) {
        return fold(results, entries, threatModel, redactor, scopes, java.util.Optional.empty());
    }

    /**
     * As {@link #fold(Path, List, Path, Redactor, ClaimScopes)}; where the gateway's own audit ran ({@code audit}), a
     * claim it speaks to gets what it said beside the verdict ({@link AllureVendorAudit}) attached.
     */
    public static Folded fold(Path results, List<VerdictBook.Entry> entries, Path threatModel, Redactor redactor,
                              ClaimScopes scopes, java.util.Optional<VendorAuditComparison> audit) {
        Map<String, List<Path>> files = new LinkedHashMap<>();
        Map<String, List<ObjectNode>> byClaim = new LinkedHashMap<>();
        for (Path file : resultFiles(results)) {
            ObjectNode result = readIfWhole(file);
            if (result == null) {
                continue; // written or removed meanwhile by another writer of this folder: not one of this run's claims yet
            }
            String claim = label(result, "claim");
            if (claim != null) {
                byClaim.computeIfAbsent(claim, c -> new ArrayList<>()).add(result);
                files.computeIfAbsent(claim, c -> new ArrayList<>()).add(file);
            }
        }
        int folded = 0;
        for (VerdictBook.Entry entry : entries) {
            List<ObjectNode> tests = byClaim.getOrDefault(entry.claim().id(), List.of());
            folded += tests.size();
            ObjectNode result = claimResult(entry, tests, threatModel, redactor);
            withScope(results, result, entry, scopes.of(entry.claim().id()), redactor);
            audit.flatMap(c -> AllureVendorAudit.forClaim(c, entry.claim().id()))
                    .ifPresent(text -> attach(results, result, AllureVendorAudit.ATTACHMENT, text, redactor));
            write(results, result);
            files.getOrDefault(entry.claim().id(), List.of()).forEach(AllureClaimResults::delete);
        }
        List<String> orphans = new ArrayList<>(new TreeSet<>(byClaim.keySet()));
        orphans.removeIf(id -> entries.stream().anyMatch(e -> e.claim().id().equals(id)));
        orphans.forEach(id -> files.get(id).forEach(AllureClaimResults::delete));
        return new Folded(entries.size(), folded, orphans);
    }

    static ObjectNode claimResult(VerdictBook.Entry entry, List<ObjectNode> tests, Path threatModel, Redactor redactor) {
        Claim claim = entry.claim();
        Verdict verdict = entry.verdict();
        ObjectNode result = VerdictsReport.JSON.createObjectNode();
        result.put("uuid", UUID.randomUUID().toString());
        result.put("historyId", "gjallarhorn-claim-" + claim.id());
        result.put("testCaseId", "gjallarhorn-claim-" + claim.id());
        boolean single = tests.size() == 1;
        result.put("fullName", single && tests.get(0).hasNonNull("fullName") ? tests.get(0).get("fullName").asText() : "gjallarhorn.claims." + claim.id());
        result.put("name", single && tests.get(0).hasNonNull("name") ? tests.get(0).get("name").asText()
                : claim.id() + ": " + claim.title() + (tests.isEmpty() ? " (not exercised)" : " (" + tests.size() + " attacks)"));
        result.put("description", claim.title() + ". Claimed: " + claim.status().word()
                + (claim.statusText().isBlank() ? "" : " (" + claim.statusText() + ")") + ". Register: " + threatModel.getFileName() + " line " + claim.line() + ".");

        AllureFoldedTests.putStatus(result, claim, verdict, tests, redactor);
        result.put("stage", "finished");

        long now = System.currentTimeMillis();
        long start = tests.stream().mapToLong(t -> t.path("start").asLong(now)).min().orElse(now);
        // the tests of one claim may run minutes apart: the claim took the time its tests took, not the span between them
        long took = tests.stream().mapToLong(t -> Math.max(0, t.path("stop").asLong(now) - t.path("start").asLong(now))).sum();
        result.put("start", start);
        result.put("stop", start + took);

        ArrayNode labels = result.putArray("labels");
        AllureFoldedTests.frameworkLabels(tests).forEach((name, values) -> values.forEach(v -> labels.addObject().put("name", name).put("value", v)));
        AllureClaimLabels.of(claim, verdict).forEach((name, values) -> values.forEach(v -> labels.addObject().put("name", name).put("value", v)));
        labels.addObject().put("name", "observed").put("value", redactor.scrub(observed(entry)));
        if (tests.isEmpty()) {
            labels.addObject().put("name", "suite").put("value", "Not exercised");
        }

        AllureFoldedTests.putSteps(result, tests, now);
        return result;
    }

    /** The scope's promise and dimensions appended to the description; for a judged claim, the scope report attached. */
    static void withScope(Path results, ObjectNode result, VerdictBook.Entry entry, java.util.Optional<ClaimScope> scope,
                          Redactor redactor) {
        scope.ifPresent(s -> {
            StringBuilder description = new StringBuilder(result.path("description").asText(""));
            description.append("\n\nPromise: ").append(s.promise()).append("\n\nDimensions an attacker can vary:");
            s.dimensions().forEach(d -> description.append("\n- ").append(d.name()).append(": ").append(d.values()));
            result.put("description", redactor.scrub(description.toString()));
        });
        if (entry.verdict().kind() == VerdictKind.NOT_EXERCISED) {
            return;
        }
        attach(results, result, "scope", ScopeReport.render(entry, scope), redactor);
    }

    /** {@code text}, redacted, as a plain-text attachment {@code name} of {@code result}. */
    private static void attach(Path results, ObjectNode result, String name, String text, Redactor redactor) {
        String source = UUID.randomUUID() + "-attachment.txt";
        try {
            Files.createDirectories(results);
            Files.writeString(results.resolve(source), redactor.scrub(text));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an Allure attachment into " + results, e);
        }
        ArrayNode attachments = result.has("attachments") && result.get("attachments").isArray()
                ? (ArrayNode) result.get("attachments") : result.putArray("attachments");
        attachments.addObject().put("name", name).put("source", source).put("type", "text/plain");
    }

    private static String observed(VerdictBook.Entry entry) {
        return entry.evaluation().map(ClaimEvaluation::observed).filter(s -> !s.isBlank()).orElse(entry.verdict().why());
    }

    private static String label(JsonNode result, String name) {
        for (JsonNode label : result.path("labels")) {
            if (label.path("name").asText().equals(name)) {
                return label.path("value").asText();
            }
        }
        return null;
    }

    private static List<Path> resultFiles(Path results) {
        if (!Files.isDirectory(results)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(results)) {
            return list.filter(p -> p.getFileName().toString().endsWith("-result.json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the Allure results in " + results, e);
        }
    }

    private static ObjectNode readIfWhole(Path file) {
        try {
            return read(file);
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    private static ObjectNode read(Path file) {
        try {
            return (ObjectNode) VerdictsReport.JSON.readTree(file.toFile());
        } catch (IOException | ClassCastException e) {
            throw new UncheckedIOException("cannot read the Allure result " + file, e instanceof IOException io ? io : new IOException(e));
        }
    }

    private static void write(Path results, ObjectNode result) {
        try {
            Files.createDirectories(results);
            Files.writeString(results.resolve(result.get("uuid").asText() + "-result.json"), VerdictsReport.JSON.writeValueAsString(result));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an Allure result into " + results, e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
    }
}
