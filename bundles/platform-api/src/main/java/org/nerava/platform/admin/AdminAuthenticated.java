package org.nerava.platform.admin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.nerava.platform.openapi.ApiSecurity;

/**
 * Marks a JAX-RS resource class or method that only a Karaf user with the {@code admin} role may call. The admin
 * feature's filter authenticates such requests (HTTP Basic, JAAS realm {@code karaf}) and refuses the others with
 * 401 or 403 before the method runs; the caller is then an {@link AdminPrincipal}.
 */
@ApiSecurity(ApiSecurity.Scheme.ADMIN_BASIC) // documents the guarded endpoints in /openapi.json
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AdminAuthenticated {
}
