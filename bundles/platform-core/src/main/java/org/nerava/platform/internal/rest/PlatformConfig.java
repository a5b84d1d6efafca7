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

    /*
     * Read by the components that behave differently in development (auth's test numbers, the console provider),
     * which take this PID as one of theirs; described here because this is the PID it is set in.
     */
    @AttributeDefinition(description = "dev or prod. dev allows the console OTP provider (codes in the log) and test"
            + " numbers; never dev on a public server.")
    String profile() default "prod";
}
