package dev.gjallarhorn.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.claims.ThreatModel;
import dev.gjallarhorn.claims.ThreatModelParser;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.evidence.Redactor;
import dev.gjallarhorn.report.VerdictsReport;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.VerdictKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerdictBookTest {

    final ThreatModel model = ThreatModelParser.parse(Path.of("scenarios/bilrost-threat-model.md"));

    static ClaimEvaluation evaluation(String claim, Observation... observations) {
        return new ClaimEvaluation(claim, List.of(PartEvaluation.claim("p", Outcome.BLOCKED, List.of(observations))),
                "seen", List.of(Path.of("evidence", claim, "x.txt")), Instant.now(), Duration.ofMillis(5));
    }

    @Test
    void everyClaimIsListedAndUnexercisedOnesSaySo() {
        VerdictBook book = new VerdictBook(model);
        book.record(evaluation("C-FIREWALL", Observation.blocked("tcp/80 as lima", "dropped")));
        assertThat(book.entries()).hasSize(24);
        assertThat(book.entries()).filteredOn(e -> e.verdict().kind() == VerdictKind.NOT_EXERCISED).hasSize(23);
    }

    @Test
    void twoScenariosOnOneClaimAreJudgedTogether() {
        VerdictBook book = new VerdictBook(model);
        book.record(evaluation("C-FIREWALL", Observation.blocked("tcp/80 as lima", "dropped")));
        book.record(evaluation("C-FIREWALL", Observation.succeeded("tcp/80 from a bridge container", "canary saw it")));
        VerdictBook.Entry firewall = book.entries().stream().filter(e -> e.claim().id().equals("C-FIREWALL")).findFirst().orElseThrow();
        assertThat(firewall.verdict().kind()).isEqualTo(VerdictKind.CONTRADICTED);
        assertThat(firewall.evaluation().orElseThrow().parts()).hasSize(2);
    }

    @Test
    void aClaimOneOfWhoseAttacksBrokeOffNeverHolds() {
        VerdictBook book = new VerdictBook(model);
        book.record(evaluation("C-FIREWALL", Observation.blocked("tcp/80 as lima", "dropped")));
        book.impose(dev.gjallarhorn.verdict.Verdict.inconclusive("C-FIREWALL", dev.gjallarhorn.probe.Reason.HARNESS_ERROR, "the bridge attack did not finish"));
        VerdictBook.Entry firewall = book.entries().stream().filter(e -> e.claim().id().equals("C-FIREWALL")).findFirst().orElseThrow();
        assertThat(firewall.verdict().label()).isEqualTo("INCONCLUSIVE(harness-error)");
        book.record(evaluation("C-FIREWALL", Observation.succeeded("tcp/80 from a bridge container", "canary saw it")));
        assertThat(book.entries().stream().filter(e -> e.claim().id().equals("C-FIREWALL")).findFirst().orElseThrow().verdict().kind())
                .as("what got through still contradicts the claim").isEqualTo(VerdictKind.CONTRADICTED);
    }

    @Test
    void theReportIsWrittenScrubbedAndReadsBack(@TempDir Path reports) throws Exception {
        VerdictBook book = new VerdictBook(model);
        book.record(evaluation("C-FIREWALL", Observation.succeeded("tcp/80 as lima", "token gjhcanary-secret-value-1234 seen")));
        Redactor redactor = new Redactor();
        redactor.learn("OPENCLAW_GATEWAY_TOKEN", "gjhcanary-secret-value-1234");
        Path file = VerdictsReport.write(reports, Map.of("id", "run-1"), book.entries(), redactor);
        assertThat(Files.readString(file)).doesNotContain("gjhcanary-secret-value-1234").contains("[REDACTED:OPENCLAW_GATEWAY_TOKEN]");
        List<VerdictsReport.Line> lines = VerdictsReport.read(file);
        assertThat(lines).hasSize(24);
        assertThat(lines).filteredOn(l -> l.id().equals("C-FIREWALL")).singleElement()
                .satisfies(l -> assertThat(l.verdict()).isEqualTo("CONTRADICTED"));
    }
}
