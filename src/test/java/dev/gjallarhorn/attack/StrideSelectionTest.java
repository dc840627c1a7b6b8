package dev.gjallarhorn.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.claims.ClaimKind;
import dev.gjallarhorn.claims.Stride;
import dev.gjallarhorn.claims.ThreatModelParser;
import dev.gjallarhorn.junit.ClaimUnderTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** What {@code -Dgroups=…} selects from the attack suite: discovery only, no target is reached. */
class StrideSelectionTest {

    @Test
    void spoofingAndDenialOfServiceSelectEveryAgentChannelClaim() {
        assertThat(claimsSelectedBy("spoofing", "denial-of-service").keySet()).contains(
                "T-001", "C-TELEGRAM-PAIRING", "T-009", "T-002", "N-RATE-LIMITING", "T-005", "N-PROMPT-INJECTION-DEFENSE");
    }

    @Test
    void everyRiskIsSelectedByEachOfItsRegisterLetters() {
        Map<String, Set<String>> tagsByClaim = claimsSelectedBy();
        List<String> missing = new ArrayList<>();
        for (Claim claim : ThreatModelParser.parse(Path.of("scenarios/bilrost-threat-model.md")).claims()) {
            if (claim.kind() != ClaimKind.RISK || !tagsByClaim.containsKey(claim.id())) {
                continue;
            }
            for (Stride letter : claim.stride()) {
                if (!tagsByClaim.get(claim.id()).contains(letter.tag())) {
                    missing.add(claim.id() + " lacks " + letter.tag());
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void everyAttackTestCarriesAStrideTag() {
        Set<String> strideTags = Arrays.stream(Stride.values()).map(Stride::tag).collect(Collectors.toSet());
        assertThat(claimsSelectedBy()).isNotEmpty()
                .allSatisfy((claim, tags) -> assertThat(tags).as(claim).containsAnyElementsOf(strideTags));
    }

    @Test
    void theEpicIsTheRegistersLetterNeverALiteralAndItsTagSelectsTheAttack() {
        List<String> literal = new ArrayList<>();
        for (dev.gjallarhorn.junit.AttackIndex.Attack attack : dev.gjallarhorn.junit.AttackIndex.scan().attacks()) {
            String type = attack.test().substring(0, attack.test().indexOf('.'));
            try {
                Class<?> attackClass = Class.forName(StrideSelectionTest.class.getPackageName() + "." + type);
                if (attackClass.isAnnotationPresent(io.qameta.allure.Epic.class) || Arrays.stream(attackClass.getDeclaredMethods())
                        .anyMatch(m -> m.isAnnotationPresent(io.qameta.allure.Epic.class))) {
                    literal.add(type);
                }
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        assertThat(literal).as("an @Epic literal would contradict the register's STRIDE letter in the report").isEmpty();
        Map<String, Set<String>> tagsByClaim = claimsSelectedBy();
        for (Claim claim : ThreatModelParser.parse(Path.of("scenarios/bilrost-threat-model.md")).claims()) {
            if (claim.kind() == ClaimKind.RISK && tagsByClaim.containsKey(claim.id())) {
                String epic = dev.gjallarhorn.report.StrideEpic.of(claim);
                Stride first = Arrays.stream(Stride.values()).filter(s -> s.title().equals(epic)).findFirst().orElseThrow();
                assertThat(first).as(claim.id()).isEqualTo(claim.stride().get(0));
                assertThat(claimsSelectedBy(first.tag())).as("-Dgroups=" + first.tag() + " runs " + claim.id() + ", shown under that epic").containsKey(claim.id());
            }
        }
    }

    /** Claim id → the tags of the attack test judging it, for the tests the tag filter keeps (all, with no tags). */
    private static Map<String, Set<String>> claimsSelectedBy(String... tags) {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage(StrideSelectionTest.class.getPackageName()));
        if (tags.length > 0) {
            request.filters(TagFilter.includeTags(tags));
        }
        TestPlan plan = LauncherFactory.create().discover(request.build());
        Map<String, Set<String>> selected = new TreeMap<>();
        plan.getRoots().forEach(root -> plan.getDescendants(root).stream()
                .filter(TestIdentifier::isTest)
                .forEach(test -> test.getSource()
                        .filter(MethodSource.class::isInstance)
                        .map(source -> ((MethodSource) source).getJavaMethod().getAnnotation(ClaimUnderTest.class))
                        .ifPresent(claim -> selected.computeIfAbsent(claim.value(), id -> new TreeSet<>())
                                .addAll(test.getTags().stream().map(TestTag::getName).toList()))));
        return selected;
    }
}
