package org.nerava.rest.internal.runtime;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.servlet.ServletConfig;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.bus.CXFBusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.resource.ResourceManager;
import org.apache.cxf.transport.http.DestinationRegistry;
import org.apache.cxf.transport.http.DestinationRegistryImpl;
import org.apache.cxf.transport.http.HTTPTransportFactory;
import org.apache.cxf.transport.servlet.CXFNonSpringServlet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One immutable JAX-RS application: its own CXF bus, servlet transport and server, and the resources it serves.
 * Built completely before it serves a request; once replaced it is retired, and destroyed when the last request it
 * accepted (asynchronous ones included) is done.
 */
final class RestGeneration {

    private static final Logger LOG = LoggerFactory.getLogger(RestGeneration.class);
    private static final int DESTROYED = -1;

    private final int number;
    private final List<Object> resources;
    private final Bus bus;
    private final CXFNonSpringServlet servlet;
    private final Server server;
    /** Requests in flight, or {@link #DESTROYED}: once destroyed, no request can enter. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean retired;

    private RestGeneration(int number, List<Object> resources, Bus bus, CXFNonSpringServlet servlet, Server server) {
        this.number = number;
        this.resources = List.copyOf(resources);
        this.bus = bus;
        this.servlet = servlet;
        this.server = server;
    }

    static RestGeneration build(int number, ServletConfig config, List<Object> resources, List<Object> providers)
            throws ServletException {
        Thread thread = Thread.currentThread();
        ClassLoader callers = thread.getContextClassLoader();
        // CXF finds its extensions and the JAX-RS RuntimeDelegate through the context class loader.
        thread.setContextClassLoader(JAXRSServerFactoryBean.class.getClassLoader());
        Bus bus = BusFactory.newInstance(CXFBusFactory.class.getName()).createBus();
        // CXF caches, per entity type and media type, the first writer whose media types match, even when that one
        // declines the type; every response then missed the cache and scanned all writers (a sixth of the request
        // threads' CPU samples, JFR). Caching all candidates makes the cache hit.
        bus.setProperty("org.apache.cxf.jaxrs.provider.cache.checkAllCandidates", true);
        ResourceManager resourceManager = bus.getExtension(ResourceManager.class);
        if (resourceManager != null) {
            bus.setExtension(new RequestLoaderLookup(resourceManager), ResourceManager.class);
        }
        try {
            // A registry of its own: CXF's OSGi transport shares one registry between buses by default, and two
            // applications at "/" in one registry cannot coexist, not even for the moment of the switch.
            DestinationRegistry registry = new DestinationRegistryImpl();
            CXFNonSpringServlet servlet = new CXFNonSpringServlet(registry, bus);
            servlet.init(config);
            JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
            factory.setBus(bus);
            factory.setDestinationFactory(new HTTPTransportFactory(registry));
            factory.setAddress("/");
            factory.setServiceBeans(resources);
            factory.setProviders(providers);
            factory.getOutInterceptors().add(new DateHeader(System::currentTimeMillis));
            Server server = factory.create();
            return new RestGeneration(number, resources, bus, servlet, server);
        } catch (RuntimeException | ServletException e) {
            bus.shutdown(false);
            throw e;
        } finally {
            thread.setContextClassLoader(callers);
        }
    }

    int number() {
        return number;
    }

    /** The resource objects this application serves, in the order it was given them. */
    List<Object> resources() {
        return resources;
    }

    /** Counts a request in; false once the application is destroyed (the caller takes the current one instead). */
    boolean enter() {
        while (true) {
            int count = inFlight.get();
            if (count == DESTROYED) {
                return false;
            }
            if (inFlight.compareAndSet(count, count + 1)) {
                return true;
            }
        }
    }

    /** Counts a request out; the last one out of a retired application destroys it. */
    void exit() {
        if (inFlight.decrementAndGet() == 0 && retired) {
            destroyIfIdle();
        }
    }

    void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        servlet.service(request, response);
    }

    /** Replaced: destroyed now if idle, else by the last request out. */
    void retire() {
        retired = true;
        destroyIfIdle();
    }

    /** Destroyed whatever is still in flight: for requests that never finish, after the retirement bound. */
    void destroyNow() {
        if (inFlight.getAndSet(DESTROYED) != DESTROYED) {
            destroy();
        }
    }

    boolean destroyed() {
        return inFlight.get() == DESTROYED;
    }

    int inFlight() {
        return Math.max(0, inFlight.get());
    }

    private void destroyIfIdle() {
        if (inFlight.compareAndSet(0, DESTROYED)) {
            destroy();
        }
    }

    private void destroy() {
        try {
            server.destroy();
            servlet.destroy();
            bus.shutdown(false);
            LOG.debug("REST application {} retired", number);
        } catch (RuntimeException e) {
            LOG.warn("Retiring REST application {} failed", number, e);
        }
    }
}
