package org.nerava.metrics.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@value #PID}: who may read {@code GET /metrics}. */
@ObjectClassDefinition(id = MetricsConfig.PID, name = "Nerava metrics",
        description = "Access to GET /metrics (Prometheus text format)")
public @interface MetricsConfig {

    String PID = "org.nerava.metrics";

    @AttributeDefinition(description = "Client networks allowed to read /metrics, as CIDR blocks (10.0.0.0/8,"
            + " fd00::/8) or single addresses, comma-separated. Others get 403. The default is loopback only.")
    String[] allowedNetworks() default {"127.0.0.1/32", "::1/128"};

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "When set, a scrape must also send"
            + " Authorization: Bearer <this token>, else 401. Empty (the default): no token is asked for.")
    String _token() default "";
}
