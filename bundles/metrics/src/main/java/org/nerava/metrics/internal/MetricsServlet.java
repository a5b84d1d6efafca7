package org.nerava.metrics.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.nerava.platform.Problem;
import org.nerava.platform.http.ProblemAnswers;
import org.nerava.platform.http.ReadOnlyServlet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: every meter in Prometheus text format. A plain servlet beside {@code /healthz}, outside the
 * REST application, so the driver API's authentication does not apply and a scrape works even while the REST
 * application is being rebuilt. Access is decided by {@link ScrapeAccess}: allowed networks, then the token.
 */
@Component(service = Servlet.class, configurationPid = MetricsConfig.PID)
@Designate(ocd = MetricsConfig.class)
@HttpWhiteboardServletPattern(MetricsServlet.PATH)
// A name of its own: pax-web refuses a second servlet under the default name, the class name of javax.servlet.Servlet.
@HttpWhiteboardServletName("nerava-metrics")
public class MetricsServlet extends ReadOnlyServlet {

    static final String PATH = "/metrics";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServlet.class);

    private final transient MetricsRegistry registry;
    private transient volatile ScrapeAccess access;

    @Activate
    public MetricsServlet(@Reference MetricsRegistry registry, MetricsConfig config) {
        this.registry = registry;
        modified(config);
    }

    @Modified
    void modified(MetricsConfig config) {
        ScrapeAccess next = ScrapeAccess.from(config);
        next.warnings().forEach(warning -> LOG.warn("{}: {}", MetricsConfig.PID, warning));
        access = next;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (access.check(request.getRemoteAddr(), request.getHeader("Authorization"))) {
            case FORBIDDEN_NETWORK:
                ProblemAnswers.write(request, response, Problem.of(403, "metrics_forbidden", "Forbidden",
                        "this address may not read metrics; see allowedNetworks of " + MetricsConfig.PID), Map.of());
                return;
            case MISSING_OR_WRONG_TOKEN:
                ProblemAnswers.write(request, response, Problem.of(401, "metrics_unauthorized", "Unauthorized",
                        "metrics need Authorization: Bearer <the configured metrics token>"),
                        Map.of("WWW-Authenticate", "Bearer"));
                return;
            default:
                byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
                response.setHeader("Cache-Control", "no-store");
                response.setContentType(CONTENT_TYPE);
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
        }
    }
}
