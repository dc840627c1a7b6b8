package dev.gjallarhorn.junit;

import dev.gjallarhorn.HarnessError;
import dev.gjallarhorn.claims.ThreatModel;
import dev.gjallarhorn.claims.ThreatModelParser;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.run.RunSettings;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Shares one {@link AttackRun} across all attack classes through the root store; JUnit closes it at the end.
 * A test whose {@link ClaimUnderTest claim} the threat model does not have is skipped before the run opens.
 */
final class AttackRunExtension implements ParameterResolver, ExecutionCondition {

    private static final Namespace NAMESPACE = Namespace.create(AttackRunExtension.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<ClaimUnderTest> claim = context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, ClaimUnderTest.class));
        if (claim.isEmpty()) {
            return ConditionEvaluationResult.enabled("no claim named");
        }
        Optional<ThreatModel> model = session(context).model();
        if (model.isPresent() && model.get().claim(claim.get().value()).isEmpty()) {
            return ConditionEvaluationResult.disabled("NOT_EXERCISED: " + claim.get().value() + " is not a claim of " + model.get().source());
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

    private static Session session(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Session.class, k -> Session.open(), Session.class);
    }

    /**
     * One attack session: the settings and threat model, read once; the run, opened when the first test asks
     * for it; or the harness error that stopped the session before any attack (a threat model that cannot
     * be read). Closing it writes the reports, also when no test needed the target.
     */
    private static final class Session implements AutoCloseable {

        private final RunSettings settings;
        private final ThreatModel model;
        private final HarnessError fatal;
        private AttackRun run;

        private Session(RunSettings settings, ThreatModel model, HarnessError fatal) {
            this.settings = settings;
            this.model = model;
            this.fatal = fatal;
        }

        static Session open() {
            RunSettings settings = RunSettings.fromSystemProperties();
            try {
                return new Session(settings, ThreatModelParser.parse(settings.threatModel()), null);
            } catch (HarnessError e) {
                return new Session(settings, null, e);
            }
        }

        Optional<ThreatModel> model() {
            return Optional.ofNullable(model);
        }

        synchronized AttackRun run() {
            if (fatal != null) {
                throw fatal;
            }
            if (run == null) {
                run = AttackRun.open(settings, model, System.getenv());
            }
            return run;
        }

        @Override
        public synchronized void close() {
            String results = System.getProperty("allure.results.directory");
            if (fatal != null) {
                SessionReports.writeFatal(settings, fatal, results);
                return;
            }
            AttackRun finished = run != null ? run : AttackRun.unattacked(settings, model);
            SessionReports.write(finished, results);
        }
    }
}
