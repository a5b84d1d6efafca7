package org.nerava.metrics.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Micrometer registry of the server, in Prometheus form, with the JVM's own meters (memory, GC, threads,
 * class loading, CPU, uptime). Private to this bundle: features record through the bundle-scoped
 * {@link org.nerava.platform.metrics.Meters} service, which keeps Micrometer out of their class space.
 */
@Component(service = MetricsRegistry.class)
public class MetricsRegistry {

    /** Latency buckets of every timer: fixed (not Micrometer's ~70 percentile buckets) to keep series few. */
    static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private static final Logger LOG = LoggerFactory.getLogger(MetricsRegistry.class);

    private final PrometheusMeterRegistry registry;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final AtomicLong removals = new AtomicLong();

    @Activate
    public MetricsRegistry() {
        Thread thread = Thread.currentThread();
        ClassLoader callers = thread.getContextClassLoader();
        // The Prometheus client looks for optional properties through the context class loader: make it ours.
        thread.setContextClassLoader(MetricsRegistry.class.getClassLoader());
        try {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        } finally {
            thread.setContextClassLoader(callers);
        }
        // One listener for the registry's life: registered by each cache of meters instead, one leaked per activation.
        registry.config().onMeterRemoved(meter -> removals.incrementAndGet());
        JvmGcMetrics gc = new JvmGcMetrics();
        closeables.add(gc);
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new ProcessorMetrics(), new UptimeMetrics())) {
            try {
                binder.bindTo(registry);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("JVM metrics {} are not available: {}", binder.getClass().getSimpleName(), e.toString());
            }
        }
    }

    @Deactivate
    void close() {
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("Closing {} failed", closeable, e);
            }
        }
        registry.close();
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** A timer with the standard latency buckets. */
    Timer timer(String name, String description, Iterable<io.micrometer.core.instrument.Tag> tags) {
        return Timer.builder(name).description(description).tags(tags)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
    }

    /**
     * How many meters were removed from the registry so far: a cache of meters is stale when this changed since it
     * last looked (a removed meter still records, into nothing anybody scrapes).
     */
    long removals() {
        return removals.get();
    }

    void remove(Meter.Id id) {
        registry.remove(id);
    }

    /** The Prometheus text exposition (format 0.0.4) of every meter now registered. */
    String scrape() {
        return registry.scrape();
    }
}
