package org.nerava.rest.internal.runtime;

import static org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL;
import static org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC;
import static org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.servlet.Servlet;
import javax.servlet.ServletConfig;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.nerava.platform.audit.AuditTrail;
import org.nerava.platform.concurrent.DaemonThreads;
import org.nerava.platform.config.ConfigCheck;
import org.nerava.platform.config.ConfigurationStatus;
import org.nerava.platform.config.LastGoodSettings;
import org.nerava.platform.config.RefusalAudit;
import org.nerava.platform.config.SettingsLog;
import org.nerava.platform.health.Readiness;
import org.nerava.platform.health.ReadinessCheck;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves every JAX-RS resource and extension registered the OSGi JAX-RS Whiteboard way
 * ({@code osgi.jaxrs.resource=true}, {@code osgi.jaxrs.extension=true}) as one application at {@code /}, replaced
 * without a gap when a feature adds or removes endpoints ({@link ApplicationSwap}). (Aries JAX-RS Whiteboard destroys
 * the running application before building the next, and every endpoint answered 404 meanwhile.) A resource that
 * leaves is drained first, and its paths answer 503 while it is away; until the boot is over ({@link BootSettling}),
 * a path nobody serves answers 503 {@code starting}.
 *
 * <p>PID {@code org.nerava.rest} is checked as a whole: a value that is no whole number, or below its minimum, is
 * refused loudly (WARN, audit entry {@code config.refused}, {@code /readyz} check {@code configuration}) and the last
 * good values keep serving; a bad file at boot comes up on the defaults of the refused keys. (Left to Declarative
 * Services, a bad value at boot failed this component's activation: no endpoint was served at all.)
 */
// Not a DS service: it registers ServedApplication itself once its trackers are open. As a DS service, OpenApiResource
// (tracked as a resource during this activation) asked for it while it was still activating: a circular reference
// ERROR at every boot.
@Component(immediate = true, configurationPid = RestRuntimeConfig.PID, service = {})
@Designate(ocd = RestRuntimeConfig.class)
public class RestRuntime implements ServedApplication {

    static final String RESOURCE_FILTER = "(osgi.jaxrs.resource=true)";
    static final String EXTENSION_FILTER = "(osgi.jaxrs.extension=true)";
    static final String APPLICATION_FILTER = "(osgi.jaxrs.application.base=*)";
    /** Registered by Karaf once the boot features are installed; by name, so this bundle does not import Karaf's API. */
    static final String BOOT_FINISHED_FILTER = "(objectClass=org.apache.karaf.features.BootFinished)";
    /** The readiness check of the platform's schema migrations. */
    static final String SCHEMAS_CHECK = "schemas";
    private static final long BOOT_WATCH_MILLIS = 200;
    /** The whiteboard properties this runtime acts on; any other {@code osgi.jaxrs.*} property is ignored, with a WARN. */
    static final Set<String> IMPLEMENTED_PROPERTIES = Set.of("osgi.jaxrs.resource", "osgi.jaxrs.extension",
            WhiteboardSelection.NAME, WhiteboardSelection.APPLICATION_SELECT, WhiteboardSelection.EXTENSION_SELECT,
            "osgi.jaxrs.media.type");

    private static final Logger LOG = LoggerFactory.getLogger(RestRuntime.class);

    private final Object warningsLock = new Object();
    private Set<String> lastWarnings = Set.of();
    private ServiceTracker<Object, Object> resources;
    private ServiceTracker<Object, Object> extensions;
    private ServiceTracker<Object, ServiceReference<Object>> applications;
    private ServiceTracker<Object, ServiceReference<Object>> bootFinished;
    private ServiceTracker<ReadinessCheck, ReadinessCheck> readinessChecks;
    private final BootSettling boot = new BootSettling(System::nanoTime, this::schemasMigrated);
    private final ServiceListener serviceChanges = event -> boot.serviceChanged();
    private BundleContext context;
    /** The runtime itself is stopping: its resources are let go without a drain. */
    private volatile boolean closing;
    private ServiceRegistration<Servlet> servletRegistration;
    private ServiceRegistration<ServedApplication> servedRegistration;
    private ServiceRegistration<ConfigurationStatus> statusRegistration;
    private final LastGoodSettings<ApplicationSwap.Policy> settings = new LastGoodSettings<>(RestRuntimeConfig.PID);
    private final SettingsLog settingsLog = new SettingsLog(RestRuntimeConfig.PID, "the REST runtime keeps", LOG::info,
            LOG::warn);
    private final RefusalAudit refusalAudit = new RefusalAudit(RestRuntimeConfig.PID, settingsLog::notAudited);
    private ServiceRegistration<ReadinessCheck> readinessRegistration;
    private ApplicationSwap swap;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) throws InvalidSyntaxException {
        swap = new ApplicationSwap(this::contents, (number, servletConfig, contents) ->
                RestGeneration.build(number, servletConfig, contents.resources(), contents.providers()),
                Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("nerava-rest-runtime")),
                ApplicationSwap.Timing.PRODUCTION, boot::over);
        modified(properties);
        this.context = context;
        statusRegistration = context.registerService(ConfigurationStatus.class, settings, null);
        context.addServiceListener(serviceChanges);
        readinessChecks = new ServiceTracker<>(context, ReadinessCheck.class, null);
        readinessChecks.open();
        int activeLevel = context.getBundle(Constants.SYSTEM_BUNDLE_ID).adapt(FrameworkStartLevel.class).getStartLevel();
        int ownLevel = context.getBundle().adapt(BundleStartLevel.class).getStartLevel();
        if (BootSettling.afterBoot(context.getServiceReferences((String) null, BOOT_FINISHED_FILTER) != null,
                activeLevel, ownLevel)) {
            boot.startedAfterBoot();
            LOG.info("REST runtime started after the boot (start level {}): unserved paths answer 404", activeLevel);
        } else {
            LOG.info("REST runtime started during the boot (start level {}): unserved paths answer 503 starting until"
                    + " the boot's features are in", activeLevel);
        }
        bootFinished = new ServiceTracker<>(context, context.createFilter(BOOT_FINISHED_FILTER), null) {
            @Override
            public ServiceReference<Object> addingService(ServiceReference<Object> reference) {
                boot.bootFinished(); // for good: the service goes only when the container stops
                watchBootEnd();
                return reference;
            }
        };
        bootFinished.open(true);
        resources = new ServiceTracker<>(context, context.createFilter(RESOURCE_FILTER), new Changes(context, true));
        extensions = new ServiceTracker<>(context, context.createFilter(EXTENSION_FILTER), new Changes(context, false));
        applications = new ServiceTracker<>(context, context.createFilter(APPLICATION_FILTER), new Applications());
        resources.open(true);
        extensions.open(true);
        applications.open(true);
        servedRegistration = context.registerService(ServedApplication.class, this, null);
        readinessRegistration = context.registerService(ReadinessCheck.class, new BootOverCheck(), null);
        Hashtable<String, Object> servlet = new Hashtable<>();
        servlet.put("osgi.http.whiteboard.servlet.pattern", "/*");
        servlet.put("osgi.http.whiteboard.servlet.name", "nerava-rest");
        servlet.put("osgi.http.whiteboard.servlet.asyncSupported", Boolean.TRUE);
        servlet.put(Constants.SERVICE_RANKING, -10);
        servletRegistration = context.registerService(Servlet.class, new DispatchServlet(), servlet);
    }

    /** Applied at once: the servlet and the application serving now stay. */
    @Modified
    synchronized void modified(Map<String, ?> properties) {
        LastGoodSettings.Update update = settings.update(check(properties), RestRuntime::policy);
        settingsLog.updated(update);
        refusalAudit.refused(update);
        swap.configure(settings.get());
    }

    static ConfigCheck<RestRuntimeConfig> check(Map<String, ?> properties) {
        return ConfigCheck.of(RestRuntimeConfig.PID, RestRuntimeConfig.class, properties)
                .atLeast("drainTimeoutSeconds", 0).atLeast("absentRouteGraceSeconds", 0)
                .atLeast("retryAfterSeconds", 1);
    }

    static ApplicationSwap.Policy policy(RestRuntimeConfig config) {
        return new ApplicationSwap.Policy(Duration.ofSeconds(config.drainTimeoutSeconds()),
                Duration.ofSeconds(config.absentRouteGraceSeconds()), config.retryAfterSeconds());
    }

    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    void bindAudit(AuditTrail trail) {
        refusalAudit.bind(trail);
    }

    void unbindAudit(AuditTrail trail) {
        refusalAudit.unbind(trail);
    }

    @Deactivate
    void deactivate() {
        closing = true;
        readinessRegistration.unregister();
        statusRegistration.unregister();
        context.removeServiceListener(serviceChanges);
        bootFinished.close();
        readinessChecks.close();
        servletRegistration.unregister();
        servedRegistration.unregister();
        resources.close();
        extensions.close();
        applications.close();
        swap.close();
    }

    @Override
    public Served served() {
        RestGeneration generation = swap.current();
        return generation == null ? new Served(0, List.of()) : new Served(generation.number(), generation.resources());
    }

    /**
     * Looks at the boot every 200 ms until it is over, so its end is seen at the first quiet moment: looked at only
     * when a 404 happens, a 404 right after a later configuration change (service events again) was a 503 starting.
     */
    private void watchBootEnd() {
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(
                DaemonThreads.named("nerava-rest-boot-watch"));
        watcher.scheduleWithFixedDelay(() -> {
            if (closing || boot.over()) {
                watcher.shutdown();
            }
        }, BOOT_WATCH_MILLIS, BOOT_WATCH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The platform's {@code schemas} readiness is up (or there is no such check: nothing to migrate). */
    private boolean schemasMigrated() {
        for (ReadinessCheck check : readinessChecks.getServices(new ReadinessCheck[0])) {
            if (SCHEMAS_CHECK.equals(check.name())) {
                return check.check().status() == Readiness.Status.UP;
            }
        }
        return true;
    }

    /** What is registered now and may be served. Builder thread only. */
    private ApplicationSwap.Contents contents() {
        Set<String> warnings = new HashSet<>();
        List<ServiceReference<?>> servedExtensions = WhiteboardSelection.extensions(ranked(extensions), warnings::add);
        List<ServiceReference<?>> servedResources =
                WhiteboardSelection.resources(ranked(resources), servedExtensions, warnings::add);
        warnOnce(warnings);
        return new ApplicationSwap.Contents(services(resources, servedResources), services(extensions, servedExtensions));
    }

    private void warnOnce(Set<String> warnings) {
        synchronized (warningsLock) {
            for (String warning : warnings) {
                if (!lastWarnings.contains(warning)) {
                    LOG.warn("Not served: {}", warning);
                }
            }
            lastWarnings = warnings;
        }
    }

    /** Highest ranking first (ServiceReference's natural order is lowest first). */
    private static List<ServiceReference<?>> ranked(ServiceTracker<Object, Object> tracker) {
        ServiceReference<Object>[] refs = tracker.getServiceReferences();
        List<ServiceReference<?>> sorted = new ArrayList<>();
        if (refs != null) {
            sorted.addAll(List.of(refs));
            sorted.sort((a, b) -> b.compareTo(a));
        }
        return sorted;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> services(ServiceTracker<Object, Object> tracker, List<ServiceReference<?>> refs) {
        List<Object> services = new ArrayList<>();
        // Handed to CXF lowest ranking first, the order the runtime has always used.
        List<ServiceReference<?>> lowestFirst = new ArrayList<>(refs);
        Collections.reverse(lowestFirst);
        for (ServiceReference<?> ref : lowestFirst) {
            Object service = tracker.getService((ServiceReference<Object>) ref);
            if (service != null) {
                services.add(service);
            }
        }
        return services;
    }

    private static void warnIgnoredProperties(ServiceReference<?> reference) {
        for (String key : reference.getPropertyKeys()) {
            if (key.startsWith("osgi.jaxrs.") && !IMPLEMENTED_PROPERTIES.contains(key)) {
                LOG.warn("{} of bundle {}: this runtime ignores the whiteboard property {}={}",
                        WhiteboardSelection.describe(reference), reference.getBundle().getSymbolicName(), key,
                        reference.getProperty(key));
            }
        }
    }

    /** Any add, change or removal of a resource or extension asks for a new application. */
    private final class Changes implements ServiceTrackerCustomizer<Object, Object> {
        private final BundleContext context;
        private final boolean resources;

        Changes(BundleContext context, boolean resources) {
            this.context = context;
            this.resources = resources;
        }

        @Override
        public Object addingService(ServiceReference<Object> reference) {
            warnIgnoredProperties(reference);
            Object service = context.getService(reference);
            swap.changed();
            return service;
        }

        @Override
        public void modifiedService(ServiceReference<Object> reference, Object service) {
            swap.changed();
        }

        @Override
        public void removedService(ServiceReference<Object> reference, Object service) {
            if (closing) {
                swap.changed();
            } else if (resources) {
                // Called while the service is being unregistered: its component stays active, with its references,
                // until the requests already in it are done.
                swap.departing(service);
            } else {
                swap.extensionDeparting();
            }
            context.ungetService(reference);
        }
    }

    /**
     * {@code rest} in {@code /readyz}, critical: down until the boot is over, so a node is ready exactly when a 404
     * it answers is a real one (until then unknown paths answer 503 starting).
     */
    private final class BootOverCheck implements ReadinessCheck {
        @Override
        public String name() {
            return "rest";
        }

        @Override
        public boolean critical() {
            return true;
        }

        @Override
        public Readiness check() {
            if (!boot.over()) {
                return Readiness.down("the boot's features are still activating; paths nobody serves yet answer"
                        + " 503 starting");
            }
            return Readiness.up("serving " + served().resources().size() + " resources");
        }
    }

    /** JAX-RS Application services are not served: said once per service, so their author is not left guessing. */
    private static final class Applications implements ServiceTrackerCustomizer<Object, ServiceReference<Object>> {
        @Override
        public ServiceReference<Object> addingService(ServiceReference<Object> reference) {
            LOG.warn("{} of bundle {} is a JAX-RS Whiteboard application ({}={}); this runtime serves only the default"
                    + " application and ignores it", WhiteboardSelection.describe(reference),
                    reference.getBundle().getSymbolicName(), "osgi.jaxrs.application.base",
                    reference.getProperty("osgi.jaxrs.application.base"));
            return reference;
        }

        @Override
        public void modifiedService(ServiceReference<Object> reference, ServiceReference<Object> same) {
        }

        @Override
        public void removedService(ServiceReference<Object> reference, ServiceReference<Object> same) {
        }
    }

    /** The one servlet registered with the HTTP server; hands each request to the current application. */
    private final class DispatchServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        public void init(ServletConfig config) throws ServletException {
            super.init(config);
            swap.start(config);
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response)
                throws ServletException, IOException {
            if (EarlyLiveness.answer(request, response)) {
                return;
            }
            swap.serve(request, response);
        }
    }
}
