package dev.gjallarhorn.junit;

import org.junit.jupiter.api.Test;

/**
 * Not part of the attack suite (another package): an attack test that fails with an exception that is no
 * verdict, as a harness defect would. Run only through the engine test kit by {@link AttackSessionTest}.
 */
@AttackSuite
class ExplodingAttackFixture {

    @Test
    @ClaimUnderTest("C-FIREWALL")
    void explodesBeforeAttacking() {
        throw new IllegalStateException("boom: Duration must be positive");
    }
}
