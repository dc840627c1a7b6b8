package dev.gjallarhorn.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.claims.ThreatModelParser;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.evidence.Redactor;
import dev.gjallarhorn.report.RunReport;
import dev.gjallarhorn.remote.RecordedTarget;
import dev.gjallarhorn.verdict.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The end-of-run leak scan: with nothing to look for on a run that attacked, it is a harness error, never a pass. */
class LeakScanBlindnessTest {

    static final String BLIND = "the leak gate: the leak gate has nothing to look for";

    private static RunReport.Read closed(AttackRun run, Path reports) {
        run.close();
        return RunReport.read(reports).orElseThrow();
    }

    @Test
    void aRunThatAttackedAndLearnedNoSecretIsAHarnessError(@TempDir Path reports) {
        AttackRun run = ReplayedRun.of(new RecordedTarget("lima"), reports);
        run.leakScanNeedsSecrets();
        run.impose(Verdict.inconclusive("C-FIREWALL", Reason.PROBE_ERROR, "the probe ran and saw nothing useful"));
        RunReport.Read read = closed(run, reports);
        assertThat(read.harnessErrors()).anySatisfy(e -> assertThat(e).startsWith(BLIND));
        assertThat(read.harnessErrorExit()).isEqualTo(ExitCode.HARNESS_ERROR);
    }

    @Test
    void aRunThatLearnedOnlyFromAnEnvironmentHasSomethingToLookFor(@TempDir Path reports) {
        AttackRun run = ReplayedRun.of(new RecordedTarget("lima"), reports);
        run.leakScanNeedsSecrets();
        run.redactor().learnEnvironment(java.util.List.of("OPENCLAW_SANDBOX_TOKEN=sbx-Lq29WmXc81PzRt40"));
        run.impose(Verdict.inconclusive("C-FIREWALL", Reason.PROBE_ERROR, "the probe ran"));
        assertThat(closed(run, reports).harnessErrors()).noneSatisfy(e -> assertThat(e).startsWith(BLIND));
    }

    @Test
    void aRunThatExercisedNothingIsNoHarnessError(@TempDir Path reports) {
        AttackRun run = ReplayedRun.of(new RecordedTarget("lima"), reports);
        run.leakScanNeedsSecrets();
        assertThat(closed(run, reports).harnessErrors()).noneSatisfy(e -> assertThat(e).startsWith(BLIND));
    }

    @Test
    void anUnattackedRunIsNoHarnessError(@TempDir Path reports) {
        Properties p = new Properties();
        p.setProperty("gjallarhorn.reports", reports.toString());
        p.setProperty("gjallarhorn.state", reports.resolve("state").toString());
        RunSettings settings = RunSettings.from(p);
        AttackRun run = AttackRun.unattacked(settings, ThreatModelParser.parse(settings.threatModel()));
        assertThat(closed(run, reports).harnessErrors()).isEmpty();
    }

    @Test
    void aReplayedRunIsNotHeldToItUnlessTheTestAsks(@TempDir Path reports) {
        AttackRun run = ReplayedRun.of(new RecordedTarget("lima"), reports);
        run.impose(Verdict.inconclusive("C-FIREWALL", Reason.PROBE_ERROR, "the probe ran"));
        assertThat(closed(run, reports).harnessErrors()).noneSatisfy(e -> assertThat(e).startsWith(BLIND));
    }

    @Test
    void shortSecretsOfTheSecretsFileAreLearnedUnderSecretNamesOnly() {
        RecordedTarget target = new RecordedTarget("lima");
        target.whenArgv(TargetSecrets.FILE).prints("# Source: x\nOPENCLAW_GATEWAY_PASSWORD=q9Z\nMODE=dev\nGH_TOKEN=true\n"
                + "ANTHROPIC_API_KEY=sk-ant-api03-canaryValueOfTheFile012\n");
        Redactor redactor = new Redactor();
        TargetSecrets.learn(target, redactor, Duration.ofSeconds(5));
        assertThat(redactor.scrub("pw q9Z, mode dev, token true, q9Zx"))
                .isEqualTo("pw [REDACTED:OPENCLAW_GATEWAY_PASSWORD], mode dev, token true, q9Zx");
        assertThat(redactor.forms()).extracting(Redactor.Form::secretName).contains("OPENCLAW_GATEWAY_PASSWORD", "ANTHROPIC_API_KEY")
                .doesNotContain("MODE", "GH_TOKEN");
    }
}
