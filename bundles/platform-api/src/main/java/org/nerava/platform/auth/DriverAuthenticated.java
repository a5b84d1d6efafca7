package org.nerava.platform.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.nerava.platform.openapi.ApiSecurity;

/**
 * Marks a JAX-RS resource class or method that only a signed-in driver may call. Requests without a valid
 * {@code Authorization: Bearer} token are refused with 401 before the method runs.
 */
@ApiSecurity(ApiSecurity.Scheme.DRIVER_BEARER)
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface DriverAuthenticated {
}
