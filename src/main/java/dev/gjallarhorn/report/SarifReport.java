package dev.gjallarhorn.report;

import dev.gjallarhorn.evidence.Redactor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import de.jcup.sarif_2_1_0.model.ArtifactLocation;
import de.jcup.sarif_2_1_0.model.Invocation;
import de.jcup.sarif_2_1_0.model.Location;
import de.jcup.sarif_2_1_0.model.Message;
import de.jcup.sarif_2_1_0.model.MultiformatMessageString;
import de.jcup.sarif_2_1_0.model.PartialFingerprints;
import de.jcup.sarif_2_1_0.model.PhysicalLocation;
import de.jcup.sarif_2_1_0.model.PropertyBag;
import de.jcup.sarif_2_1_0.model.Region;
import de.jcup.sarif_2_1_0.model.ReportingConfiguration;
import de.jcup.sarif_2_1_0.model.ReportingDescriptor;
import de.jcup.sarif_2_1_0.model.Result;
import de.jcup.sarif_2_1_0.model.Run;
import de.jcup.sarif_2_1_0.model.RunAutomationDetails;
import de.jcup.sarif_2_1_0.model.SarifSchema210;
import de.jcup.sarif_2_1_0.model.Tool;
import de.jcup.sarif_2_1_0.model.ToolComponent;
import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.claims.Stride;
import dev.gjallarhorn.verdict.VerdictBook;
import dev.gjallarhorn.verdict.VerdictKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code reports/gjallarhorn.sarif}: SARIF 2.1.0 for GitHub code scanning, built on the de.jcup sarif-java model.
 * Each CONTRADICTED or STALE claim is one result of the rule named by its claim id, located at the claim's line
 * of the threat-model file, so a pull request shows it on the register itself. CONTRADICTED is {@code error}
 * with a {@code security-severity} ({@link Severity}); STALE is {@code warning} (the register needs an edit).
 * The file is written on every run, with no result when nothing is contradicted or stale, so alerts of claims
 * that hold again are closed by the next upload. A claim this run could not judge (INCONCLUSIVE) whose last decided
 * verdict (from the run history) was CONTRADICTED or STALE keeps that result, marked as carried over: a night on
 * which the target could not be judged never closes an alert.
 *
 * <p>Location: the path of the threat model relative to the root of the git work tree that holds it (the
 * nearest directory above it with a {@code .git}), with {@code uriBaseId} {@code %SRCROOT%}, as GitHub wants;
 * a document outside any work tree gets its absolute {@code file:} URI. Each result's partial fingerprint is
 * {@code CLAIM:VERDICT}, so GitHub tracks it across runs by claim, not by line.
 */
public final class SarifReport {

