package dev.gjallarhorn.attack;

import dev.gjallarhorn.claims.Stride;
import dev.gjallarhorn.junit.AttackSuite;
import dev.gjallarhorn.junit.ClaimCheck;
import dev.gjallarhorn.junit.ClaimUnderTest;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.attack.supply.SupplyChainScenario;
import io.qameta.allure.Feature;
import io.qameta.allure.Story;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Tampering and elevation (T-004's STRIDE letters); also information disclosure, since a poisoned install reads every secret. */
@AttackSuite
@Tag(Stride.TAG_TAMPERING)
@Tag(Stride.TAG_ELEVATION_OF_PRIVILEGE)
@Tag(Stride.TAG_INFORMATION_DISCLOSURE)
@Feature("Supply chain")
public class SupplyChainAttack {

    @Test
    @ClaimUnderTest("T-004")
    @Story("T-004")
    @DisplayName("T-004: a lockfile for the gateway's dependencies, and a frozen install")
    void nothingPinsTheDependencies(AttackRun run) {
        ClaimCheck.of(run, "T-004").judge(() -> SupplyChainScenario.lockfilePinning(run));
    }

    @Test
    @ClaimUnderTest("N-SUPPLY-CHAIN-HARDENING")
    @Story("N-SUPPLY-CHAIN-HARDENING")
    @DisplayName("N-SUPPLY-CHAIN-HARDENING: lockfile verification, an SBOM, images pinned by digest")
    void noHardeningBeyondUpstream(AttackRun run) {
        ClaimCheck.of(run, "N-SUPPLY-CHAIN-HARDENING").judge(() -> SupplyChainScenario.hardening(run));
    }
}
