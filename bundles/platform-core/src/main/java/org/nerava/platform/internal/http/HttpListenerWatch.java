package org.nerava.platform.internal.http;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.apache.karaf.features.BootFinished;
import org.nerava.platform.concurrent.DaemonThreads;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the server when its HTTP server is not running: when the port is taken, Tomcat logs "Failed to initialize
 * component" (a BindException) and Pax Web carries on, and the JVM used to stay "Running" while another process
 * answered /healthz on the port. Once the boot features are installed, an HTTP service runtime (registered by Pax Web
 * while its HTTP engine listens) missing for {@value #GRACE_SECONDS} s in a row means the HTTP engine could not start;
 * the server says so and stops.
 */
@Component(immediate = true)
public class HttpListenerWatch {

    static final long GRACE_SECONDS = 15;
    private static final Logger LOG = LoggerFactory.getLogger(HttpListenerWatch.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BootFinished bootFinished;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile HttpServiceRuntime httpRuntime;

    private final Runnable stopServer;
    private final LongSupplier nanoClock;
    private final ScheduledExecutorService timer;
    private long missingSince = -1;
    private boolean stopped;

    @Activate
    public HttpListenerWatch(BundleContext context) {
        this(() -> stopFramework(context), System::nanoTime, true);
    }

    HttpListenerWatch(Runnable stopServer, LongSupplier nanoClock, boolean schedule) {
        this.stopServer = stopServer;
        this.nanoClock = nanoClock;
        this.timer = schedule ? Executors.newSingleThreadScheduledExecutor(
                DaemonThreads.named("nerava-http-listener-watch")) : null;
        if (timer != null) {
            timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
        }
    }

    @Deactivate
    void deactivate() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    void bootFinished(BootFinished finished) {
        this.bootFinished = finished;
    }

    void httpRuntime(HttpServiceRuntime runtime) {
        this.httpRuntime = runtime;
    }

    /** One look, every second: true when it stopped the server. */
    synchronized boolean check() {
        if (stopped || bootFinished == null || httpRuntime != null) {
            missingSince = -1;
            return false;
        }
        long now = nanoClock.getAsLong();
        if (missingSince < 0) {
            missingSince = now;
        }
        if (now - missingSince < TimeUnit.SECONDS.toNanos(GRACE_SECONDS)) {
            return false;
        }
        stopped = true;
        String message = "HTTP is not served: no HTTP server has run for " + GRACE_SECONDS + " s since the boot"
                + " finished. The HTTP engine's ERROR above says why; 'java.net.BindException: Address already"
                + " in use' means another process holds the port (NERAVA_HTTP_HOST=" + env("NERAVA_HTTP_HOST", "0.0.0.0")
                + ", NERAVA_HTTP_PORT=" + env("NERAVA_HTTP_PORT", "8000") + "). Stopping this server rather than"
                + " running without its port.";
        LOG.error(message);
        System.err.println("nerava: " + message);
        stopServer.run();
        return true;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback + " (default)" : value;
    }

    private static void stopFramework(BundleContext context) {
        try {
            context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).stop();
        } catch (BundleException | IllegalStateException e) {
            LOG.error("Could not stop the server: {}", e.toString());
        }
    }
}
