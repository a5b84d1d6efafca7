package org.nerava.metrics.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;

import org.nerava.platform.metrics.Meters;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Meters} for one bundle: the service is bundle-scoped, so each bundle that uses it gets its own instance,
 * which remembers the meters that bundle created and removes them from the registry when the bundle lets go of the
 * service (it stops, is uninstalled, or its last component using it goes away). Callers never see an exception:
 * a malformed call is logged once and ignored, since recording must never break a request.
 */
@Component(service = Meters.class, scope = ServiceScope.BUNDLE)
public class BundleMeters implements Meters {

    private static final Logger LOG = LoggerFactory.getLogger(BundleMeters.class);
    private static final Pattern NAME = Pattern.compile("nerava(\\.[a-z][a-z0-9_]*)+");

    private final MetricsRegistry registry;
    private final Set<Meter.Id> created = ConcurrentHashMap.newKeySet();
    private final Set<String> complaints = ConcurrentHashMap.newKeySet();
    private final Set<DoubleSupplier> suppliers = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    @Activate
    public BundleMeters(@Reference MetricsRegistry registry) {
        this.registry = registry;
    }

    @Deactivate
    void close() {
        closed = true;
        for (Meter.Id id : created) {
            registry.remove(id);
        }
        created.clear();
        suppliers.clear();
    }

    @Override
    public void count(String name, String description, String... tags) {
        List<Tag> tagList = tags(name, tags);
        if (tagList != null) {
            try {
                remember(Counter.builder(name).description(description).tags(tagList).register(registry.registry()))
                        .increment();
            } catch (RuntimeException e) {
                complain(name, e);
            }
        }
    }

    @Override
    public void time(String name, String description, Duration duration, String... tags) {
        List<Tag> tagList = tags(name, tags);
        if (tagList != null && duration != null) {
            try {
                remember(registry.timer(name, description, tagList)).record(duration);
            } catch (RuntimeException e) {
                complain(name, e);
            }
        }
    }

    @Override
    public void gauge(String name, String description, DoubleSupplier value, String... tags) {
        List<Tag> tagList = tags(name, tags);
        if (tagList != null && value != null) {
            try {
                remember(Gauge.builder(name, value, DoubleSupplier::getAsDouble).strongReference(true)
                        .description(description).tags(tagList).register(registry.registry()));
            } catch (RuntimeException e) {
                complain(name, e);
            }
        }
    }

    @Override
    public void total(String name, String description, DoubleSupplier total, String... tags) {
        List<Tag> tagList = tags(name, tags);
        if (tagList != null && total != null) {
            try {
                // Micrometer holds a function counter's object weakly: this instance holds it for the bundle.
                suppliers.add(total);
                remember(FunctionCounter.builder(name, total, DoubleSupplier::getAsDouble)
                        .description(description).tags(tagList).register(registry.registry()));
            } catch (RuntimeException e) {
                complain(name, e);
            }
        }
    }

    private <M extends Meter> M remember(M meter) {
        if (created.add(meter.getId()) && closed) {
            // Raced with close(): the bundle is gone, so is its meter.
            registry.remove(meter.getId());
        }
        return meter;
    }

    /** The tags, or null (after one log line per name) when the call is malformed. */
    private List<Tag> tags(String name, String[] tags) {
        if (name == null || !NAME.matcher(name).matches()) {
            complain(String.valueOf(name), new IllegalArgumentException("a name is nerava.<lower_case>[.<...>]"));
            return null;
        }
        if (tags == null || tags.length % 2 != 0) {
            complain(name, new IllegalArgumentException("tags are key/value pairs"));
            return null;
        }
        List<Tag> list = new ArrayList<>(tags.length / 2);
        for (int i = 0; i < tags.length; i += 2) {
            if (tags[i] == null || tags[i].isEmpty()) {
                complain(name, new IllegalArgumentException("a tag key is empty"));
                return null;
            }
            list.add(Tag.of(tags[i], tags[i + 1] == null ? "none" : tags[i + 1]));
        }
        return list;
    }

    private void complain(String name, RuntimeException e) {
        if (complaints.add(name)) {
            LOG.warn("Metric '{}' is not recorded: {}", name, e.toString());
        }
    }
}
