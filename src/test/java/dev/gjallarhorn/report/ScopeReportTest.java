package dev.gjallarhorn.report;

import dev.gjallarhorn.evidence.EvidenceStore;
import dev.gjallarhorn.evidence.Redactor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gjallarhorn.claims.ThreatModel;
import dev.gjallarhorn.claims.ThreatModelParser;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.verdict.VerdictBook;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.PartVerdict;
import dev.gjallarhorn.verdict.Verdict;
import dev.gjallarhorn.verdict.VerdictKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A claim's scope at the end of a run: a dimension an attack that ran did not cover is an undecided part of the claim
 * and says so in scope.txt and in Allure; one whose attacks did not run, or a claim not exercised, adds nothing.
 */
class ScopeReportTest {

    static final String VM_EGRESS = "FirewallEgressAttack.onlyHttpsDnsAndTailscaleLeaveTheVm";
    final ThreatModel model = ThreatModelParser.parse(Path.of("scenarios/bilrost-threat-model.md"));

    static ClaimEvaluation evaluation(String claim, PartEvaluation... parts) {
        return new ClaimEvaluation(claim, List.of(parts), "seen", List.of(), Instant.now(), Duration.ofMillis(5));
    }

    /** What the VM's egress attack returns, as FirewallEgressScenario names its parts; with or without its IPv6 part. */
    static ClaimEvaluation vmEgress(boolean ipv6) {
        List<PartEvaluation> parts = new java.util.ArrayList<>(List.of(
                PartEvaluation.claim("egress beyond the allowlist is stopped", Outcome.BLOCKED, List.of(Observation.blocked("tcp/25 as lima", "no canary hit"))),
                PartEvaluation.control("allowlisted egress reaches the canary (positive control)", List.of(Observation.succeeded("tcp/443 as lima", "hit")))));
        if (ipv6) {
            parts.add(PartEvaluation.note("IPv6 egress (this target has no IPv6)", Outcome.SUCCEEDED, List.of(Observation.blocked("IPv6", "no IPv6"))));
        }
        return evaluation("C-FIREWALL", parts.toArray(PartEvaluation[]::new));
    }

    static ClaimEvaluation bridgeEgress() {
        return evaluation("C-FIREWALL", PartEvaluation.claim("egress from containers on Docker's bridge is held to the allowlist too", Outcome.BLOCKED,
                List.of(Observation.blocked("tcp/25 from a bridge container", "no canary hit"))));
    }

