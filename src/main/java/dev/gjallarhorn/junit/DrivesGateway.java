package dev.gjallarhorn.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an attack class that re-points and drives the target's gateway: while it runs it holds a shared
 * {@link dev.gjallarhorn.run.GatewayLease}, so the services that load secrets.env are not restarted under it.
 * Such a class must not itself wait for that restart (it would wait for its own lease).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface DrivesGateway {
}
