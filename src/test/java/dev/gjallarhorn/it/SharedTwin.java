package dev.gjallarhorn.it;

import dev.gjallarhorn.twin.Profile;
import dev.gjallarhorn.twin.Twin;
import dev.gjallarhorn.twin.TwinSpec;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@code as-claimed} twin shared by every integration test class that asks for a {@link Twin} parameter;
 * started on first use, removed when the test JVM's JUnit session ends.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(SharedTwin.Extension.class)
@interface SharedTwin {

    final class Extension implements ParameterResolver {
        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedTwin.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Twin.class;
        }

        @Override
        public Twin resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Twin.class,
                    k -> Twin.start(TwinSpec.of(Profile.AS_CLAIMED), Twin.Owner.RUN), Twin.class);
        }
    }
}
