package dev.gjallarhorn.junit;

import dev.gjallarhorn.HarnessError;
import dev.gjallarhorn.report.AllureCategories;
import dev.gjallarhorn.report.Redactor;
import dev.gjallarhorn.report.RunReport;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.run.RunSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Shares one {@link AttackRun} across all attack classes through the root store; JUnit closes it at the end. */
final class AttackRunExtension implements ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(AttackRunExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == AttackRun.class;
    }

    @Override
    public AttackRun resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Session session = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Session.class, k -> Session.open(), Session.class);
        return session.run();
    }

    /** The run, or the harness error that stopped it before it could start (a threat model that cannot be read). */
    private static final class Session implements AutoCloseable {

        private final AttackRun run;
        private final HarnessError fatal;
        private final RunSettings settings;

        private Session(AttackRun run, HarnessError fatal, RunSettings settings) {
            this.run = run;
            this.fatal = fatal;
            this.settings = settings;
        }

        static Session open() {
            RunSettings settings = RunSettings.fromSystemProperties();
            try {
                return new Session(AttackRun.open(settings), null, settings);
            } catch (HarnessError e) {
                return new Session(null, e, settings);
            }
        }

        AttackRun run() {
            if (fatal != null) {
                throw fatal;
            }
            return run;
        }

        @Override
        public void close() {
            try {
                if (run != null) {
                    run.close();
                } else {
                    Map<String, Object> info = new LinkedHashMap<>();
                    info.put("target", settings.target());
                    info.put("threatModel", settings.threatModel().toString());
                    info.put("harnessError", Map.of("exit", fatal.exitCode().name(), "code", fatal.exitCode().code(), "message", fatal.getMessage()));
                    RunReport.write(settings.reports(), info, new Redactor());
                }
            } finally {
                String results = System.getProperty("allure.results.directory");
                if (results != null) {
                    AllureCategories.write(Path.of(results));
                }
            }
        }
    }
}
