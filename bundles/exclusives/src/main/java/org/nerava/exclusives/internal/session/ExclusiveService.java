package org.nerava.exclusives.internal.session;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.nerava.exclusives.internal.CurrentSettings;
import org.nerava.merchants.ChargerLocation;
import org.nerava.merchants.GreatCircle;
import org.nerava.merchants.MerchantCatalog;
import org.nerava.merchants.MerchantSummary;
import org.nerava.platform.ProblemException;
import org.nerava.platform.events.EventTopics;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * The rules of exclusives: a driver activates one at a merchant of the charger they are at (within the configured
 * radius), holds at most one at a time, and completes it within the session's time for one reward. Posts
 * {@code ACTIVATED}, {@code COMPLETED} and {@code REWARDED} (EventAdmin, when present).
 *
 * <p>Merchants and chargers come from the {@link MerchantCatalog} of the merchants feature, bound optionally: while
 * that feature is away, what needs the catalog (activating, the demo visit) answers {@code 503 catalog_unavailable}
 * and the rest (the active session, completing it, rewards) carries on.
 */
@Component(service = ExclusiveService.class)
public class ExclusiveService {

    /** Event properties beyond {@link EventTopics}' own keys. */
    public static final String PROP_SESSION = "session_id";
    public static final String PROP_CHARGER = "charger_id";
    public static final String PROP_REWARD = "reward_id";
    public static final String PROP_REWARD_KIND = "reward_kind";
    public static final String PROP_ORIGIN = "origin";

    public static final String ORIGIN_DRIVER = "driver";
    public static final String ORIGIN_DEMO = "demo";

    private static final Pattern UUID_SHAPE =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final ExclusiveStore store;
    private final CurrentSettings settings;
    private final Clock clock;
    private volatile EventAdmin events;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MerchantCatalog catalog;

    @Activate
    public ExclusiveService(@Reference ExclusiveStore store, @Reference CurrentSettings settings) {
        this(store, null, settings, Clock.systemUTC());
    }

