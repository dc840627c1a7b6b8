package dev.gjallarhorn.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.claims.ThreatModel;
import dev.gjallarhorn.claims.ThreatModelParser;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.verdict.VerdictBook;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegisterPatchTest {

    static final LocalDate DAY = LocalDate.of(2026, 11, 25);

    static ClaimEvaluation evaluation(String id, Outcome predicted, Observation o) {
        return new ClaimEvaluation(id, List.of(PartEvaluation.claim("p", predicted, List.of(o))), "seen: " + o.subject(),
                List.of(), Instant.now(), Duration.ZERO);
    }

    /** C-FIREWALL contradicted, T-002 stale (rate limiting found), T-003 holding: two edits, one untouched. */
    static List<VerdictBook.Entry> entries(ThreatModel model) {
        VerdictBook book = new VerdictBook(model);
        book.record(evaluation("C-FIREWALL", Outcome.BLOCKED, Observation.succeeded("tcp/80 as lima", "canary")));
        book.record(evaluation("T-002", Outcome.SUCCEEDED, Observation.blocked("burst of 20 messages", "throttled after 5")));
        book.record(evaluation("T-003", Outcome.BLOCKED, Observation.blocked("journald", "no canary found")));
        return book.entries();
    }

    @Test
    void editsTheStatusOfContradictedAndStaleClaimsAndAppliesWithGit(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("threat-model.md");
        Files.copy(Path.of("scenarios/bilrost-threat-model.md"), doc);
        ThreatModel model = ThreatModelParser.parse(doc);
        String patch = RegisterPatch.render(model, entries(model), "gjh-run-1", DAY);

        assertThat(patch).startsWith("--- a/threat-model.md\n+++ b/threat-model.md\n");
        assertThat(patch).contains("-| T-002 | API credit exhaustion | D | 4 | 3 | 12 | Gap -- no rate limiting |")
                .contains("+| T-002 | API credit exhaustion | D | 4 | 3 | 12 | Mitigated (gjallarhorn 2026-11-25 run gjh-run-1: stale - seen: burst of 20 messages) |");
        assertThat(patch).containsPattern("\\+- \\*\\*Firewall\\*\\*: .* \\[gjallarhorn 2026-11-25 run gjh-run-1: contradicted - seen: tcp/80 as lima\\]");
        assertThat(patch).as("a holding claim is not edited").doesNotContain("-| T-003").doesNotContain("+| T-003");

        Path file = Files.writeString(dir.resolve("register.patch"), patch);
        git(dir, "init", "-q");
        assertThat(git(dir, "apply", "--check", file.toString())).as("git apply --check").isZero();
        assertThat(git(dir, "apply", file.toString())).isZero();
        ThreatModel edited = ThreatModelParser.parse(doc);
        assertThat(edited.require("T-002").status().word()).isEqualTo("Mitigated");
        assertThat(edited.require("C-FIREWALL").statusText()).contains("contradicted");
        assertThat(edited.claims()).extracting(Claim::id).containsExactlyElementsOf(model.claims().stream().map(Claim::id).toList());
    }

    @Test
    void thePlainTextFormIsEditedToo(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("register.txt");
        Files.copy(Path.of("src/test/resources/threat-models/bilrost-plain.txt"), doc);
        ThreatModel model = ThreatModelParser.parse(doc);
        String patch = RegisterPatch.render(model, entries(model), "gjh-run-2", DAY);
        assertThat(patch).contains("+T-002 API credit exhaustion D 4 3 12 Mitigated (gjallarhorn 2026-11-25 run gjh-run-2: stale");
        Path file = Files.writeString(dir.resolve("register.patch"), patch);
        git(dir, "init", "-q");
        assertThat(git(dir, "apply", "--check", file.toString())).isZero();
    }

    @Test
    void nothingToEditIsAnEmptyPatch() {
        ThreatModel model = ThreatModelParser.parse(Path.of("scenarios/bilrost-threat-model.md"));
        VerdictBook book = new VerdictBook(model);
        book.record(evaluation("T-003", Outcome.BLOCKED, Observation.blocked("journald", "no canary found")));
        assertThat(RegisterPatch.render(model, book.entries(), "r", DAY)).isEmpty();
    }

    static int git(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        if (exit != 0) {
            System.err.println(out);
        }
        return exit;
    }
}
