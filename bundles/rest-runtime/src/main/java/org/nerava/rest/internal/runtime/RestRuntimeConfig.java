package org.nerava.rest.internal.runtime;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@value #PID}: how the REST runtime treats requests while features come and go. */
@ObjectClassDefinition(id = RestRuntimeConfig.PID, name = "Nerava REST runtime",
        description = "Drain and 503 answers while features are installed, updated, refreshed or removed")
public @interface RestRuntimeConfig {

    String PID = "org.nerava.rest";

    @AttributeDefinition(description = "Longest wait, in seconds, for the requests already in a leaving feature (or"
            + " in a replaced application) to finish before it goes anyway.", min = "0")
    int drainTimeoutSeconds() default 30;

    @AttributeDefinition(description = "For how many seconds the paths of a feature that left answer 503"
            + " feature_unavailable (it may be coming back) before they answer 404.", min = "0")
    int absentRouteGraceSeconds() default 300;

    @AttributeDefinition(description = "Retry-After, in seconds, of the 503 starting and 503 feature_unavailable"
            + " answers.", min = "1")
    int retryAfterSeconds() default 1;
}
