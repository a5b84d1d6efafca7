package org.nerava.platform.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How a caller authenticates to a resource, for the OpenAPI document. Put it on a resource class or method, or on
 * an annotation type (e.g. a JAX-RS name binding such as {@code DriverAuthenticated}): every class or method that
 * carries that annotation is then documented with the scheme.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
public @interface ApiSecurity {

    Scheme value();

    /** The security schemes of the Nerava API; the document declares each one in {@code components}. */
    enum Scheme {
        /** {@code Authorization: Bearer <access_token>} from {@code POST /v1/auth/otp/verify}. */
        DRIVER_BEARER("driver_bearer"),
        /** HTTP Basic credentials of a Karaf user with the {@code admin} role. */
        ADMIN_BASIC("admin_basic"),
        /** The {@code X-Internal-Secret} header of internal endpoints. */
        INTERNAL_SECRET("internal_secret");

        private final String id;

        Scheme(String id) {
            this.id = id;
        }

        /** The name of the scheme in the document's {@code components.securitySchemes}. */
        public String id() {
            return id;
        }
    }
}
