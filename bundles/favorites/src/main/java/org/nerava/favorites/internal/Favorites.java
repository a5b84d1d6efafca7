package org.nerava.favorites.internal;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.nerava.platform.ProblemException;
import org.nerava.merchants.MerchantCatalog;
import org.nerava.merchants.MerchantSummary;
import org.nerava.platform.events.EventTopics;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A driver's favorite merchants. The {@link MerchantCatalog} is optional and dynamic: while it is bound, unknown
 * merchants are refused and lists show names and photos; while it is not (the exclusives feature is not installed,
 * or it cannot answer), favorites work on merchant ids alone. Adding and removing are idempotent and post
 * {@code ADDED} / {@code REMOVED} only when something changed.
 */
@Component(service = Favorites.class)
public class Favorites {

    /** A favorite as the driver sees it; {@code name} and {@code photoUrl} only while the catalog knows it. */
    public record Entry(String merchantId, String name, String photoUrl, long createdAt, boolean added) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Favorites.class);

    private final FavoritesStore store;
    private final Clock clock;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MerchantCatalog catalog;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin events;

    @Activate
    public Favorites(@Reference FavoritesStore store) {
        this(store, Clock.systemUTC(), null, null);
    }

    public Favorites(FavoritesStore store, Clock clock, MerchantCatalog catalog, EventAdmin events) {
        this.store = store;
        this.clock = clock;
        this.catalog = catalog;
        this.events = events;
    }

    /**
     * Adds a favorite, or answers the one the driver has.
     *
     * @throws ProblemException 404 {@code merchant_not_found} when the id cannot be a merchant's, or the catalog is
     *         present and does not know it
     */
    public Entry add(String driverId, String merchantId) {
        if (!MerchantCatalog.isWellFormedId(merchantId)) {
            throw merchantNotFound();
        }
        Lookup lookup = lookUp(merchantId);
        if (lookup.catalogAnswered() && lookup.merchant().isEmpty()) {
            LOG.debug("Favorite {} of driver {} refused: the catalog does not know it", merchantId, driverId);
            throw merchantNotFound();
        }
        FavoritesStore.Added added = store.add(driverId, merchantId, clock.millis());
        LOG.debug("Favorite {} of driver {}: {}{}", merchantId, driverId, added.added() ? "added" : "already there",
                lookup.catalogAnswered() ? "" : " (catalog not asked: ids alone)");
        if (added.added()) {
            publish(EventTopics.FAVORITE_ADDED, driverId, merchantId);
        }
        return entry(added.favorite(), lookup.merchant(), added.added());
    }

    /** Removes a favorite if the driver has it; the catalog is not asked (a merchant it dropped can be removed). */
    public void remove(String driverId, String merchantId) {
        boolean removed = MerchantCatalog.isWellFormedId(merchantId) && store.remove(driverId, merchantId);
        LOG.debug("Favorite {} of driver {}: {}", merchantId, driverId, removed ? "removed" : "was not there");
        if (removed) {
            publish(EventTopics.FAVORITE_REMOVED, driverId, merchantId);
        }
    }

    /** The driver's favorites, newest first. */
    public List<Entry> list(String driverId) {
        List<Entry> entries = store.list(driverId).stream()
                .map(f -> entry(f, lookUp(f.merchantId()).merchant(), false))
                .toList();
        LOG.debug("Favorites of driver {}: {} listed", driverId, entries.size());
        return entries;
    }

    public long count(String driverId) {
        return store.count(driverId);
    }

    private record Lookup(boolean catalogAnswered, Optional<MerchantSummary> merchant) {
    }

    private Lookup lookUp(String merchantId) {
        MerchantCatalog current = catalog;
        if (current == null) {
            return new Lookup(false, Optional.empty());
        }
        try {
            return new Lookup(true, current.findMerchant(merchantId));
        } catch (RuntimeException e) {
            // Going away, or its database did not answer: work on ids alone, as without a catalog.
            LOG.warn("Merchant catalog failed; using merchant ids alone: {}", e.toString());
            return new Lookup(false, Optional.empty());
        }
    }

    private static Entry entry(Favorite favorite, Optional<MerchantSummary> merchant, boolean added) {
        return new Entry(favorite.merchantId(), merchant.map(MerchantSummary::name).orElse(null),
                merchant.map(MerchantSummary::photoUrl).orElse(null), favorite.createdAt(), added);
    }

    private static ProblemException merchantNotFound() {
        return ProblemException.notFound("merchant_not_found", "no merchant with this id");
    }

    private void publish(String topic, String driverId, String merchantId) {
        EventAdmin admin = events;
        if (admin != null) {
            admin.postEvent(new Event(topic, Map.of(EventTopics.PROP_DRIVER, driverId,
                    EventTopics.PROP_MERCHANT, merchantId, EventTopics.PROP_TIMESTAMP, clock.millis())));
        }
    }
}
