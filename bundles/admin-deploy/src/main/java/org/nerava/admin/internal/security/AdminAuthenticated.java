package org.nerava.admin.internal.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import javax.ws.rs.NameBinding;

/**
 * JAX-RS name binding: resources (or methods) carrying it are guarded by {@link AdminAuthenticationFilter}, which
 * carries it too. Only Karaf users with the {@code admin} role get through.
 */
@NameBinding
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AdminAuthenticated {
}
