package dev.gjallarhorn.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.junit.AttackIndex;
import dev.gjallarhorn.twin.TwinFault;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FaultGroupsTest {

    private static final AttackIndex INDEX = new AttackIndex(List.of(
            new AttackIndex.Attack("C-FIREWALL", "FirewallEgressAttack.egress", List.of(), "egress"),
            new AttackIndex.Attack("T-003", "SecretsAttack.logs", List.of(), "logs"),
            new AttackIndex.Attack("T-010", "SecretsAttack.token", List.of(), "token"),
            new AttackIndex.Attack("T-001", "AgentChannelAttack.strangers", List.of(), "strangers")));

    private static TwinFault fault(String name, String claim, String... also) {
        return new TwinFault(name, claim, List.of(also), Optional.of("as-claimed"), Optional.of("CONTRADICTED"), "", Optional.of("https://example.org/report"));
    }

    @Test
    void faultsOfDifferentClaimsShareATwinAndFaultsOfOneClaimDoNot() {
        List<FaultGroups.Group> groups = FaultGroups.of(List.of(fault("a", "C-FIREWALL"), fault("b", "T-003"), fault("c", "C-FIREWALL")), INDEX);
        assertThat(groups).extracting(FaultGroups.Group::target).containsExactly("twin:as-claimed+a,b", "twin:as-claimed+c");
        assertThat(groups.get(0).attacks()).containsExactly("FirewallEgressAttack.egress", "SecretsAttack.logs");
    }

    @Test
    void aClaimAFaultsTextAlsoNamesKeepsItApartFromThatClaimsFaults() {
        List<FaultGroups.Group> groups = FaultGroups.of(List.of(fault("a", "T-003", "T-010"), fault("b", "T-010")), INDEX);
        assertThat(groups).hasSize(2);
    }

    @Test
    void agentChannelFaultsGetTheirOwnTwin() {
        List<FaultGroups.Group> groups = FaultGroups.of(List.of(fault("a", "C-FIREWALL"), fault("b", "T-001")), INDEX);
        assertThat(groups).extracting(FaultGroups.Group::target).containsExactly("twin:as-claimed+a", "twin:as-claimed+b");
        assertThat(groups.get(1).attacks()).containsExactly("AgentChannelAttack.strangers");
    }

    @Test
    void theGatewaysConversationIsLeftOutWhereAnotherAttackJudgesTheClaim() {
        AttackIndex index = new AttackIndex(List.of(new AttackIndex.Attack("T-003", "SecretsAttack.logs", List.of(), "logs"),
                new AttackIndex.Attack("T-003", "AgentChannelAttack.failures", List.of(), "failures")));
        assertThat(FaultGroups.of(List.of(fault("a", "T-003")), index).get(0).attacks()).containsExactly("SecretsAttack.logs");
    }

    @Test
    void aTwinHoldsAtMostItsShareOfFaults() {
        List<TwinFault> many = java.util.stream.IntStream.range(0, FaultGroups.MAX_PER_TWIN + 1)
                .mapToObj(i -> fault("f" + i, i % 2 == 0 ? "C-FIREWALL" : "T-003")).toList();
        assertThat(FaultGroups.of(many, INDEX)).allSatisfy(g -> assertThat(g.faults()).hasSizeLessThanOrEqualTo(FaultGroups.MAX_PER_TWIN));
    }
}
