package org.nerava.merchants.internal.catalog;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.nerava.merchants.internal.CurrentSettings;
import org.nerava.merchants.internal.catalog.SeedFile.SeedFileException;
import org.nerava.platform.concurrent.DaemonThreads;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads catalog files into the database. On activation it seeds an empty catalog from the configured seed file, on a
 * thread of its own (a local file and a database transaction, never the network, and never on the activation
 * thread); while the database does not answer it tries again every {@value #RETRY_SECONDS} s. A catalog that has
 * chargers is never seeded again: later files are loaded with {@code nerava:catalog-load}.
 */
@Component(service = CatalogLoader.class, immediate = true)
public class CatalogLoader {

    static final long RETRY_SECONDS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(CatalogLoader.class);

    private final CatalogStore store;
    private final Catalog catalog;
    private final CurrentSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService seeding = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("nerava-catalog-seed"));

    @Activate
    public CatalogLoader(@Reference CatalogStore store, @Reference Catalog catalog,
            @Reference CurrentSettings settings) {
        this(store, catalog, settings, Clock.systemUTC());
        seeding.execute(this::seedInBackground);
    }

    public CatalogLoader(CatalogStore store, Catalog catalog, CurrentSettings settings, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.settings = settings;
        this.clock = clock;
    }

    @Deactivate
    void deactivate() {
        seeding.shutdownNow();
    }

    /**
     * Seeds the catalog from the configured file when it has no charger yet.
     *
     * @return what was loaded; null when the catalog already had chargers
     */
    public CatalogStore.LoadResult seedIfEmpty() throws SeedFileException {
        if (!store.isEmpty()) {
            return null;
        }
        try {
            return load(settings.get().seedFile());
        } catch (RuntimeException e) {
            // Another node seeding the same database at the same moment wins; its chargers are here now.
            if (!store.isEmpty()) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Adds and updates chargers and merchants from a file, streamed into one transaction; nothing is removed, and a
     * file with a problem anywhere changes nothing.
     */
    public CatalogStore.LoadResult load(Path file) throws SeedFileException {
        try {
            return store.load(sink -> SeedFile.stream(file, sink), clock.millis());
        } finally {
            catalog.invalidate();
        }
    }

    private void seedInBackground() {
        try {
            CatalogStore.LoadResult loaded = seedIfEmpty();
            if (loaded != null) {
                LOG.info("Catalog seeded from {}: {} chargers, {} merchants", settings.get().seedFile(),
                        loaded.chargersAdded(), loaded.merchantsAdded());
            }
        } catch (SeedFileException e) {
            LOG.error("Catalog not seeded; fix the file and run nerava:catalog-load: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Catalog not seeded yet (retrying in {} s): {}", RETRY_SECONDS, e.toString());
            if (!seeding.isShutdown()) {
                seeding.schedule(this::seedInBackground, RETRY_SECONDS, TimeUnit.SECONDS);
            }
        }
    }
}
