package org.nerava.tomcat.edge.internal;

import java.net.InetAddress;
import java.util.concurrent.Executor;

import org.apache.catalina.Container;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.LifecycleListener;
import org.apache.catalina.Server;
import org.apache.catalina.Service;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardHost;
import org.apache.coyote.UpgradeProtocol;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.apache.tomcat.util.net.SSLHostConfig;

/**
 * The HTTP edge's settings, applied to the Tomcat that Pax Web builds ({@code etc/tomcat-server.xml} names this
 * listener on its {@code <Server>}; each attribute there is a setter here). Pax Web makes the connectors from
 * {@code etc/org.ops4j.pax.web.cfg} and the host itself, after the file is read, so the settings are applied when the
 * server initialises, once everything exists:
 * <ul>
 * <li>every connector runs on Tomcat's NIO endpoint ({@link #onNio}), gets the timeouts and Tomcat's own header limit,
 * and refuses TRACE;</li>
 * <li>every host answers through {@link EdgeValve}, which also replaces Tomcat's HTML error report.</li>
 * </ul>
 */
public class TomcatEdge implements LifecycleListener {

    private static final Log LOG = LogFactory.getLog(TomcatEdge.class);

    private int requestHeaderBytes = 8192;
    private int engineHeaderBytes = 65536;
    private int readTimeoutMillis = 5000;
    private int keepAliveTimeoutMillis = 30000;
    private int maxKeepAliveRequests = -1;

    /** Request line plus headers, in bytes, above which a request is answered {@code 431} by {@link EdgeValve}. */
    public void setRequestHeaderBytes(int bytes) {
        this.requestHeaderBytes = bytes;
    }

    /**
     * Tomcat's own limit ({@code maxHttpHeaderSize}): above it Tomcat refuses the request before any valve and closes
     * the connection while the client is still sending, which the client sees as a reset. Set well above
     * {@link #setRequestHeaderBytes} so that the usual oversized request gets its {@code 431}.
     */
    public void setEngineHeaderBytes(int bytes) {
        this.engineHeaderBytes = bytes;
    }

    /** While a request is read (its headers, then its body), no progress for this long ends it ({@code 408}). */
    public void setReadTimeoutMillis(int millis) {
        this.readTimeoutMillis = millis;
    }

    /** How long an idle keep-alive connection waits for its next request. */
    public void setKeepAliveTimeoutMillis(int millis) {
        this.keepAliveTimeoutMillis = millis;
    }

    /**
     * How many requests one keep-alive connection may carry before the server closes it; {@code -1}, the edge's
     * default, for no limit (Jetty had none). Tomcat's own default of 100 makes a busy client reconnect every 100
     * requests: a new socket, a new TLS handshake over HTTPS, and the CPU both cost (docs/performance.md).
     */
    public void setMaxKeepAliveRequests(int requests) {
        this.maxKeepAliveRequests = requests;
    }

    int requestHeaderBytes() {
        return requestHeaderBytes;
    }

    @Override
    public void lifecycleEvent(LifecycleEvent event) {
        if (Lifecycle.BEFORE_INIT_EVENT.equals(event.getType()) && event.getLifecycle() instanceof Server) {
            apply((Server) event.getLifecycle());
        }
    }

    void apply(Server server) {
        if (requestHeaderBytes > engineHeaderBytes) {
            throw new IllegalArgumentException("requestHeaderBytes (" + requestHeaderBytes
                    + ") must not exceed engineHeaderBytes (" + engineHeaderBytes + ")");
        }
        for (Service service : server.findServices()) {
            for (Connector connector : service.findConnectors()) {
                configure(onNio(service, connector));
            }
            for (Container host : service.getContainer().findChildren()) {
                if (host instanceof StandardHost) {
                    configure((StandardHost) host);
                }
            }
        }
    }

