package org.nerava.web.driver.internal;

import javax.servlet.Servlet;

import org.nerava.web.support.StaticWebServlet;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Serves the driver web app's files (this bundle's {@code web/app/}) at {@code /app/}. */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/*",
        "osgi.http.whiteboard.servlet.name=" + DriverWebContext.NAME,
        "osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=" + DriverWebContext.NAME + ")"})
public class DriverWebServlet extends StaticWebServlet {

    private static final long serialVersionUID = 1L;

    /** Where the files are inside the bundle. */
    static final String ROOT = "web/app";

    /**
     * Everything from this origin only, except merchant photos: their {@code photo_url} is joined to the operator's
     * {@code photoBaseUrl}, typically an image CDN, so images may also come from any https origin. No inline script or
     * style, no framing.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data: https:; "
            + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Activate
    public DriverWebServlet(BundleContext context) {
        super(path -> context.getBundle().getEntry(ROOT + path), CONTENT_SECURITY_POLICY);
    }
}
