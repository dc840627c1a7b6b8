package dev.gjallarhorn.claims;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.junit.AttackIndex;
import dev.gjallarhorn.attack.syncgate.SyncGateCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The written scopes are whole (every claim, every letter) and in step with the attack suite and its scenarios' part names. */
class ClaimScopesTest {

    final ThreatModel model = ThreatModelParser.parse(Path.of("scenarios/bilrost-threat-model.md"));
    final ClaimScopes scopes = ClaimScopes.bundled();

    @Test
    void everyClaimOfTheThreatModelHasAScopeAndNoScopeIsForAnotherClaim() {
        List<String> ids = model.claims().stream().map(Claim::id).toList();
        assertThat(ids).hasSize(24);
        for (String id : ids) {
            assertThat(scopes.of(id)).as(id + " has a scope").isPresent();
            ClaimScope scope = scopes.of(id).orElseThrow();
            assertThat(scope.promise()).as(id + "'s promise").isNotBlank();
            assertThat(scope.dimensions()).as(id + "'s dimensions").isNotEmpty();
        }
        assertThat(scopes.all().keySet()).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void everyDimensionSaysWhereItsValuesComeFromAndNamesAtLeastOnePart() {
        for (ClaimScope scope : scopes.all().values()) {
            Set<String> names = new TreeSet<>();
            for (ClaimScope.Dimension d : scope.dimensions()) {
                assertThat(names.add(d.name())).as(scope.claimId() + " names dimension '" + d.name() + "' once").isTrue();
                assertThat(d.values()).as(scope.claimId() + " / " + d.name() + ": where its values come from").isNotBlank();
                assertThat(d.coveredBy()).as(scope.claimId() + " / " + d.name()).isNotEmpty();
                d.coveredBy().forEach(c -> assertThat(c.parts()).as(scope.claimId() + " / " + d.name() + " / " + c.attack()).isNotEmpty());
            }
        }
    }

    @Test
    void aRegisterRowsScopeSpeaksToEachOfItsStrideLettersAndToNoOther() {
        for (Claim claim : model.claims()) {
            ClaimScope scope = scopes.of(claim.id()).orElseThrow();
            Set<Character> letters = claim.stride().stream().map(Stride::letter).collect(Collectors.toSet());
            Set<Character> spoken = scope.dimensions().stream().flatMap(d -> d.stride().stream()).collect(Collectors.toSet());
            assertThat(spoken).as(claim.id() + ": the STRIDE letters its dimensions speak to are the register's").isEqualTo(letters);
            if (claim.kind() == ClaimKind.RISK) {
                scope.dimensions().forEach(d -> assertThat(d.stride()).as(claim.id() + " / " + d.name() + " speaks to a letter").isNotEmpty());
            }
        }
    }

    @Test
    void theAttacksAScopeNamesAreTheAttacksOfItsClaim() {
        Map<String, List<AttackIndex.Attack>> byClaim = AttackIndex.scan().byClaim();
        for (ClaimScope scope : scopes.all().values()) {
            Set<String> judging = byClaim.getOrDefault(scope.claimId(), List.of()).stream().map(AttackIndex.Attack::test).collect(Collectors.toSet());
            assertThat(scope.attacks()).as(scope.claimId() + ": every attack its scope names judges it, and every attack that judges it is named")
                    .containsExactlyInAnyOrderElementsOf(judging);
        }
    }

    @Test
    void everyPartNameOfTheScopesIsWrittenInTheScenarios() throws IOException {
        String sources = scenarioSources();
        List<String> missing = new ArrayList<>();
        for (ClaimScope scope : scopes.all().values()) {
            for (ClaimScope.Dimension d : scope.dimensions()) {
                for (ClaimScope.Cover c : d.coveredBy()) {
                    for (String part : c.parts()) {
                        for (String literal : part.split("\\*")) {
                            if (!literal.isBlank() && !sources.contains(literal)) {
                                missing.add(scope.claimId() + " / " + d.name() + ": '" + literal + "' of '" + part + "'");
                            }
                        }
                    }
                }
            }
        }
        assertThat(missing).as("part names (between their '*') that no scenario writes").isEmpty();
    }

    @Test
    void noPartNameOfOneAttackTakesInAPartOfAnotherAttackOfTheSameClaim() {
        for (ClaimScope scope : scopes.all().values()) {
            List<ClaimScope.Cover> covers = scope.dimensions().stream().flatMap(d -> d.coveredBy().stream()).toList();
            for (ClaimScope.Cover mine : covers) {
                for (ClaimScope.Cover other : covers) {
                    if (!other.attack().equals(mine.attack())) {
                        other.parts().stream().filter(p -> !p.contains("*")).forEach(p -> assertThat(mine.matches(p))
                                .as(scope.claimId() + ": '" + p + "' of " + other.attack() + " would count as " + mine.attack() + "'s").isFalse());
                    }
                }
            }
        }
    }

    @Test
    void everySyncGateCheckCoversADimensionOfTheSyncGate() {
        ClaimScope gate = scopes.of("C-SYNC-GATE").orElseThrow();
        for (SyncGateCheck check : SyncGateCheck.values()) {
            assertThat(gate.dimensions().stream().anyMatch(d -> d.coveredBy(check.part()))).as(check + ": " + check.part()).isTrue();
            assertThat(gate.attacksOf(check.part())).containsExactly("HostShareAttack.nothingReachesTheHostPastTheGate");
        }
    }

    @Test
    void aStarInAPartNameStandsForAnyTextAndNothingElseIsSpecial() {
        ClaimScope.Cover cover = new ClaimScope.Cover("A.b", List.of("* reaches no model", "IPv6 egress (*", "what (it) sees? [x]"));
        assertThat(cover.matches("a stranger's DM (1234) reaches no model")).isTrue();
        assertThat(cover.matches("IPv6 egress (this target has no IPv6)")).isTrue();
        assertThat(cover.matches("what (it) sees? [x]")).isTrue();
        assertThat(cover.matches("what (it) sees! [x]")).isFalse();
        assertThat(cover.matches("IPv6 egress beyond the allowlist is stopped")).isFalse();
        assertThat(cover.matches("reaches no model and more")).isFalse();
    }

    private static String scenarioSources() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/gjallarhorn/attack"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                all.append(Files.readString(file)).append('\n');
            }
        }
        return all.toString();
    }
}
