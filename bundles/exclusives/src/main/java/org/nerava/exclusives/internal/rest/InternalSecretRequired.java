package org.nerava.exclusives.internal.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import javax.ws.rs.NameBinding;

import org.nerava.platform.openapi.ApiSecurity;

/** Binds {@link InternalSecretFilter} to the internal endpoints, so it runs before their bodies are read. */
@NameBinding
@ApiSecurity(ApiSecurity.Scheme.INTERNAL_SECRET) // documents the guarded endpoints in /openapi.json
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface InternalSecretRequired {
}
