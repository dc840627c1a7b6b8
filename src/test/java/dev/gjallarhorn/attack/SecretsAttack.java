package dev.gjallarhorn.attack;

import dev.gjallarhorn.claims.Stride;
import dev.gjallarhorn.junit.AttackSuite;
import org.junit.jupiter.api.parallel.ResourceLock;
import dev.gjallarhorn.junit.ClaimCheck;
import dev.gjallarhorn.junit.ClaimUnderTest;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.attack.secrets.SecretLeakScenario;
import dev.gjallarhorn.attack.secrets.TokenTheftScenario;
import dev.gjallarhorn.attack.shares.VaultScenario;
import io.qameta.allure.Feature;
import io.qameta.allure.Story;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@AttackSuite
@ResourceLock(AttackLocks.SHARES)
@Tag(Stride.TAG_INFORMATION_DISCLOSURE)
public class SecretsAttack {

    @Test
    @ClaimUnderTest("T-003")
    @Story("T-003")
    @Feature("Secrets")
    @DisplayName("T-003: restart what loads secrets.env, then look for every secret in every log, transcript, argv and unit property")
    void noSecretLandsInALog(AttackRun run) {
        ClaimCheck.of(run, "T-003").judge(() -> SecretLeakScenario.secretsInLogs(run));
    }

    @Test
    @ClaimUnderTest("C-SECRETS-MANAGEMENT")
    @Story("C-SECRETS-MANAGEMENT")
    @Feature("Secrets")
    @DisplayName("C-SECRETS-MANAGEMENT: secrets.env's mode, its delivery, copies on disk and in images, shells and the gateway's environment")
    void secretsStayInTheirFile(AttackRun run) {
        ClaimCheck.of(run, "C-SECRETS-MANAGEMENT").judge(() -> SecretLeakScenario.secretsManagement(run));
    }

    @Test
    @ClaimUnderTest("T-010")
    @Story("T-010")
    @Feature("Secrets")
    @Tag(Stride.TAG_SPOOFING)
    @DisplayName("T-010: where the bot token sits, who reads it (nobody, the sandbox), who can replace it, and its age")
    void theBotTokenCannotBeTaken(AttackRun run) {
        ClaimCheck.of(run, "T-010").judge(() -> TokenTheftScenario.botToken(run));
    }

    @Test
    @ClaimUnderTest("N-SECRETS-ROTATION")
    @Story("N-SECRETS-ROTATION")
    @Feature("Secrets")
    @DisplayName("N-SECRETS-ROTATION: the secrets' age against the threshold, and anything that rotates them")
    void nothingRotatesTheSecrets(AttackRun run) {
        ClaimCheck.of(run, "N-SECRETS-ROTATION").judge(() -> TokenTheftScenario.rotation(run, "N-SECRETS-ROTATION"));
    }

    @Test
    @ClaimUnderTest("T-007")
    @Story("T-007")
    @Feature("Obsidian vault")
    @DisplayName("T-007: the vault is read-only wherever the VM reaches it, and the agent reads it")
    void theVaultIsReadOnlyButReadable(AttackRun run) {
        ClaimCheck.of(run, VaultScenario.CLAIM).judge(() -> VaultScenario.evaluate(run));
    }
}
