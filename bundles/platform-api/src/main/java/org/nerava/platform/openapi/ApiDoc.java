package org.nerava.platform.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Prose for the OpenAPI document: on a resource class it describes the tag (the feature's group of operations), on
 * a resource method the operation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ApiDoc {

    /** One line: what the operation does. */
    String summary() default "";

    /** Longer text (CommonMark) when one line is not enough. */
    String description() default "";

    /**
     * The success body's type when the method's return type does not say it, e.g. a method that answers through
     * {@code AsyncResponse} or returns {@code Response}. {@code Void.class} (the default) means: read the return type.
     */
    Class<?> response() default Void.class;

    /** The success status when it is not 200 (e.g. 201, 202, 204). 0 (the default) means 200, or 204 for void. */
    int status() default 0;
}
