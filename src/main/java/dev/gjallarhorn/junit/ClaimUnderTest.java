package dev.gjallarhorn.junit;

import io.qameta.allure.LabelAnnotation;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The claim an attack test judges, by its literal id. It becomes the Allure label {@code claim}, and a test
 * whose claim is not in the threat model being judged is skipped before any target is reached.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@LabelAnnotation(name = "claim")
public @interface ClaimUnderTest {
    String value();
}