    public static final String FILE = "gjallarhorn.sarif";
    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY);

    private SarifReport() {
    }

    public static Path write(Path reports, Path threatModel, List<VerdictBook.Entry> entries, Map<String, Object> run, Redactor redactor) {
        return write(reports, threatModel, entries, run, redactor, null);
    }

    /** As above, carrying the last decided CONTRADICTED or STALE over a claim this run could not judge ({@code diff} may be null). */
    public static Path write(Path reports, Path threatModel, List<VerdictBook.Entry> entries, Map<String, Object> run, Redactor redactor,
                             VerdictDiff.Result diff) {
        Path file = reports.resolve(FILE);
        try {
            Files.createDirectories(reports);
            com.fasterxml.jackson.databind.node.ObjectNode sarif = JSON.valueToTree(build(threatModel, entries, run, carried(entries, diff)));
            com.fasterxml.jackson.databind.node.ObjectNode sarifRun = (com.fasterxml.jackson.databind.node.ObjectNode) sarif.path("runs").get(0);
            if (!sarifRun.has("results")) {
                sarifRun.putArray("results"); // required, and an empty list is what closes the alerts of claims that hold again
            }
            Files.writeString(file, redactor.scrub(JSON.writeValueAsString(sarif)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /** Claim id to the last decided CONTRADICTED/STALE of claims this run left INCONCLUSIVE. */
    static Map<String, VerdictKind> carried(List<VerdictBook.Entry> entries, VerdictDiff.Result diff) {
        Map<String, VerdictKind> carried = new java.util.HashMap<>();
        if (diff == null) {
            return carried;
        }
        for (VerdictDiff.Change change : diff.changes()) {
            Optional<VerdictKind> before = VerdictKind.ofLabel(change.before())
                    .filter(kind -> kind == VerdictKind.CONTRADICTED || kind == VerdictKind.STALE);
            if (VerdictKind.INCONCLUSIVE.names(change.after()) && before.isPresent()) {
                carried.put(change.id(), before.get());
            }
        }
        return carried;
    }

    static SarifSchema210 build(Path threatModel, List<VerdictBook.Entry> entries, Map<String, Object> run) {
        return build(threatModel, entries, run, Map.of());
    }

    static SarifSchema210 build(Path threatModel, List<VerdictBook.Entry> entries, Map<String, Object> run, Map<String, VerdictKind> carried) {
        List<VerdictBook.Entry> reported = entries.stream()
                .filter(e -> e.verdict().kind() == VerdictKind.CONTRADICTED || e.verdict().kind() == VerdictKind.STALE
                        || carried.containsKey(e.claim().id())).toList();
        ArtifactLocation artifact = artifact(threatModel);
        List<ReportingDescriptor> rules = new ArrayList<>();
        List<Result> results = new ArrayList<>();
        for (VerdictBook.Entry entry : reported) {
            VerdictKind kind = carried.getOrDefault(entry.claim().id(), entry.verdict().kind());
            rules.add(rule(entry.claim(), kind));
            results.add(result(entry, kind, carried.containsKey(entry.claim().id()), rules.size() - 1, artifact));
        }
        ToolComponent driver = new ToolComponent();
        driver.setName("gjallarhorn");
        driver.setSemanticVersion("0.1.0");
        driver.setRules(new LinkedHashSet<>(rules));
        Tool tool = new Tool();
        tool.setDriver(driver);
        SarifSchema210 sarif = new SarifSchema210();
        sarif.set$schema(URI.create(SCHEMA));
        sarif.setVersion(SarifSchema210.Version._2_1_0);
        sarif.setRuns(List.of(sarifRun(tool, results, run)));
        return sarif;
    }

    /**
     * The finding on one claim, at its line of the threat model.
     *
     * @param kind    the verdict it stands for (the carried one when {@code carried})
     * @param carried whether this run could not judge the claim and its last decided verdict stands
     */
    private static Result result(VerdictBook.Entry entry, VerdictKind kind, boolean carried, int ruleIndex, ArtifactLocation artifact) {
        Claim claim = entry.claim();
        Result result = new Result();
        result.setRuleId(claim.id());
        result.setRuleIndex(ruleIndex);
        result.setLevel(kind == VerdictKind.CONTRADICTED ? Result.Level.ERROR : Result.Level.WARNING);
        result.setMessage(message(carried
                ? claim.id() + " was last decided " + kind.label() + "; this run could not judge it (" + entry.verdict().label() + "), so the finding stands"
                : VerdictMessage.of(claim, entry.verdict())));
        Region region = new Region();
        region.setStartLine(claim.line());
        PhysicalLocation physical = new PhysicalLocation();
        physical.setArtifactLocation(artifact);
        physical.setRegion(region);
        Location location = new Location();
        location.setPhysicalLocation(physical);
        result.setLocations(List.of(location));
        PartialFingerprints fingerprints = new PartialFingerprints();
        fingerprints.setAdditionalProperty("gjallarhornClaimVerdict/v1", claim.id() + ":" + kind.label());
        result.setPartialFingerprints(fingerprints);
        PropertyBag properties = new PropertyBag();
        properties.setAdditionalProperty("verdict", entry.verdict().label());
        properties.setAdditionalProperty("claimed", claim.status().word());
        result.setProperties(properties);
        return result;
    }

    /** The SARIF run: the tool, its results, and which gjallarhorn run (id, target) they come from. */
    private static Run sarifRun(Tool tool, List<Result> results, Map<String, Object> run) {
        Run sarifRun = new Run();
        sarifRun.setTool(tool);
        sarifRun.setResults(results);
        RunAutomationDetails automation = new RunAutomationDetails();
        automation.setId("gjallarhorn/" + run.getOrDefault("target", "unknown") + "/" + run.getOrDefault("id", "unknown"));
        sarifRun.setAutomationDetails(automation);
        Invocation invocation = new Invocation();
        invocation.setExecutionSuccessful(run.get("harnessError") == null);
        PropertyBag invocationFacts = new PropertyBag();
        invocationFacts.setAdditionalProperty("runId", String.valueOf(run.get("id")));
        invocationFacts.setAdditionalProperty("target", String.valueOf(run.get("target")));
        invocation.setProperties(invocationFacts);
        sarifRun.setInvocations(List.of(invocation));
        return sarifRun;
    }

    private static ReportingDescriptor rule(Claim claim, VerdictKind verdict) {
        ReportingDescriptor rule = new ReportingDescriptor();
        rule.setId(claim.id());
        rule.setName(claim.id().replaceAll("[^A-Za-z0-9]", ""));
        rule.setShortDescription(text(claim.id() + ": " + claim.title() + " (claimed " + claim.status().word() + ")"));
        rule.setFullDescription(text(claim.statusText().isBlank() ? claim.title() : claim.statusText()));
        rule.setHelp(text("gjallarhorn attacked the sandbox to check this claim of the threat model. " + VerdictKind.CONTRADICTED.label()
                + ": reality is worse than claimed (a control did not stop the attack); " + VerdictKind.STALE.label()
                + ": better than claimed (a gap is closed), edit the register."
                + " Evidence: reports/evidence/" + claim.id() + "/ and reports/verdicts.md; a suggested edit: reports/register.patch."));
        ReportingConfiguration configuration = new ReportingConfiguration();
        configuration.setLevel(verdict == VerdictKind.CONTRADICTED ? ReportingConfiguration.Level.ERROR : ReportingConfiguration.Level.WARNING);
        rule.setDefaultConfiguration(configuration);
        PropertyBag properties = new PropertyBag();
        Set<String> tags = new LinkedHashSet<>(List.of("security", "threat-model", verdict == VerdictKind.CONTRADICTED ? "contradicted" : "register-stale"));
        claim.stride().stream().map(Stride::tag).forEach(tags::add);
        properties.setTags(tags);
        Severity.securitySeverity(claim, verdict).ifPresent(score -> properties.setAdditionalProperty("security-severity", score));
        rule.setProperties(properties);
        return rule;
    }

    /** The threat model as GitHub locates it: relative to its git work tree's root, else an absolute file URI. */
    static ArtifactLocation artifact(Path threatModel) {
        Path file = threatModel.toAbsolutePath().normalize();
        ArtifactLocation location = new ArtifactLocation();
        for (Path dir = file.getParent(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".git"))) {
                location.setUri(dir.relativize(file).toString().replace('\\', '/'));
                location.setUriBaseId("%SRCROOT%");
                return location;
            }
        }
        location.setUri(file.toUri().toString());
        return location;
    }

    private static MultiformatMessageString text(String text) {
        MultiformatMessageString message = new MultiformatMessageString();
        message.setText(text);
        return message;
    }

    private static Message message(String text) {
        Message message = new Message();
        message.setText(text);
        return message;
    }
}
