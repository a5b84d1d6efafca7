package org.nerava.platform.internal.rest;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@value #PID}: how the platform treats every HTTP request. */
@ObjectClassDefinition(id = PlatformConfig.PID, name = "Nerava platform HTTP",
        description = "CORS and request limits applied to every Nerava endpoint")
public @interface PlatformConfig {

    String PID = "org.nerava.platform";

    @AttributeDefinition(description = "Origins allowed to call the API from a browser, e.g. https://app.example.com."
            + " Empty (the default) allows none.")
    String[] corsAllowedOrigins() default {};

    @AttributeDefinition(description = "Largest request body accepted, in bytes; larger bodies get 413.", min = "1024")
    long maxBodyBytes() default 65_536;
}
