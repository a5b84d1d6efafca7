package org.nerava.platform.internal.edge;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.servlet.Filter;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.context.ServletContextHelper;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;

/**
 * Puts a {@link RequestEdgeFilter} in front of every servlet context: the default one (the REST application,
 * {@code /healthz}, {@code /metrics}) and each context a bundle adds (the web apps' {@code /app}, {@code /admin}).
 * One filter registration per context, not one selecting every context: Pax Web re-registers a filter whose set of
 * contexts changes in each of them, and rebuilding the default context's filters while a web feature came or went
 * answered requests to REST paths with the engine's 404 page (BootWindowTest).
 */
@Component(service = {})
public class RequestEdgeFilters {

    private static final String DEFAULT_CONTEXT = HttpWhiteboardConstants.HTTP_WHITEBOARD_DEFAULT_CONTEXT_NAME;

    private final BundleContext bundle;
    private final ServiceRegistration<Filter> inDefaultContext;
    private final Map<Long, ServiceRegistration<Filter>> inAddedContexts = new ConcurrentHashMap<>();

    @Activate
    public RequestEdgeFilters(BundleContext bundle) {
        this.bundle = bundle;
        this.inDefaultContext = register("(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME + "="
                + DEFAULT_CONTEXT + ")", DEFAULT_CONTEXT);
    }

    @Reference(service = ServletContextHelper.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void addContext(ServiceReference<ServletContextHelper> context) {
        Object name = context.getProperty(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME);
        if (name == null || DEFAULT_CONTEXT.equals(name)) {
            return; // not a whiteboard context, or the default one, which has its filter from the start
        }
        Long id = (Long) context.getProperty(Constants.SERVICE_ID);
        inAddedContexts.computeIfAbsent(id, key -> register("(" + Constants.SERVICE_ID + "=" + key + ")", name));
    }

    void removeContext(ServiceReference<ServletContextHelper> context) {
        ServiceRegistration<Filter> registration = inAddedContexts.remove(context.getProperty(Constants.SERVICE_ID));
        if (registration != null) {
            unregister(registration);
        }
    }

    @Deactivate
    void deactivate() {
        inAddedContexts.values().forEach(RequestEdgeFilters::unregister);
        inAddedContexts.clear();
        unregister(inDefaultContext);
    }

    private ServiceRegistration<Filter> register(String contextSelect, Object contextName) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_NAME, "nerava-request-edge-" + contextName);
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_PATTERN, "/*");
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_DISPATCHER, "REQUEST");
        // The REST application answers some requests asynchronously: every filter before it must allow that.
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_ASYNC_SUPPORTED, Boolean.TRUE);
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT, contextSelect);
        // Before every other filter of the context, so nothing meets a request this filter refuses.
        properties.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        return bundle.registerService(Filter.class, new RequestEdgeFilter(), properties);
    }

    private static void unregister(ServiceRegistration<Filter> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and took it with it
        }
    }
}
