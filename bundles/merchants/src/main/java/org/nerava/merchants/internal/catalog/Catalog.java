package org.nerava.merchants.internal.catalog;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.nerava.merchants.ChargerLocation;
import org.nerava.merchants.GreatCircle;
import org.nerava.merchants.MerchantCatalog;
import org.nerava.merchants.MerchantSummary;
import org.nerava.merchants.internal.CurrentSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The chargers and merchants, read from the database into memory and served from there: the catalog is small and
 * changes only when a seed file is loaded, while every merchant list, and through {@link MerchantCatalog} every
 * activation of an exclusive and every favorites list, reads it. A load on this node is seen at once ({@link #invalidate()}); a load on
 * another node sharing the database within {@code catalogRefreshSeconds}.
 */
@Component(service = {Catalog.class, MerchantCatalog.class})
public class Catalog implements MerchantCatalog {

    /** A merchant within a search radius. */
    public record Nearby(Merchant merchant, long distanceMeters) {
    }

    private record Snapshot(long generation, long loadedAt, Map<String, Charger> chargers,
            Map<String, Merchant> merchants, List<Merchant> all) {
    }

    private final CatalogStore store;
    private final CurrentSettings settings;
    private final Clock clock;
    private final AtomicLong generation = new AtomicLong();
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile Snapshot snapshot;

    @Activate
    public Catalog(@Reference CatalogStore store, @Reference CurrentSettings settings) {
        this(store, settings, Clock.systemUTC());
    }

    public Catalog(CatalogStore store, CurrentSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    public Optional<Merchant> merchant(String id) {
        return CatalogIds.isWellFormed(id) ? Optional.ofNullable(current().merchants().get(id)) : Optional.empty();
    }

    public Optional<Charger> charger(String id) {
        return CatalogIds.isWellFormed(id) ? Optional.ofNullable(current().chargers().get(id)) : Optional.empty();
    }

    /** Merchants within {@code radiusMeters} of the point, nearest first (ties by id), at most {@code limit}. */
    public List<Nearby> nearby(double lat, double lng, double radiusMeters, int limit) {
        return current().all().stream()
                .map(m -> new Nearby(m, Math.round(GreatCircle.distanceMeters(lat, lng, m.lat(), m.lng()))))
                .filter(n -> n.distanceMeters() <= radiusMeters)
                .sorted(Comparator.comparingLong(Nearby::distanceMeters).thenComparing(n -> n.merchant().id()))
                .limit(limit)
                .toList();
    }

    public int merchantCount() {
        return current().all().size();
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

    /** The database changed (a load on this node): the next read reads it again. */
    public void invalidate() {
        generation.incrementAndGet();
    }

    private Snapshot current() {
        Snapshot current = snapshot;
        if (current != null && current.generation() == generation.get()) {
            if (clock.millis() - current.loadedAt() < settings.get().catalogRefresh().toMillis()) {
                return current;
            }
            // Time for a fresh copy: one reader reads it, the others go on with this one meanwhile.
            if (!reloading.tryLock()) {
                return current;
            }
        } else {
            reloading.lock(); // nothing current to serve: wait for the copy being read
        }
        try {
            Snapshot again = snapshot;
            if (again != current && again != null && again.generation() == generation.get()) {
                return again; // another reader has just read it
            }
            long loading = generation.get();
            SeedFile.Contents contents;
            try {
                contents = store.load();
            } catch (RuntimeException e) {
                if (current != null) {
                    return current; // the database did not answer: an older copy beats no catalog
                }
                throw e;
            }
            Snapshot loaded = new Snapshot(loading, clock.millis(),
                    contents.chargers().stream().collect(Collectors.toUnmodifiableMap(Charger::id, Function.identity())),
                    contents.merchants().stream().collect(Collectors.toUnmodifiableMap(Merchant::id, Function.identity())),
                    contents.merchants());
            snapshot = loaded;
            return loaded;
        } finally {
            reloading.unlock();
        }
    }
}
