package org.nerava.platform.internal.jaxrs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.servlet.Servlet;
import javax.servlet.ServletConfig;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves every JAX-RS resource and extension registered the OSGi JAX-RS Whiteboard way
 * ({@code osgi.jaxrs.resource=true}, {@code osgi.jaxrs.extension=true}) as one application at {@code /}, and
 * replaces that application without a gap when a feature adds or removes endpoints: the new CXF application is
 * built completely, requests are switched to it in one step, and the old one is retired once its requests are done.
 * (Aries JAX-RS Whiteboard destroys the running application before building the next, and every endpoint answered
 * 404 meanwhile.)
 */
@Component(immediate = true)
public class RestRuntime {

    static final String RESOURCE_FILTER = "(osgi.jaxrs.resource=true)";
    static final String EXTENSION_FILTER = "(osgi.jaxrs.extension=true)";
    static final String EXTENSION_SELECT = "osgi.jaxrs.extension.select";

    private static final Logger LOG = LoggerFactory.getLogger(RestRuntime.class);
    /** Changes arriving together (a feature's several resources) make one new application. */
    private static final long SETTLE_MILLIS = 50;
    /** How long a replaced application keeps serving requests it had already accepted (async ones included). */
    private static final long RETIRE_AFTER_SECONDS = 60;
    private static final long FIRST_BUILD_WAIT_SECONDS = 10;

