package dev.gjallarhorn.junit;

import dev.gjallarhorn.verdict.VerdictKind;
import dev.gjallarhorn.HarnessError;
import dev.gjallarhorn.claims.AttackCoverageLint;
import dev.gjallarhorn.claims.ThreatModel;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.run.GatewayLease;
import dev.gjallarhorn.run.RunSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * Shares one {@link AttackRun} across all attack classes through the root store; JUnit closes it at the end.
 * A test whose {@link ClaimUnderTest claim} the threat model does not have, or that {@code -Dgjallarhorn.claims}
 * leaves out, is skipped before the run opens. Any exception of an attack test that is not a verdict
 * (CONTRADICTED, INCONCLUSIVE, skipped) is recorded as a harness error of the run, so it can never end green.
 */
final class AttackRunExtension implements ParameterResolver, ExecutionCondition, TestExecutionExceptionHandler,
        BeforeAllCallback, AfterAllCallback {

    private static final Namespace NAMESPACE = Namespace.create(AttackRunExtension.class);

    /** A class that {@link DrivesGateway drives the gateway} holds the session's {@link GatewayLease} while it runs. */
    @Override
    public void beforeAll(ExtensionContext context) {
        if (usesGateway(context)) {
            context.getStore(NAMESPACE).put(GatewayLease.class, session(context).gateway.share());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Long stamp = context.getStore(NAMESPACE).remove(GatewayLease.class, Long.class);
        if (stamp != null) {
            session(context).gateway.release(stamp);
        }
    }

    private static boolean usesGateway(ExtensionContext context) {
        return context.getTestClass().map(c -> AnnotationSupport.isAnnotated(c, DrivesGateway.class)).orElse(false);
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<ClaimUnderTest> claim = context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, ClaimUnderTest.class));
        if (claim.isEmpty()) {
            return ConditionEvaluationResult.enabled("no claim named");
        }
        Session session = session(context);
        Optional<ThreatModel> model = session.model();
        if (model.isPresent() && model.get().claim(claim.get().value()).isEmpty()) {
            return ConditionEvaluationResult.disabled(VerdictKind.NOT_EXERCISED.messagePrefix() + claim.get().value() + " is not a claim of " + model.get().source());
        }
        if (session.settings().isPresent() && !session.settings().get().claims().isEmpty()
                && !session.settings().get().claims().contains(claim.get().value())) {
            return ConditionEvaluationResult.disabled(VerdictKind.NOT_EXERCISED.messagePrefix() + claim.get().value() + " is not among -Dgjallarhorn.claims");
        }
        return ConditionEvaluationResult.enabled(claim.get().value());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == AttackRun.class;
    }

    @Override
    public AttackRun resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return session(context).run();
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        boolean verdict = thrown instanceof Inconclusive || thrown instanceof TestAbortedException
                || thrown instanceof Contradicted;
        if (!verdict) {
            session(context).harnessError(context.getDisplayName(), thrown);
        }
        throw thrown;
    }

    private static Session session(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Session.class, k -> Session.open(settingsOf(context)), Session.class);
    }

    /**
     * The session's settings: this JVM's system properties, overlaid by JUnit configuration parameters of the same
     * names, so that one JVM can run several attack sessions side by side, each with its own target (the harness's
     * integration tests do).
     */
    static Properties settingsOf(ExtensionContext context) {
        Properties properties = new Properties();
        System.getProperties().stringPropertyNames().forEach(k -> properties.setProperty(k, System.getProperty(k)));
        for (dev.gjallarhorn.run.Setting setting : dev.gjallarhorn.run.Setting.values()) {
            context.getRoot().getConfigurationParameter(setting.key()).ifPresent(v -> properties.setProperty(setting.key(), v));
        }
        for (String selection : List.of("groups", "excludedGroups")) {
            context.getRoot().getConfigurationParameter(selection).ifPresent(v -> properties.setProperty(selection, v));
        }
        return properties;
    }

    /**
     * One attack session: the settings and threat model, read and checked once; the run, opened when the first
     * test asks for it; or the harness error that stopped the session before any attack (a setting or a threat
     * model that cannot be used). Closing it writes the reports, also when no test needed the target.
     */
    private static final class Session implements AutoCloseable {

        private final Properties properties;
        private final RunSettings settings;
        private final ThreatModel model;
        private final HarnessError fatal;
        private final Map<String, String> attacks;
        private final List<String[]> earlyErrors = new ArrayList<>();
        private final GatewayLease gateway = new GatewayLease();
        private AttackRun run;

        private Session(Properties properties, RunSettings settings, ThreatModel model, HarnessError fatal, Map<String, String> attacks) {
            this.properties = properties;
            this.settings = settings;
            this.model = model;
            this.fatal = fatal;
            this.attacks = attacks;
        }

        static Session open(Properties properties) {
            AttackPlan.sessionOpened();
            try {
                AttackPreconditions checked = AttackPreconditions.check(properties);
                return new Session(properties, checked.settings(), checked.model(), null, checked.attacks());
            } catch (HarnessError e) {
                return new Session(properties, null, null, e, Map.of());
            }
        }

        Optional<ThreatModel> model() {
            return Optional.ofNullable(model);
        }

        Optional<RunSettings> settings() {
            return Optional.ofNullable(settings);
        }

        synchronized AttackRun run() {
            if (fatal != null) {
                throw fatal;
            }
            if (run == null) {
                run = AttackRun.open(settings, model, System.getenv(), gateway);
                earlyErrors.forEach(e -> run.recordHarnessError(e[0], new IllegalStateException(e[1])));
            }
            return run;
        }

        synchronized void harnessError(String where, Throwable thrown) {
            if (run != null) {
                run.recordHarnessError(where, thrown);
            } else if (fatal == null) {
                earlyErrors.add(new String[] {where, thrown.getClass().getName() + ": " + thrown.getMessage()});
            }
        }

        @Override
        public synchronized void close() {
            String results = System.getProperty("allure.results.directory");
            if (fatal != null) {
                SessionReports.writeFatal(settings != null ? settings.reports() : RunSettings.reportsOf(properties), properties, fatal, results);
                return;
            }
            AttackRun finished = run != null ? run : AttackRun.unattacked(settings, model);
            if (run == null) {
                earlyErrors.forEach(e -> finished.recordHarnessError(e[0], new IllegalStateException(e[1])));
            }
            finished.coverage(coverage());
            SessionReports.write(finished, results);
        }

        /** The coverage block of run.json, read by the exit gate (see {@link dev.gjallarhorn.report.ExitPolicy}). */
        private Map<String, Object> coverage() {
            boolean narrowed = RunSettings.narrowed(properties);
            Optional<Set<String>> plan = AttackPlan.selected();
            Set<String> selected = new TreeSet<>(plan.orElse(Set.of()));
            if (!settings.claims().isEmpty()) {
                selected.retainAll(settings.claims());
            }
            Set<String> expected = new TreeSet<>(narrowed ? selected : attacks.keySet());
            expected.removeIf(id -> model.claim(id).isEmpty());
            List<String> narrowedBy = new ArrayList<>();
            for (String key : List.of("groups", "excludedGroups", "gjallarhorn.claims", "it.test")) {
                if (properties.getProperty(key) != null) {
                    narrowedBy.add("-D" + key + "=" + properties.getProperty(key));
                }
            }
            Map<String, Object> coverage = new LinkedHashMap<>();
            coverage.put("plan", plan.isPresent() ? "known" : "unknown: not launched as the attack suite");
            coverage.put("required", Boolean.parseBoolean(properties.getProperty("gjallarhorn.attackSuite", "false")));
            coverage.put("attackable", List.copyOf(attacks.keySet()));
            coverage.put("selected", plan.isPresent() ? List.copyOf(selected) : List.of());
            coverage.put("narrowedBy", String.join(" ", narrowedBy));
            coverage.put("expected", plan.isPresent() ? List.copyOf(expected) : List.of());
            coverage.put("orphans", AttackCoverageLint.describe(AttackCoverageLint.orphans(model, attacks), attacks));
            return coverage;
        }
    }
}
