package dev.gjallarhorn.junit;

import dev.gjallarhorn.HarnessError;
import dev.gjallarhorn.claims.ThreatModelParser;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.run.RunSettings;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * What the attack suite can attack and what this JUnit launch selected, so that lost coverage is a verdict
 * too. Registered with the launcher (service file); it acts only in the attack suite
 * ({@code -Dgjallarhorn.attackSuite=true}): it records the claims of the tests in the plan when the launch
 * starts and, if no attack test opened a session at all, writes the reports of a run that attacked nothing.
 *
 * <p>The attack session reads the plan through {@link #selected()}; a launch that did not go through a
 * launcher (the engine test kit) has no plan, and then the coverage rule cannot be applied.
 */
public final class AttackPlan implements TestExecutionListener {

    /** The package of the attack suite ({@code src/test/java/dev/gjallarhorn/attack}). */
    public static final String SUITE_PACKAGE = "dev.gjallarhorn.attack";

    private static volatile Set<String> selected;
    private static volatile boolean sessionOpened;

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        sessionOpened = false;
        if (!plan.getConfigurationParameters().getBoolean("gjallarhorn.attackSuite").orElse(false)) {
            selected = null;
            return;
        }
        Set<String> claims = new TreeSet<>();
        plan.getRoots().forEach(root -> plan.getDescendants(root).stream()
                .filter(TestIdentifier::isTest)
                .forEach(test -> test.getSource()
                        .filter(MethodSource.class::isInstance)
                        .map(source -> ((MethodSource) source).getJavaMethod())
                        .flatMap(m -> AnnotationSupport.findAnnotation(m, ClaimUnderTest.class))
                        .ifPresent(claim -> claims.add(claim.value()))));
        selected = Set.copyOf(claims);
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (!plan.getConfigurationParameters().getBoolean("gjallarhorn.attackSuite").orElse(false) || sessionOpened) {
            return;
        }
        String results = System.getProperty("allure.results.directory");
        RunSettings settings;
        try {
            settings = RunSettings.fromSystemProperties();
        } catch (HarnessError e) {
            SessionReports.writeFatal(RunSettings.reportsOf(System.getProperties()), System.getProperties(), e, results);
            return;
        }
        try {
            AttackRun run = AttackRun.unattacked(settings, ThreatModelParser.parse(settings.threatModel()));
            SessionReports.write(run, results);
        } catch (HarnessError e) {
            SessionReports.writeFatal(settings.reports(), System.getProperties(), e, results);
        }
    }

    /** The claims of the attack tests in this launch's plan; empty when the launch had no plan (or is not the attack suite). */
    static Optional<Set<String>> selected() {
        return Optional.ofNullable(selected);
    }

    static void sessionOpened() {
        sessionOpened = true;
    }

    /** Every claim an attack test of the suite judges, to the attack (class and method) that judges it ({@link AttackIndex#scan()}). */
    public static Map<String, String> attackable() {
        Map<String, String> attacks = new TreeMap<>();
        AttackIndex.scan().attacks().forEach(attack -> attacks.merge(attack.claim(), attack.test(), (a, b) -> a + ", " + b));
        return attacks;
    }
}
