package org.nerava.web.admin.internal;

import javax.servlet.Servlet;

import org.nerava.web.support.StaticWebServlet;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Serves the admin console's files (this bundle's {@code web/admin/}) at {@code /admin/}. */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/*",
        "osgi.http.whiteboard.servlet.name=" + AdminUiContext.NAME,
        "osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=" + AdminUiContext.NAME + ")"})
public class AdminUiServlet extends StaticWebServlet {

    private static final long serialVersionUID = 1L;

    /** Where the files are inside the bundle. */
    static final String ROOT = "web/admin";

    /** Everything from this origin only: no inline script or style, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Activate
    public AdminUiServlet(BundleContext context) {
        super(path -> context.getBundle().getEntry(ROOT + path), CONTENT_SECURITY_POLICY);
    }
}
