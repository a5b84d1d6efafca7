package org.nerava.metrics.internal;

import static org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL;
import static org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC;
import static org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.nerava.platform.Problem;
import org.nerava.platform.audit.AuditTrail;
import org.nerava.platform.config.ConfigCheck;
import org.nerava.platform.config.ConfigurationStatus;
import org.nerava.platform.config.DelegatedConfigurationStatus;
import org.nerava.platform.config.LastGoodSettings;
import org.nerava.platform.config.RefusalAudit;
import org.nerava.platform.config.SettingsLog;
import org.nerava.platform.http.ProblemAnswers;
import org.nerava.platform.http.ReadOnlyServlet;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: every meter in Prometheus text format. A plain servlet beside {@code /healthz}, outside the
 * REST application, so the driver API's authentication does not apply and a scrape works even while the REST
 * application is being rebuilt. Access is decided by {@link ScrapeAccess}: allowed networks, then the token.
 *
 * <p>PID {@code org.nerava.metrics} is checked as a whole: an update with a network that is no CIDR block or address
 * is refused whole, loudly (WARN, audit entry {@code config.refused}, {@code /readyz} check {@code configuration}) and
 * the last good access keeps deciding; a bad file at boot comes up on the default (loopback only), never a 404.
 */
// The servlet and its status are registered by hand, not by SCR: SCR publishes the PID's public values as service
// properties, and pax-web unregisters and registers again a servlet whose properties change, so /metrics would answer
// 404 for a moment at each configuration update.
@Component(service = {}, immediate = true, configurationPid = MetricsConfig.PID)
@Designate(ocd = MetricsConfig.class)
public class MetricsServlet extends ReadOnlyServlet implements DelegatedConfigurationStatus {

    static final String PATH = "/metrics";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServlet.class);

    private final transient MetricsRegistry registry;
    private final transient LastGoodSettings<ScrapeAccess> access = new LastGoodSettings<>(MetricsConfig.PID);
    private final transient SettingsLog log = new SettingsLog(MetricsConfig.PID, "/metrics keeps", LOG::info, LOG::warn);
    private final transient RefusalAudit audit = new RefusalAudit(MetricsConfig.PID, log::notAudited);
    private transient ServiceRegistration<Servlet> servletRegistration;
    private transient ServiceRegistration<ConfigurationStatus> statusRegistration;

    @Activate
    public MetricsServlet(@Reference MetricsRegistry registry, BundleContext context, Map<String, Object> properties) {
        this(registry, properties);
        Hashtable<String, Object> servlet = new Hashtable<>();
        servlet.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, PATH);
        // A name of its own: pax-web refuses a second servlet under the default name, javax.servlet.Servlet's class name.
        servlet.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "nerava-metrics");
        servletRegistration = context.registerService(Servlet.class, this, servlet);
        statusRegistration = context.registerService(ConfigurationStatus.class, this, null);
    }

    /** Not registered anywhere: for tests of the access and configuration rules. */
    MetricsServlet(MetricsRegistry registry, Map<String, Object> properties) {
        this.registry = registry;
        modified(properties);
    }

    @Deactivate
    void deactivate() {
        statusRegistration.unregister();
        servletRegistration.unregister();
    }

    @Modified
    synchronized void modified(Map<String, ?> properties) {
        LastGoodSettings.Update update = access.update(check(properties), ScrapeAccess::from);
        log.updated(update);
        audit.refused(update);
    }

    /** A network that does not parse is refused, rather than left out: leaving it out could lock out the scraper. */
    static ConfigCheck<MetricsConfig> check(Map<String, ?> properties) {
        ConfigCheck<MetricsConfig> checked = ConfigCheck.of(MetricsConfig.PID, MetricsConfig.class, properties);
        if (!ScrapeAccess.from(checked.values()).warnings().isEmpty()) {
            checked.refuse("allowedNetworks", "CIDR blocks (10.0.0.0/8, fd00::/8) or single addresses,"
                    + " comma-separated");
        }
        return checked;
    }

    @Override
    public ConfigurationStatus configurationStatus() {
        return access;
    }

    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    void bindAudit(AuditTrail trail) {
        audit.bind(trail);
    }

    void unbindAudit(AuditTrail trail) {
        audit.unbind(trail);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (access.get().check(request.getRemoteAddr(), request.getHeader("Authorization"))) {
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
