package dev.gjallarhorn.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a class of attacks on the sandbox. Its test methods may take an {@link dev.gjallarhorn.run.AttackRun}
 * parameter: one run per JUnit session, shared by every attack class, opened on first use (target reached,
 * threat model read) and closed when the session ends (reports written, target released).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(AttackRunExtension.class)
public @interface AttackSuite {
}
