package org.nerava.platform.internal.jaxrs;

import java.io.IOException;
import java.util.List;

import javax.servlet.ServletConfig;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.bus.CXFBusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.transport.http.DestinationRegistry;
import org.apache.cxf.transport.http.DestinationRegistryImpl;
import org.apache.cxf.transport.http.HTTPTransportFactory;
import org.apache.cxf.transport.servlet.CXFNonSpringServlet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One immutable JAX-RS application: its own CXF bus, servlet transport and server. Built completely before it
 * serves a request; destroyed only after it has been replaced and given time to finish what it accepted.
 */
final class RestGeneration {

    private static final Logger LOG = LoggerFactory.getLogger(RestGeneration.class);

    private final int number;
    private final Bus bus;
    private final CXFNonSpringServlet servlet;
    private final Server server;

    private RestGeneration(int number, Bus bus, CXFNonSpringServlet servlet, Server server) {
        this.number = number;
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
            Server server = factory.create();
            return new RestGeneration(number, bus, servlet, server);
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

    void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        servlet.service(request, response);
    }

    void destroy() {
        try {
            server.destroy();
            servlet.destroy();
            bus.shutdown(false);
        } catch (RuntimeException e) {
            LOG.warn("Retiring REST application {} failed", number, e);
        }
    }
}
