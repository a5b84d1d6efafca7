package org.nerava.web.admin.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.http.context.ServletContextHelper;

/**
 * The servlet context of the admin console at {@code /admin}. A context of its own, not a servlet in the default one: the REST
 * runtime's servlet owns {@code /*} of the default context, and a separate context is added and removed beside it
 * without touching it, so installing or removing this feature never interrupts the API.
 */
@Component(service = ServletContextHelper.class, scope = ServiceScope.BUNDLE, property = {
        "osgi.http.whiteboard.context.name=" + AdminUiContext.NAME,
        "osgi.http.whiteboard.context.path=/admin"})
public class AdminUiContext extends ServletContextHelper {

    static final String NAME = "nerava-admin-ui";
}
