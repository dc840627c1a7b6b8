package dev.gjallarhorn.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExitPolicyTest {

    static void verdicts(Path reports, String... idAndVerdict) throws Exception {
        StringBuilder claims = new StringBuilder();
        for (int i = 0; i < idAndVerdict.length; i += 2) {
            if (i > 0) {
                claims.append(',');
            }
            claims.append("{\"id\":\"").append(idAndVerdict[i]).append("\",\"claimed\":\"Exists\",\"verdict\":\"")
                    .append(idAndVerdict[i + 1]).append("\",\"reason\":null,\"label\":\"").append(idAndVerdict[i + 1])
                    .append("\",\"observed\":\"x\"}");
        }
        Files.writeString(reports.resolve("verdicts.json"), "{\"schema\":1,\"run\":{},\"claims\":[" + claims + "]}");
    }

    static ExitPolicy.Outcome apply(Path reports, boolean strict, StringWriter out) {
        return ExitPolicy.apply(reports, strict, new PrintWriter(out, true));
    }

    @Test
    void aContradictedClaimFailsTheRunAndEveryClaimGetsALine(@TempDir Path reports) throws Exception {
        verdicts(reports, "C-FIREWALL", "CONTRADICTED", "T-001", "NOT_EXERCISED", "T-002", "HOLDS");
        StringWriter out = new StringWriter();
        ExitPolicy.Outcome outcome = apply(reports, false, out);
        assertThat(outcome.exit()).isEqualTo(ExitCode.CLAIMS_FAILED);
        assertThat(outcome.line()).contains("C-FIREWALL");
        assertThat(out.toString()).contains("C-FIREWALL", "T-001", "T-002").contains("1 contradicted");
    }

    @Test
    void staleAndInconclusivePassUnlessStrict(@TempDir Path reports) throws Exception {
        verdicts(reports, "T-002", "STALE", "T-003", "INCONCLUSIVE", "C-FIREWALL", "HOLDS");
        assertThat(apply(reports, false, new StringWriter()).exit()).isEqualTo(ExitCode.OK);
        ExitPolicy.Outcome strict = apply(reports, true, new StringWriter());
        assertThat(strict.exit()).isEqualTo(ExitCode.CLAIMS_FAILED);
        assertThat(strict.line()).contains("T-002", "T-003");
    }

    @Test
    void aHarnessErrorEndsTheRunWithItsOwnCodeAndLine(@TempDir Path reports) throws Exception {
        Files.writeString(reports.resolve("run.json"),
                "{\"harnessError\":{\"exit\":\"TARGET_UNREACHABLE\",\"code\":3,\"message\":\"cannot reach ssh://u@h:2: Connection refused\"}}");
        ExitPolicy.Outcome outcome = apply(reports, false, new StringWriter());
        assertThat(outcome.exit()).isEqualTo(ExitCode.TARGET_UNREACHABLE);
        assertThat(outcome.line()).isEqualTo("cannot reach ssh://u@h:2: Connection refused");
        verdicts(reports, "C-FIREWALL", "INCONCLUSIVE");
        assertThat(apply(reports, false, new StringWriter()).exit()).as("still the harness error when verdicts exist")
                .isEqualTo(ExitCode.TARGET_UNREACHABLE);
    }

    @Test
    void aNightlyRunFailsOnlyOnWhatIsNewSinceTheBaseline(@TempDir Path reports) throws Exception {
        verdicts(reports, "C-FIREWALL", "CONTRADICTED", "T-001", "CONTRADICTED");
        Files.writeString(reports.resolve("diff.json"), "{\"comparable\":true,\"baselineTarget\":\"lima:x\",\"baselineRun\":\"r1\",\"changes\":["
                + "{\"id\":\"C-FIREWALL\",\"before\":\"CONTRADICTED\",\"after\":\"CONTRADICTED\",\"direction\":\"STILL_CONTRADICTED\"},"
                + "{\"id\":\"T-001\",\"before\":\"HOLDS\",\"after\":\"CONTRADICTED\",\"direction\":\"NEW_REGRESSION\"}]}");
        ExitPolicy.Outcome nightly = ExitPolicy.apply(reports, false, ExitPolicy.FailOn.REGRESSIONS, new PrintWriter(new StringWriter()));
        assertThat(nightly.exit()).isEqualTo(ExitCode.CLAIMS_FAILED);
        assertThat(nightly.line()).contains("NEW_REGRESSION").contains("T-001").doesNotContain("C-FIREWALL");
        Files.writeString(reports.resolve("diff.json"), "{\"comparable\":true,\"baselineTarget\":\"lima:x\",\"baselineRun\":\"r1\",\"changes\":["
                + "{\"id\":\"C-FIREWALL\",\"before\":\"CONTRADICTED\",\"after\":\"CONTRADICTED\",\"direction\":\"STILL_CONTRADICTED\"}]}");
        assertThat(ExitPolicy.apply(reports, false, ExitPolicy.FailOn.REGRESSIONS, new PrintWriter(new StringWriter())).exit())
                .as("still contradicted, nothing new").isEqualTo(ExitCode.OK);
    }

    @Test
    void aLeakedSecretFailsTheRunNamingTheFile(@TempDir Path reports) throws Exception {
        verdicts(reports, "C-FIREWALL", "HOLDS");
        Files.writeString(reports.resolve("run.json"), "{\"hygiene\":{\"leaks\":[\"reports/allure-results/x-attachment.txt holds GH_TOKEN (raw)\"]}}");
        ExitPolicy.Outcome outcome = apply(reports, false, new StringWriter());
        assertThat(outcome.exit()).isEqualTo(ExitCode.HYGIENE_FAILED);
        assertThat(outcome.line()).contains("x-attachment.txt holds GH_TOKEN");
    }

    @Test
    void noReportsAtAllIsAnInternalError(@TempDir Path reports) {
        assertThat(apply(reports, false, new StringWriter()).exit()).isEqualTo(ExitCode.INTERNAL);
    }
}
