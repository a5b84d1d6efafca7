package org.nerava.web.driver.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.http.context.ServletContextHelper;

/**
 * The servlet context of the driver web app at {@code /app}. A context of its own, not a servlet in the default one: the REST
 * runtime's servlet owns {@code /*} of the default context, and a separate context is added and removed beside it
 * without touching it, so installing or removing this feature never interrupts the API.
 */
@Component(service = ServletContextHelper.class, scope = ServiceScope.BUNDLE, property = {
        "osgi.http.whiteboard.context.name=" + DriverWebContext.NAME,
        "osgi.http.whiteboard.context.path=/app"})
public class DriverWebContext extends ServletContextHelper {

    static final String NAME = "nerava-driver-web";
}
