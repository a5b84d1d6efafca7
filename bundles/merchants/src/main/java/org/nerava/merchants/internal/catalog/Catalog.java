package org.nerava.merchants.internal.catalog;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.nerava.merchants.ChargerLocation;
import org.nerava.merchants.GreatCircle;
import org.nerava.merchants.MerchantCatalog;
import org.nerava.merchants.MerchantSummary;
import org.nerava.merchants.internal.CurrentSettings;
import org.nerava.merchants.internal.catalog.CatalogGrid.CellRange;
import org.nerava.platform.metrics.Meters;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog as this node serves it: searched in the database by grid cell ({@link CatalogGrid}) and looked up by
 * primary key, with the hot cells and ids kept in bounded caches, so a node's memory does not grow with the catalog.
 * Caches follow the catalog by version: a load on this node is seen at once ({@link #invalidate()}); one on another
 * node sharing the database when this node next checks the version, every {@code catalogRefreshSeconds}, and then
 * only what that load changed is forgotten.
 */
@Component(service = {Catalog.class, MerchantCatalog.class})
public class Catalog implements MerchantCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(Catalog.class);
    /** A search wider than this many cells in a row (near a pole) reads the database without caching the cells. */
    static final int MAX_CACHED_RANGE = 64;
    /** A change of more rows than this forgets every cache instead of the rows one by one. */
    static final int MAX_TRACKED_CHANGES = 10_000;
    private static final Merchant[] NO_MERCHANTS = {};

    /** A merchant within a search radius. */
    public record Nearby(Merchant merchant, long distanceMeters) {
    }

    /** What {@code /readyz} and {@code /metrics} show. */
    public record Status(CatalogStore.State state, long checkedAt, String lastError, int cachedCells,
            long cachedMerchants, int cacheCapacity, long cellHits, long cellMisses) {

        /** Hits over lookups of cells, 0 before any. */
        public double hitRate() {
            long lookups = cellHits + cellMisses;
            return lookups == 0 ? 0 : (double) cellHits / lookups;
        }
    }

    private final CatalogStore store;
    private final CurrentSettings settings;
    private final Clock clock;
    private volatile Caches caches;
    private final AtomicLong generation = new AtomicLong();
    private final ReentrantLock checking = new ReentrantLock();
    private volatile CatalogStore.State state;
    private volatile long checkedGeneration = -1;
    private volatile long checkedAt;
    private volatile String lastError;

    @Activate
    public Catalog(@Reference CatalogStore store, @Reference CurrentSettings settings) {
        this(store, settings, Clock.systemUTC());
    }

    public Catalog(CatalogStore store, CurrentSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.caches = new Caches(settings.get().catalogCacheMerchants());
    }

    /** The node's catalog memory: grid cells by weight in merchants, and a tenth as many merchants and chargers by id. */
    private record Caches(LruCache<Long, Merchant[]> cells, LruCache<String, Merchant> merchantsById,
            LruCache<String, Charger> chargersById) {

        Caches(int capacity) {
            this(new LruCache<>(capacity, found -> 1 + found.length),
                    new LruCache<>(Math.max(100, capacity / 10), merchant -> 1),
                    new LruCache<>(Math.max(100, capacity / 10), charger -> 1));
        }

        void clear() {
            cells.clear();
            merchantsById.clear();
            chargersById.clear();
        }
    }

    public Optional<Merchant> merchant(String id) {
        return CatalogIds.isWellFormed(id) ? byId(follow().merchantsById(), id, store::merchant) : Optional.empty();
    }

    public Optional<Charger> charger(String id) {
        return CatalogIds.isWellFormed(id) ? byId(follow().chargersById(), id, store::charger) : Optional.empty();
    }

    /** One primary-key read at most, whatever the catalog's size; only what exists is cached. */
    private static <T> Optional<T> byId(LruCache<String, T> cache, String id, Function<String, Optional<T>> read) {
        long readAt = cache.epoch();
        T cached = cache.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<T> found = read.apply(id);
        found.ifPresent(value -> cache.put(id, value, readAt));
        return found;
    }

    /** One page of a nearby search; {@code more} when merchants beyond it are within the radius too. */
    public record NearbyPage(List<Nearby> merchants, boolean more) {
    }

    /** The first {@code limit} merchants of a nearby search. */
    public List<Nearby> nearby(double lat, double lng, double radiusMeters, int limit) {
        return nearby(lat, lng, radiusMeters, 0, limit).merchants();
    }

    /**
     * Merchants within {@code radiusMeters} of the point, nearest first (ties by id), {@code limit} of them from the
     * {@code offset}-th on: the merchants of the cells around the point, measured exactly, so the work is the answer's
     * neighbourhood whatever the catalog's size. The order is total, so pages neither repeat nor skip a merchant
     * while the catalog does not change.
     */
    public NearbyPage nearby(double lat, double lng, double radiusMeters, int offset, int limit) {
        LruCache<Long, Merchant[]> cells = follow().cells();
        List<Nearby> found = new ArrayList<>();
        for (Merchant merchant : candidates(cells, CatalogGrid.covering(lat, lng, radiusMeters))) {
            long distance = Math.round(GreatCircle.distanceMeters(lat, lng, merchant.lat(), merchant.lng()));
            if (distance <= radiusMeters) {
                found.add(new Nearby(merchant, distance));
            }
        }
        if (offset >= found.size()) {
            return new NearbyPage(List.of(), false);
        }
        found.sort(Comparator.comparingLong(Nearby::distanceMeters).thenComparing(n -> n.merchant().id()));
        int end = (int) Math.min(found.size(), (long) offset + limit);
        return new NearbyPage(List.copyOf(found.subList(offset, end)), end < found.size());
    }

    /** The merchants of the ranges' cells: cached cells from memory, the others read together and then cached. */
    private List<Merchant> candidates(LruCache<Long, Merchant[]> cells, List<CellRange> ranges) {
        List<Merchant> found = new ArrayList<>();
        List<CellRange> wide = new ArrayList<>();
        List<CellRange> missing = new ArrayList<>();
        for (CellRange range : ranges) {
            if (range.size() > MAX_CACHED_RANGE) {
                wide.add(range);
                continue;
            }
            long runStart = -1;
            for (long cell = range.from(); cell <= range.to(); cell++) {
                Merchant[] cached = cells.get(cell);
                if (cached != null) {
                    found.addAll(List.of(cached));
                    if (runStart >= 0) {
                        missing.add(new CellRange(runStart, cell - 1));
                        runStart = -1;
                    }
                } else if (runStart < 0) {
                    runStart = cell;
                }
            }
            if (runStart >= 0) {
                missing.add(new CellRange(runStart, range.to()));
            }
        }
        if (!wide.isEmpty()) {
            found.addAll(store.merchantsIn(wide));
        }
        if (!missing.isEmpty()) {
            long readAt = cells.epoch();
            List<Merchant> read = store.merchantsIn(missing);
            found.addAll(read);
            cacheByCell(cells, missing, read, readAt);
        }
        return found;
    }

    private static void cacheByCell(LruCache<Long, Merchant[]> cells, List<CellRange> ranges, List<Merchant> read, long readAt) {
        Map<Long, List<Merchant>> byCell = new HashMap<>();
        for (Merchant merchant : read) {
            byCell.computeIfAbsent(CatalogGrid.cell(merchant.lat(), merchant.lng()), c -> new ArrayList<>())
                    .add(merchant);
        }
        for (CellRange range : ranges) {
            for (long cell = range.from(); cell <= range.to(); cell++) {
                List<Merchant> in = byCell.get(cell);
                cells.put(cell, in == null ? NO_MERCHANTS : in.toArray(NO_MERCHANTS), readAt);
            }
        }
    }

    public int merchantCount() {
        follow();
        return (int) Math.min(Integer.MAX_VALUE, state.merchants());
    }

    /** The photo URL a client gets: relative values joined to the configured base. */
    public String photoUrl(Merchant merchant) {
        return settings.get().photoUrl(merchant.photoUrl());
    }

    @Override
    public Optional<MerchantSummary> findMerchant(String merchantId) {
        return merchant(merchantId).map(m -> new MerchantSummary(m.id(), m.chargerId(), m.name(), photoUrl(m)));
    }

    @Override
    public Optional<ChargerLocation> findCharger(String chargerId) {
        return charger(chargerId).map(c -> new ChargerLocation(c.id(), c.name(), c.lat(), c.lng()));
    }

    /** The database changed (a load on this node): the next read checks the version first. */
    public void invalidate() {
        generation.incrementAndGet();
    }

    public Status status() {
        CatalogStore.State known = state;
        LruCache<Long, Merchant[]> cells = caches.cells();
        return new Status(known == null ? new CatalogStore.State(0, 0, 0) : known, checkedAt, lastError,
                cells.entries(), cells.weight(), cells.capacity(), cells.hits(), cells.misses());
    }

    /**
     * Publishes the catalog's size and the cache's figures, read when scraped. Optional and dynamic: the catalog
     * works the same without the metrics feature.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMeters(Meters meters) {
        meters.gauge("nerava.catalog.merchants", "Merchants in the catalog", () -> status().state().merchants());
        meters.gauge("nerava.catalog.chargers", "Chargers in the catalog", () -> status().state().chargers());
        meters.gauge("nerava.catalog.version", "Catalog version this node has caught up with",
                () -> status().state().version());
        meters.gauge("nerava.catalog.cache.merchants", "Merchants held in this node's cache of grid cells",
                () -> caches.cells().weight());
        meters.gauge("nerava.catalog.cache.capacity", "Most merchants the cache of grid cells holds (catalogCacheMerchants)",
                () -> caches.cells().capacity());
        meters.gauge("nerava.catalog.cache.hit.ratio", "Cell lookups of nearby searches answered from the cache,"
                + " since start", () -> status().hitRate());
        meters.total("nerava.catalog.cache.hits", "Cell lookups answered from the cache", () -> caches.cells().hits());
        meters.total("nerava.catalog.cache.misses", "Cell lookups read from the database", () -> caches.cells().misses());
    }

    void unbindMeters(Meters meters) {
        // Nothing to do: the meters belong to this bundle's Meters instance and leave with it.
    }

    /**
     * Checks the catalog's version when due (every {@code catalogRefreshSeconds}, or at once after a load here) and
     * forgets what changed. One reader checks; the others go on with the caches meanwhile. While the database does
     * not answer, the caches are served as they are. A changed {@code catalogCacheMerchants} starts new caches.
     *
     * @return the caches to serve from
     */
    private Caches follow() {
        int capacity = settings.get().catalogCacheMerchants();
        if (caches.cells().capacity() != capacity) {
            caches = new Caches(capacity);
        }
        followVersion();
        return caches;
    }

    private void followVersion() {
        long wanted = generation.get();
        boolean due = checkedGeneration != wanted
                || clock.millis() - checkedAt >= settings.get().catalogRefresh().toMillis();
        if (!due) {
            return;
        }
        if (state == null || checkedGeneration != wanted) {
            checking.lock(); // nothing current to go on with: wait for the check under way
        } else if (!checking.tryLock()) {
            return;
        }
        try {
            if (checkedGeneration == wanted && clock.millis() - checkedAt < settings.get().catalogRefresh().toMillis()) {
                return; // another reader has just checked
            }
            CatalogStore.State now;
            try {
                now = store.state();
            } catch (RuntimeException e) {
                lastError = e.getMessage();
                if (state != null) {
                    return;
                }
                throw e;
            }
            CatalogStore.State seen = state;
            if (seen != null && now.version() != seen.version()) {
                forgetChangesSince(seen.version());
            }
            state = now;
            checkedGeneration = wanted;
            checkedAt = clock.millis();
            lastError = null;
        } finally {
            checking.unlock();
        }
    }

    private void forgetChangesSince(long version) {
        CatalogStore.Changes changes = store.changesSince(version, MAX_TRACKED_CHANGES);
        Caches current = caches;
        if (!changes.complete()) {
            LOG.info("Catalog changed by more than {} rows since version {}: caches cleared", MAX_TRACKED_CHANGES,
                    version);
            current.clear();
            return;
        }
        current.merchantsById().evict(changes.merchantIds());
        current.chargersById().evict(changes.chargerIds());
        // A merchant that moved is still in the cell it left: drop that cell too.
        current.cells().evictIf((cell, held) -> changes.merchantCells().contains(cell)
                || Arrays.stream(held).anyMatch(m -> changes.merchantIds().contains(m.id())));
    }
}