    /** @param catalog null: as while the merchants feature is not installed */
    public ExclusiveService(ExclusiveStore store, MerchantCatalog catalog, CurrentSettings settings, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.settings = settings;
        this.clock = clock;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void setEvents(EventAdmin events) {
        this.events = events;
    }

    public void unsetEvents(EventAdmin events) {
        if (this.events == events) {
            this.events = null;
        }
    }

    /**
     * @param lat where the driver is, decimal degrees (checked by the caller)
     * @throws ProblemException 422 {@code unknown_charger} / {@code unknown_merchant} (ids in the body, so 422 as
     *         for any body naming what does not exist, not 404: the endpoint exists), 422
     *         {@code merchant_not_at_charger} / {@code too_far}, 409 {@code already_active}, 503
     *         {@code catalog_unavailable}
     */
    public ExclusiveSession activate(String driverId, String merchantId, String chargerId, double lat, double lng) {
        MerchantCatalog merchants = catalog();
        ChargerLocation charger = merchants.findCharger(chargerId).orElseThrow(() -> ProblemException.unprocessable(
                "unknown_charger", "charger_id names no charger"));
        MerchantSummary merchant = merchants.findMerchant(merchantId).orElseThrow(ExclusiveService::unknownMerchant);
        if (!merchant.chargerId().equals(charger.id())) {
            throw ProblemException.unprocessable("merchant_not_at_charger", "merchant '" + merchant.id()
                    + "' belongs to charger '" + merchant.chargerId() + "', not '" + charger.id() + "'");
        }
        int radius = settings.get().activationRadiusMeters();
        long distance = Math.round(GreatCircle.distanceMeters(lat, lng, charger.lat(), charger.lng()));
        if (distance > radius) {
            throw ProblemException.unprocessable("too_far", "you are " + distance + " m from charger '"
                    + charger.id() + "'; exclusives activate within " + radius + " m of it");
        }
        long now = clock.millis();
        ExclusiveStore.Activation activation = store.activate(driverId, merchant.id(), charger.id(), ORIGIN_DRIVER,
                distance, now, now + settings.get().sessionLength().toMillis());
        if (activation instanceof ExclusiveStore.AlreadyActive already) {
            throw ProblemException.conflict("already_active", "exclusive " + already.session().id()
                    + " is active until " + Instant.ofEpochMilli(already.session().expiresAt())
                    + "; complete it or let it expire first");
        }
        ExclusiveSession session = ((ExclusiveStore.Activated) activation).session();
        publishActivated(session);
        return session;
    }

    public Optional<ExclusiveSession> active(String driverId) {
        return store.active(driverId, clock.millis());
    }

    /**
     * Completes the driver's session: the first call records the reward, later calls answer the same one.
     *
     * @throws ProblemException 404 {@code session_not_found} for an unknown id, a malformed id or another driver's
     *         session (indistinguishable on purpose); 409 {@code session_expired}
     */
    public ExclusiveStore.Completed complete(String sessionId, String driverId) {
        if (sessionId == null || !UUID_SHAPE.matcher(sessionId).matches()) {
            throw sessionNotFound();
        }
        ExclusiveStore.Completion completion = store.complete(sessionId.toLowerCase(), driverId, clock.millis());
        if (completion instanceof ExclusiveStore.Completed completed) {
            if (completed.first()) {
                publishCompleted(completed);
            }
            return completed;
        }
        if (completion instanceof ExclusiveStore.Expired expired) {
            throw ProblemException.conflict("session_expired", "exclusive " + expired.session().id()
                    + " expired at " + Instant.ofEpochMilli(expired.session().expiresAt()) + "; activate a new one");
        }
        throw sessionNotFound();
    }

    /** For demos: a completed session and its reward at a merchant, without the driver being at the charger. */
    public ExclusiveStore.Completed simulateVisit(String driverId, String merchantId) {
        MerchantSummary merchant = catalog().findMerchant(merchantId).orElseThrow(ExclusiveService::unknownMerchant);
        long now = clock.millis();
        ExclusiveStore.Completed completed = store.recordCompletedVisit(driverId, merchant.id(), merchant.chargerId(),
                ORIGIN_DEMO, now, now + settings.get().sessionLength().toMillis());
        publishActivated(completed.session());
        publishCompleted(completed);
        return completed;
    }

    private MerchantCatalog catalog() {
        MerchantCatalog current = catalog;
        if (current == null) {
            throw ProblemException.unavailable("catalog_unavailable", "merchants and chargers cannot be looked up"
                    + " right now (the merchants feature is not running); try again later");
        }
        return current;
    }

    private static ProblemException unknownMerchant() {
        return ProblemException.unprocessable("unknown_merchant", "merchant_id names no merchant");
    }

    private static ProblemException sessionNotFound() {
        return ProblemException.notFound("session_not_found", "you have no exclusive with this id");
    }

    private void publishActivated(ExclusiveSession session) {
        publish(EventTopics.EXCLUSIVE_ACTIVATED, sessionProperties(session));
    }

    private void publishCompleted(ExclusiveStore.Completed completed) {
        Map<String, Object> properties = sessionProperties(completed.session());
        publish(EventTopics.EXCLUSIVE_COMPLETED, properties);
        properties.put(PROP_REWARD, completed.reward().id());
        properties.put(PROP_REWARD_KIND, completed.reward().kind());
        publish(EventTopics.REWARDED, properties);
    }

    private static Map<String, Object> sessionProperties(ExclusiveSession session) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(EventTopics.PROP_DRIVER, session.driverId());
        properties.put(EventTopics.PROP_MERCHANT, session.merchantId());
        properties.put(PROP_CHARGER, session.chargerId());
        properties.put(PROP_SESSION, session.id());
        properties.put(PROP_ORIGIN, session.origin());
        return properties;
    }

    private void publish(String topic, Map<String, Object> properties) {
        EventAdmin admin = events;
        if (admin != null) {
            Map<String, Object> props = new HashMap<>(properties);
            props.put(EventTopics.PROP_TIMESTAMP, clock.millis());
            admin.postEvent(new Event(topic, props));
        }
    }
}
