package dev.gjallarhorn.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The index the build packages for the CLI is the attack suite as it is, not as it was. */
class AttackIndexTest {

    @Test
    void thePackagedIndexIsAFreshScanOfTheSuite() {
        AttackIndex scanned = AttackIndex.scan();
        assertThat(scanned.attacks()).as("the suite is on the test classpath").isNotEmpty();
        assertThat(AttackIndex.packaged()).as("the build wrote " + AttackIndex.RESOURCE + " (exec:java attack-index)").isPresent();
        assertThat(AttackIndex.packaged().orElseThrow().attacks()).containsExactlyInAnyOrderElementsOf(scanned.attacks());
        assertThat(scanned.byClaim().get("C-FIREWALL")).extracting(AttackIndex.Attack::test)
                .containsExactlyInAnyOrder("FirewallEgressAttack.onlyHttpsDnsAndTailscaleLeaveTheVm", "ContainmentAttack.bridgeContainersAreHeldToTheAllowlist");
    }
}
