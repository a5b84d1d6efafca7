package org.nerava.platform.internal.schema;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.nerava.platform.concurrent.DaemonThreads;
import org.nerava.platform.doctor.CheckMode;
import org.nerava.platform.health.Readiness;
import org.nerava.platform.health.ReadinessCheck;
import org.nerava.platform.persistence.MigratedSchema;
import org.nerava.platform.persistence.PlatformDatabase;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The migration extender: for every started bundle with a {@value MigratedSchema#HEADER} header, migrates its schema
 * on one background thread (never in a bundle's start or a component's activation: PostgreSQL may be across a
 * network, or down) and then registers {@link MigratedSchema} in that bundle's name. A failed migration is logged and
 * tried again every {@value #RETRY_SECONDS} s; meanwhile the bundle's database users stay unsatisfied (their endpoints
 * answer 404), and every other bundle carries on. The registration goes with the bundle when it stops.
 *
 * <p>In {@link CheckMode check mode} nothing is migrated and nothing registered, so no database user activates.
 */
@Component(service = ReadinessCheck.class, immediate = true)
public final class SchemaMigrations implements ReadinessCheck {

    static final long RETRY_SECONDS = 10;
    private static final String AT_VERSION = "at version ";
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

    private final SchemaMigrator migrator;
    private final ScheduledExecutorService worker;
    private final BundleTracker<Tracked> tracker;
    private final Map<String, String> states = new ConcurrentHashMap<>();

    @Activate
    public SchemaMigrations(BundleContext context,
            @Reference(target = PlatformDatabase.TARGET) DataSource dataSource) {
        this.migrator = new SchemaMigrator(dataSource);
        this.worker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("nerava-schema-migrations"));
        this.tracker = new BundleTracker<>(context, Bundle.STARTING | Bundle.ACTIVE, new Customizer());
        tracker.open();
    }

    @Deactivate
    void deactivate() {
        tracker.close();
        worker.shutdownNow();
    }

    @Override
    public String name() {
        return "schemas";
    }

    /** Critical: a node whose tables are not yet (or cannot be) migrated must not take traffic for them. */
    @Override
    public boolean critical() {
        return true;
    }

    @Override
    public Readiness check() {
        Map<String, String> now = new TreeMap<>(states);
        boolean migrated = now.values().stream().allMatch(state -> state.startsWith(AT_VERSION));
        String detail = now.isEmpty() ? "no bundle owns a schema"
                : now.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("; "));
        return migrated ? Readiness.up(detail) : Readiness.down(detail);
    }

    private final class Customizer implements BundleTrackerCustomizer<Tracked> {

        @Override
        public Tracked addingBundle(Bundle bundle, BundleEvent event) {
            String schema = bundle.getHeaders("").get(MigratedSchema.HEADER);
            if (schema == null || schema.isBlank()) {
                return null;
            }
            Tracked tracked = new Tracked(bundle, schema.trim());
            if (CheckMode.on()) {
                // bin/nerava-doctor: the database is looked at (SchemaInspection), never changed.
                states.put(tracked.schema, "not migrated: check mode");
                return tracked;
            }
            states.put(tracked.schema, "migrating");
            tracked.schedule(0);
            return tracked;
        }

        @Override
        public void modifiedBundle(Bundle bundle, BundleEvent event, Tracked tracked) {
        }

        @Override
        public void removedBundle(Bundle bundle, BundleEvent event, Tracked tracked) {
            tracked.close();
            states.remove(tracked.schema);
        }
    }

    private final class Tracked {

        final Bundle bundle;
        final String schema;
        private Future<?> pending;
        private ServiceRegistration<MigratedSchema> registration;
        private boolean closed;

        Tracked(Bundle bundle, String schema) {
            this.bundle = bundle;
            this.schema = schema;
        }

        synchronized void schedule(long delaySeconds) {
            if (!closed && !worker.isShutdown()) {
                pending = worker.schedule(this::migrate, delaySeconds, TimeUnit.SECONDS);
            }
        }

        private void migrate() {
            try {
                String version = migrator.migrate(schema, scripts());
                register(version);
                states.put(schema, AT_VERSION + version);
            } catch (Exception | LinkageError e) {
                states.put(schema, "failed: " + e.getMessage());
                LOG.error("Schema {} of bundle {} could not be migrated; trying again in {} s", schema,
                        bundle.getSymbolicName(), RETRY_SECONDS, e);
                schedule(RETRY_SECONDS);
            }
        }

        private List<SchemaMigrator.Script> scripts() throws IOException {
            return scriptsOf(bundle, schema);
        }

        private synchronized void register(String version) {
            BundleContext owner = bundle.getBundleContext();
            if (closed || owner == null) {
                return;
            }
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(MigratedSchema.NAME, schema);
            properties.put(MigratedSchema.VERSION, version);
            try {
                registration = owner.registerService(MigratedSchema.class, new Migrated(schema, version), properties);
            } catch (IllegalStateException stopping) {
                // The bundle stopped while its schema was migrated: nothing to announce.
            }
        }

        synchronized void close() {
            closed = true;
            if (pending != null) {
                pending.cancel(false);
            }
            if (registration != null) {
                try {
                    registration.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // Unregistered by the framework when the bundle stopped.
                }
                registration = null;
            }
        }
    }

    /** The versioned scripts a bundle ships for one schema. */
    public static List<SchemaMigrator.Script> scriptsOf(Bundle bundle, String schema) throws IOException {
        List<SchemaMigrator.Script> scripts = new ArrayList<>();
        Enumeration<URL> entries = bundle.findEntries(MigratedSchema.scriptFolder(schema), "*.sql", false);
        while (entries != null && entries.hasMoreElements()) {
            URL url = entries.nextElement();
            String path = url.getPath();
            try (InputStream in = url.openStream()) {
                scripts.add(new SchemaMigrator.Script(path.substring(path.lastIndexOf('/') + 1),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        return scripts;
    }

    private record Migrated(String name, String version) implements MigratedSchema {
    }
}