    /**
     * Pax Web's connectors use Tomcat's NIO2 endpoint, which closes the connection when a blocking read times out (it
     * cancels the pending read, and cancelling an asynchronous socket read closes the channel): a body that stops
     * arriving could then not be answered {@code 408}. Each is replaced, before anything starts, by the same connector
     * on Tomcat's NIO endpoint (Tomcat's default), with the same port, address, scheme, TLS configuration, upgrade
     * protocols (HTTP/2), executor (Pax Web sets none: the endpoint makes its own, as before) and Pax Web's name for
     * it ({@link NamedConnector}).
     */
    static Connector onNio(Service service, Connector nio2) {
        if (!nio2.getProtocolHandlerClassName().contains("Nio2")) {
            return nio2;
        }
        Connector nio = new NamedConnector(Http11NioProtocol.class.getName(), nio2.getProperty(NamedConnector.NAME));
        nio.setPort(nio2.getPort());
        Object address = nio2.getProperty("address");
        if (address instanceof InetAddress) {
            nio.setProperty("address", ((InetAddress) address).getHostAddress());
        }
        nio.setScheme(nio2.getScheme());
        nio.setSecure(nio2.getSecure());
        nio.setRedirectPort(nio2.getRedirectPort());
        if (Boolean.TRUE.equals(nio2.getProperty("SSLEnabled"))) {
            nio.setProperty("SSLEnabled", "true");
            Object implementation = nio2.getProperty("sslImplementationName");
            if (implementation != null) {
                nio.setProperty("sslImplementationName", implementation.toString());
            }
            for (SSLHostConfig tls : nio2.findSslHostConfigs()) {
                nio.addSslHostConfig(tls);
            }
        }
        for (UpgradeProtocol upgrade : nio2.findUpgradeProtocols()) {
            nio.addUpgradeProtocol(upgrade);
        }
        Executor pool = nio2.getProtocolHandler().getExecutor();
        if (pool != null) {
            nio.getProtocolHandler().setExecutor(pool);
        }
        service.removeConnector(nio2);
        service.addConnector(nio);
        return nio;
    }

    private void configure(Connector connector) {
        connector.setProperty("maxHttpHeaderSize", Integer.toString(engineHeaderBytes));
        connector.setProperty("connectionTimeout", Integer.toString(readTimeoutMillis));
        connector.setProperty("keepAliveTimeout", Integer.toString(keepAliveTimeoutMillis));
        connector.setProperty("maxKeepAliveRequests", Integer.toString(maxKeepAliveRequests));
        connector.setAllowTrace(false);
        connector.setXpoweredBy(false);
        LOG.info("HTTP edge on connector " + connector + ": headers up to " + requestHeaderBytes + " bytes (Tomcat's own "
                + "limit " + engineHeaderBytes + "), read timeout " + readTimeoutMillis + " ms, keep-alive "
                + keepAliveTimeoutMillis + " ms, " + (maxKeepAliveRequests < 0 ? "no limit of"
                : "at most " + maxKeepAliveRequests) + " requests a connection");
    }

    /**
     * The valve is added before the host starts, and named as the host's error report valve class, so the host does
     * not add Tomcat's own {@code ErrorReportValve} beside it.
     */
    private void configure(StandardHost host) {
        host.setErrorReportValveClass(EdgeValve.class.getName());
        host.getPipeline().addValve(new EdgeValve(requestHeaderBytes));
    }

    /**
     * A connector that knows Pax Web's name for it. Pax Web's context valve asks every request's connector for that
     * name ({@code getProperty("PaxWebConnectorName")}, to match contexts bound to a connector), and Tomcat answers
     * such a question by reflection over the protocol handler's and then the endpoint's methods: about a third of the
     * server's CPU for a {@code /healthz} request (docs/performance.md). Here it is a field.
     */
    static final class NamedConnector extends Connector {

        static final String NAME = "PaxWebConnectorName";

        private volatile Object paxWebName;

        NamedConnector(String protocol, Object paxWebName) {
            super(protocol);
            this.paxWebName = paxWebName;
        }

        @Override
        public Object getProperty(String name) {
            return NAME.equals(name) ? paxWebName : super.getProperty(name);
        }

        @Override
        public boolean setProperty(String name, String value) {
            if (NAME.equals(name)) {
                paxWebName = value;
                return true;
            }
            return super.setProperty(name, value);
        }
    }
}