    private final ScheduledExecutorService builder = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "nerava-rest-runtime");
        thread.setDaemon(true);
        return thread;
    });
    private final Object lock = new Object();
    private ServiceTracker<Object, Object> resources;
    private ServiceTracker<Object, Object> extensions;
    private ServiceRegistration<Servlet> servletRegistration;
    private ScheduledFuture<?> pendingBuild;
    private volatile ServletConfig servletConfig;
    private volatile RestGeneration current;
    /** Completed by the first build: the HTTP server initialises the servlet on its first request, which waits. */
    private final CompletableFuture<Void> firstBuild = new CompletableFuture<>();
    private int generationCount;

    @Activate
    void activate(BundleContext context) throws InvalidSyntaxException {
        resources = new ServiceTracker<>(context, context.createFilter(RESOURCE_FILTER), new Changes(context));
        extensions = new ServiceTracker<>(context, context.createFilter(EXTENSION_FILTER), new Changes(context));
        resources.open(true);
        extensions.open(true);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("osgi.http.whiteboard.servlet.pattern", "/*");
        properties.put("osgi.http.whiteboard.servlet.name", "nerava-rest");
        properties.put("osgi.http.whiteboard.servlet.asyncSupported", Boolean.TRUE);
        properties.put(Constants.SERVICE_RANKING, -10);
        servletRegistration = context.registerService(Servlet.class, new DispatchServlet(), properties);
    }

    @Deactivate
    void deactivate() {
        servletRegistration.unregister();
        resources.close();
        extensions.close();
        builder.shutdownNow();
        RestGeneration last = current;
        current = null;
        if (last != null) {
            last.destroy();
        }
    }

    private void scheduleBuild() {
        synchronized (lock) {
            if (pendingBuild != null) {
                pendingBuild.cancel(false);
            }
            if (!builder.isShutdown()) {
                pendingBuild = builder.schedule(this::build, SETTLE_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Builds the next application from what is registered now, then switches requests to it. Builder thread only. */
    private void build() {
        ServletConfig config = servletConfig;
        if (config == null) {
            return; // the servlet is not initialised yet; init() schedules the first build
        }
        List<ServiceReference<Object>> extensionRefs = references(extensions);
        List<Object> providers = new ArrayList<>();
        for (ServiceReference<Object> ref : extensionRefs) {
            Object extension = extensions.getService(ref);
            if (extension != null) {
                providers.add(extension);
            }
        }
        List<Object> serviceBeans = new ArrayList<>();
        for (ServiceReference<Object> ref : references(resources)) {
            Object resource = resources.getService(ref);
            if (resource != null && extensionsSatisfied(ref, extensionRefs)) {
                serviceBeans.add(resource);
            }
        }
        RestGeneration previous = current;
        RestGeneration next;
        try {
            next = serviceBeans.isEmpty() ? null
                    : RestGeneration.build(++generationCount, config, serviceBeans, providers);
        } catch (RuntimeException | ServletException e) {
            LOG.error("Could not build the REST application; the previous one keeps serving", e);
            return;
        }
        current = next;
        firstBuild.complete(null);
        LOG.info("REST application {} serves {} resources with {} extensions",
                next == null ? "-" : next.number(), serviceBeans.size(), providers.size());
        if (previous != null) {
            builder.schedule(previous::destroy, RETIRE_AFTER_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static List<ServiceReference<Object>> references(ServiceTracker<Object, Object> tracker) {
        ServiceReference<Object>[] refs = tracker.getServiceReferences();
        List<ServiceReference<Object>> sorted = new ArrayList<>();
        if (refs != null) {
            sorted.addAll(List.of(refs));
            sorted.sort(null); // ServiceReference order: ranking, then id
        }
        return sorted;
    }

    /** A resource that requires extensions (e.g. {@code @JSONRequired}) is served only once they are present. */
    static boolean extensionsSatisfied(ServiceReference<?> resource, List<? extends ServiceReference<?>> extensions) {
        Object select = resource.getProperty(EXTENSION_SELECT);
        List<String> filters = new ArrayList<>();
        if (select instanceof String) {
            filters.add((String) select);
        } else if (select instanceof String[]) {
            filters.addAll(List.of((String[]) select));
        } else if (select instanceof Iterable) {
            ((Iterable<?>) select).forEach(f -> filters.add(String.valueOf(f)));
        }
        for (String filterText : filters) {
            try {
                Filter filter = FrameworkUtil.createFilter(filterText);
                if (extensions.stream().noneMatch(filter::match)) {
                    return false;
                }
            } catch (InvalidSyntaxException e) {
                LOG.warn("Resource {} has an invalid {}: {}", resource, EXTENSION_SELECT, filterText);
                return false;
            }
        }
        return true;
    }

    /** Any add, change or removal of a resource or extension asks for a new application. */
    private final class Changes implements ServiceTrackerCustomizer<Object, Object> {
        private final BundleContext context;

        Changes(BundleContext context) {
            this.context = context;
        }

        @Override
        public Object addingService(ServiceReference<Object> reference) {
            Object service = context.getService(reference);
            scheduleBuild();
            return service;
        }

        @Override
        public void modifiedService(ServiceReference<Object> reference, Object service) {
            scheduleBuild();
        }

        @Override
        public void removedService(ServiceReference<Object> reference, Object service) {
            scheduleBuild();
            context.ungetService(reference);
        }
    }

    /** The one servlet registered with the HTTP server; hands each request to the current application. */
    private final class DispatchServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        public void init(ServletConfig config) throws ServletException {
            super.init(config);
            servletConfig = config;
            scheduleBuild();
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response)
                throws ServletException, IOException {
            RestGeneration generation = current;
            if (generation == null) {
                try {
                    firstBuild.get(FIRST_BUILD_WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    // fall through: still nothing to serve
                }
                generation = current;
            }
            if (generation == null) {
                starting(response);
                return;
            }
            generation.service(request, response);
        }

        private void starting(HttpServletResponse response) throws IOException {
            byte[] body = ("{\"type\":\"urn:nerava:problem:starting\",\"title\":\"Service unavailable\",\"status\":503,"
                    + "\"detail\":\"the REST runtime is starting\",\"code\":\"starting\"}")
                    .getBytes(StandardCharsets.UTF_8);
            response.setStatus(503);
            response.setHeader("Retry-After", "1");
            response.setContentType("application/problem+json");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }
}
