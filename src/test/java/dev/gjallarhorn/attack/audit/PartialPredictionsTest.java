package dev.gjallarhorn.attack.audit;

import dev.gjallarhorn.attack.secrets.TokenTheftScenario;
import dev.gjallarhorn.attack.shares.VaultScenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.run.ReplayedRun;
import dev.gjallarhorn.remote.RecordedTarget;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.PartRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 row 7: T-007, T-008 and T-010 take each part's prediction from the register's status, not from the
 * scenario. The target answers every command with lines no probe wants, so only the predictions are looked at.
 */
class PartialPredictionsTest {

    static final Path REGISTER = Path.of("scenarios/bilrost-threat-model.md");

    /** The claim parts' predictions, in order, with a part the register no longer names as null. */
    static List<Outcome> predictions(Path reports, String id, String status, Function<AttackRun, ClaimEvaluation> scenario) throws Exception {
        Files.createDirectories(reports);
        Properties settings = new Properties();
        if (status != null) {
            Path register = reports.resolve("register.md");
            Files.write(register, Files.readAllLines(REGISTER).stream().map(l -> l.startsWith("| " + id + " ")
                    ? l.substring(0, l.lastIndexOf('|', l.length() - 2) + 1) + " " + status + " |" : l).toList());
            settings.setProperty("gjallarhorn.threatModel", register.toString());
        }
        RecordedTarget target = new RecordedTarget("lima");
        target.when(cmd -> true).prints("KILL -1 none\nFLOOD -1 none\nRENAME -1 none\nTRUNCATE -1 none\n");
        try (AttackRun run = ReplayedRun.of(target, reports.resolve("reports"), "ssh", settings)) {
            return scenario.apply(run).parts().stream().filter(p -> p.role() == PartRole.CLAIM).map(PartialPredictionsTest::predicted).toList();
        }
    }

    private static Outcome predicted(PartEvaluation part) {
        boolean unsaid = part.observations().size() == 1 && part.observations().get(0).reason().filter(r -> r == Reason.PRECONDITION_UNMET).isPresent()
                && part.observations().get(0).subject().startsWith("the register's status: ");
        return unsaid ? null : part.predicted();
    }

    @Test
    void theVaultsPartsFollowTheRegister(@TempDir Path reports) throws Exception {
        assertThat(predictions(reports.resolve("a"), "T-007", null, VaultScenario::evaluate))
                .containsExactly(Outcome.BLOCKED, Outcome.BLOCKED, Outcome.SUCCEEDED);
        assertThat(predictions(reports.resolve("b"), "T-007", "Partial (agent has read access, mount is read-write)", VaultScenario::evaluate))
                .as("the mount is no longer said to be read-only: never a silent BLOCKED").containsExactly(null, null, Outcome.SUCCEEDED);
        assertThat(predictions(reports.resolve("c"), "T-007", "Partial (mount is not read-only, but agent has read access)", VaultScenario::evaluate))
                .containsExactly(Outcome.SUCCEEDED, Outcome.SUCCEEDED, Outcome.SUCCEEDED);
    }

    @Test
    void theAuditTrailsPartsFollowTheRegister(@TempDir Path reports) throws Exception {
        assertThat(predictions(reports.resolve("a"), "T-008", null, AuditTrailScenario::auditTrail)).containsExactly(Outcome.BLOCKED, Outcome.SUCCEEDED);
        assertThat(predictions(reports.resolve("b"), "T-008", "Partial (overlay-watcher exists, centralized logging by journal upload)",
                AuditTrailScenario::auditTrail)).containsExactly(Outcome.BLOCKED, Outcome.BLOCKED);
    }

    @Test
    void theBotTokensPartsFollowTheRegister(@TempDir Path reports) throws Exception {
        assertThat(predictions(reports.resolve("a"), "T-010", null, TokenTheftScenario::botToken))
                .containsExactly(Outcome.BLOCKED, Outcome.BLOCKED, Outcome.SUCCEEDED);
        assertThat(predictions(reports.resolve("b"), "T-010", "Partial (token kept in the env file and a backup, rotated monthly)", TokenTheftScenario::botToken))
                .containsExactly(null, null, Outcome.BLOCKED);
    }
}
