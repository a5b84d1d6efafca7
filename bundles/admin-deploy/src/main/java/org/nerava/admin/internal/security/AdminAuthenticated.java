package org.nerava.admin.internal.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import javax.ws.rs.NameBinding;

import org.nerava.platform.openapi.ApiSecurity;

/**
 * JAX-RS name binding: resources (or methods) carrying it are guarded by {@link AdminAuthenticationFilter}, which
 * carries it too. Only Karaf users with the {@code admin} role get through.
 */
@NameBinding
@ApiSecurity(ApiSecurity.Scheme.ADMIN_BASIC) // documents the guarded endpoints in /openapi.json
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AdminAuthenticated {
}
