package org.nerava.exclusives.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@value #PID}, file {@code etc/org.nerava.exclusives.cfg}. */
@ObjectClassDefinition(pid = ExclusivesConfig.PID, name = "Nerava exclusives",
        description = "Activation radius, session length, the demo endpoint's secret")
public @interface ExclusivesConfig {

    String PID = "org.nerava.exclusives";

    @AttributeDefinition(description = "How close to the charger (metres) a driver must be to activate an exclusive",
            min = "1", max = "5000")
    int activationRadiusMeters() default 150;

    @AttributeDefinition(description = "Minutes an activated exclusive lasts before it expires", min = "1",
            max = "1440")
    int sessionMinutes() default 60;

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Secret of the demo endpoint"
            + " (X-Internal-Secret); empty: the endpoint answers 404")
    String internalSecret() default "";
}
