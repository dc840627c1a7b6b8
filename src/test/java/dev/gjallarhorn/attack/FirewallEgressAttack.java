package dev.gjallarhorn.attack;

import dev.gjallarhorn.claims.Stride;
import dev.gjallarhorn.junit.AttackSuite;
import dev.gjallarhorn.junit.ClaimUnderTest;
import dev.gjallarhorn.junit.ClaimCheck;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.attack.egress.FirewallEgressScenario;
import io.qameta.allure.Feature;
import io.qameta.allure.Story;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@AttackSuite
@Tag(Stride.TAG_INFORMATION_DISCLOSURE)
@Feature("Firewall (UFW egress allowlist)")
public class FirewallEgressAttack {

    @Test
    @ClaimUnderTest("C-FIREWALL")
    @Story("C-FIREWALL")
    @DisplayName("C-FIREWALL: nothing but HTTPS, DNS and Tailscale leaves the VM (port matrix against the canaries, as the Lima user and as nobody)")
    void onlyHttpsDnsAndTailscaleLeaveTheVm(AttackRun run) {
        ClaimCheck.of(run, FirewallEgressScenario.CLAIM).judge(() -> new FirewallEgressScenario().evaluate(run));
    }
}