    static VerdictBook.Entry entry(VerdictBook book, String id) {
        return book.entries().stream().filter(e -> e.claim().id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aDimensionAnAttackThatRanDidNotCoverIsAnUndecidedPartOfTheClaim() {
        VerdictBook book = new VerdictBook(model);
        Verdict recorded = book.record(vmEgress(false));
        VerdictBook.Entry firewall = entry(book, "C-FIREWALL");
        assertThat(firewall.verdict().label()).isEqualTo("INCONCLUSIVE(no-observation)");
        assertThat(recorded.label()).as("the test's own verdict is the claim's").isEqualTo(firewall.verdict().label());
        assertThat(firewall.verdict().parts()).filteredOn(p -> p.name().startsWith("scope: ")).extracting(PartVerdict::name, PartVerdict::label)
                .as("IPv6 is missing; the containers' attack did not run, so their dimension adds nothing")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("scope: IPv6", "INCONCLUSIVE(no-observation)"));
        assertThat(firewall.verdict().why()).contains("scope: IPv6 (no-observation)");
        assertThat(firewall.evaluation().orElseThrow().parts()).extracting(PartEvaluation::name).contains("scope: IPv6");
    }

    @Test
    void aClaimWhoseAttacksCoveredEveryDimensionHoldsWithNothingAdded() {
        VerdictBook book = new VerdictBook(model);
        book.record(vmEgress(true));
        assertThat(entry(book, "C-FIREWALL").verdict().kind()).as("the containers' dimension is not run, not undecided").isEqualTo(VerdictKind.HOLDS);
        book.record(bridgeEgress());
        VerdictBook.Entry firewall = entry(book, "C-FIREWALL");
        assertThat(firewall.verdict().kind()).isEqualTo(VerdictKind.HOLDS);
        assertThat(firewall.verdict().parts()).noneMatch(p -> p.name().startsWith("scope: "));
        String text = ScopeReport.render(firewall, book.scopes().of("C-FIREWALL"));
        assertThat(text).contains("7 dimension(s): 7 covered, 0 not covered").contains("[covered] containers")
                .contains("- egress beyond the allowlist is stopped (" + VM_EGRESS + "): HOLDS - stopped: tcp/25 as lima")
                .contains("- IPv6 egress (this target has no IPv6) (" + VM_EGRESS + "): NOTED");
    }

    @Test
    void aPartNotApplicableOnTheTargetStillCoversItsDimension() {
        VerdictBook book = new VerdictBook(model);
        Observation container = Observation.couldNotRun("the kernel", Reason.NOT_APPLICABLE_ON_TARGET, "a container has no hypervisor");
        book.record(evaluation("C-VM-ISOLATION",
                PartEvaluation.claim("the agent runs in a VM with its own kernel, not in a container", Outcome.BLOCKED, List.of(container)),
                PartEvaluation.claim("a listener on the VM's loopback does not appear on the host's loopback (Lima forwards guest ports)",
                        Outcome.BLOCKED, List.of(Observation.couldNotRun("the host's loopback", Reason.NOT_APPLICABLE_ON_TARGET, "no host side")))));
        VerdictBook.Entry vm = entry(book, "C-VM-ISOLATION");
        assertThat(vm.verdict().label()).isEqualTo("INCONCLUSIVE(not-applicable-on-target)");
        assertThat(vm.verdict().parts()).noneMatch(p -> p.name().startsWith("scope: "));
        assertThat(ScopeReport.render(vm, book.scopes().of("C-VM-ISOLATION"))).contains("2 dimension(s): 2 covered")
                .contains("INCONCLUSIVE(not-applicable-on-target)");
    }

    @Test
    void partsTheScopeDoesNotKnowAddNothing() {
        VerdictBook book = new VerdictBook(model);
        book.record(evaluation("T-001", PartEvaluation.claim("p", Outcome.BLOCKED, List.of(Observation.blocked("x", "y")))));
        assertThat(entry(book, "T-001").verdict().kind()).isEqualTo(VerdictKind.HOLDS);
        assertThat(ScopeReport.render(entry(book, "T-001"), book.scopes().of("T-001"))).contains("0 covered, 0 not covered (undecided parts of the claim), 5 whose attacks did not run");
    }

    @Test
    void scopeTxtIsWrittenForEveryJudgedClaimAndForNoOther(@TempDir Path reports) throws Exception {
        VerdictBook book = new VerdictBook(model);
        book.record(vmEgress(false));
        book.impose(Verdict.inconclusive("T-006", Reason.HARNESS_ERROR, "the attack did not finish: boom"));
        Map<String, Path> written = ScopeReport.write(new EvidenceStore(reports, new Redactor()), book.entries(), book.scopes());
        assertThat(written.keySet()).as("a claim left out of the run (NOT_EXERCISED, -Dgjallarhorn.claims) gets no scope.txt")
                .containsExactly("T-006", "C-FIREWALL");
        String firewall = Files.readString(reports.resolve("evidence/C-FIREWALL/scope.txt"));
        assertThat(firewall).startsWith("C-FIREWALL - Firewall\n").contains("verdict: INCONCLUSIVE(no-observation)")
                .contains("promise: Nothing leaves the VM but HTTPS, DNS and Tailscale traffic")
                .contains("[NOT COVERED] IPv6\n").contains("an attack of it ran (" + VM_EGRESS + ") but none of its parts is in this run's evaluation: "
                        + "IPv6 egress beyond the allowlist is stopped | IPv6 egress (*")
                .contains("-> undecided part 'scope: IPv6': INCONCLUSIVE(no-observation)")
                .contains("[not run] containers\n").contains("none of its attacks ran in this run (ContainmentAttack.bridgeContainersAreHeldToTheAllowlist)")
                .contains("[covered] protocol\n");
        assertThat(Files.readString(reports.resolve("evidence/T-006/scope.txt"))).contains("nothing was evaluated for this claim in this run (the attack did not finish: boom)")
                .contains("[not covered] boundary");
        assertThat(reports.resolve("evidence/T-001/scope.txt")).doesNotExist();
    }

    @Test
    void aClaimOfAnotherDocumentWithoutAScopeSaysSo(@TempDir Path dir) throws Exception {
        Path doc = Files.writeString(dir.resolve("mine.md"), """
                ## Risk Register
                | ID | Threat | STRIDE | L | I | Risk | Status |
                |---|---|---|---|---|---|---|
                | T-099 | Something new | T | 1 | 1 | 1 | Gap |
                """);
        VerdictBook book = new VerdictBook(ThreatModelParser.parse(doc));
        book.record(evaluation("T-099", PartEvaluation.claim("p", Outcome.SUCCEEDED, List.of(Observation.succeeded("x", "y")))));
        assertThat(entry(book, "T-099").verdict().kind()).isEqualTo(VerdictKind.HOLDS);
        assertThat(ScopeReport.render(entry(book, "T-099"), book.scopes().of("T-099"))).contains("no written scope for T-099");
    }

    @Test
    void allureShowsThePromiseAndAttachesWhatTheRunCovered(@TempDir Path results) throws Exception {
        VerdictBook book = new VerdictBook(model);
        book.record(vmEgress(false));
        AllureClaimResults.fold(results, book.entries(), model.source(), new Redactor());
        JsonNode firewall = null;
        JsonNode unexercised = null;
        try (Stream<Path> files = Files.list(results)) {
            for (Path file : files.filter(f -> f.toString().endsWith("-result.json")).toList()) {
                JsonNode result = VerdictsReport.JSON.readTree(file.toFile());
                String id = result.path("historyId").asText();
                firewall = id.equals("gjallarhorn-claim-C-FIREWALL") ? result : firewall;
                unexercised = id.equals("gjallarhorn-claim-T-001") ? result : unexercised;
            }
        }
        assertThat(firewall).isNotNull();
        assertThat(firewall.path("status").asText()).isEqualTo("broken");
        assertThat(firewall.path("description").asText()).contains("Promise: Nothing leaves the VM").contains("- IPv6: ");
        JsonNode scope = firewall.path("attachments").get(firewall.path("attachments").size() - 1);
        assertThat(scope.path("name").asText()).isEqualTo("scope");
        assertThat(Files.readString(results.resolve(scope.path("source").asText()))).contains("[NOT COVERED] IPv6");
        assertThat(unexercised.path("description").asText()).as("the scope is the claim's, run or not").contains("Promise: No one who merely finds the bot");
        assertThat(unexercised.path("attachments")).as("a claim not exercised has no coverage to attach").isEmpty();
    }
}
