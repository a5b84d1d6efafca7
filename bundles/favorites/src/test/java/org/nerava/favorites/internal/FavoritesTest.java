package org.nerava.favorites.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.nerava.platform.ProblemException;
import org.nerava.platform.auth.DriverPrincipal;
import org.nerava.platform.events.EventTopics;
import org.nerava.testing.RecordingEventAdmin;
import org.nerava.testing.SteppingClock;
import org.nerava.testing.TestDatabase;
import org.osgi.service.event.Event;

/**
 * Favorites on the bundle's real persistence unit over H2 and PostgreSQL, without a merchant catalog (the exclusives feature is not
 * part of this bundle; with it, favorites are tested against the distribution in DriverFeaturesTest).
 */
@ParameterizedClass(name = "on {0}")
@ArgumentsSource(TestDatabase.Engines.class)
class FavoritesTest {

    @Parameter
    TestDatabase.Engine engine;

    private static final String DRIVER = "5b0a4c1e-0000-4000-8000-000000000001";
    private static final String OTHER_DRIVER = "5b0a4c1e-0000-4000-8000-000000000002";

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-28T10:00:00Z"));
    private final RecordingEventAdmin eventAdmin = new RecordingEventAdmin();
    private final List<Event> events = eventAdmin.events();
    private TestDatabase database;
    private FavoritesStore store;
    private Favorites favorites;

    @BeforeEach
    void setUp() {
        database = TestDatabase.on(engine, FavoritesStore.UNIT);
        store = new FavoritesStore(database.jpa(), database.dataSource());
        favorites = new Favorites(store, clock, null, eventAdmin);
    }

    @AfterEach
    void tearDown() throws Exception {
        database.close();
    }

    @Test
    void addingTwiceKeepsOneFavoriteWithItsFirstTimeAndPostsOneEvent() {
        Favorites.Entry first = favorites.add(DRIVER, "m_tidewater_coffee");
        assertThat(first.added()).isTrue();
        assertThat(first.createdAt()).isEqualTo(clock.millis());
        clock.advance(Duration.ofMinutes(5));
        Favorites.Entry again = favorites.add(DRIVER, "m_tidewater_coffee");
        assertThat(again.added()).isFalse();
        assertThat(again.createdAt()).isEqualTo(first.createdAt());
        assertThat(favorites.list(DRIVER)).hasSize(1);
        assertThat(events).extracting(Event::getTopic).containsExactly(EventTopics.FAVORITE_ADDED);
        assertThat(events.get(0).getProperty(EventTopics.PROP_DRIVER)).isEqualTo(DRIVER);
        assertThat(events.get(0).getProperty(EventTopics.PROP_MERCHANT)).isEqualTo("m_tidewater_coffee");
        assertThat(events.get(0).getProperty(EventTopics.PROP_TIMESTAMP)).isEqualTo(first.createdAt());
    }

    @Test
    void removingIsIdempotentAndPostsAnEventOnlyWhenSomethingWasRemoved() {
        favorites.add(DRIVER, "m_a");
        favorites.remove(DRIVER, "m_a");
        favorites.remove(DRIVER, "m_a");
        favorites.remove(DRIVER, "m_never_added");
        assertThat(favorites.list(DRIVER)).isEmpty();
        assertThat(events).extracting(Event::getTopic).containsExactly(EventTopics.FAVORITE_ADDED,
                EventTopics.FAVORITE_REMOVED);
        clock.advance(Duration.ofSeconds(1));
        assertThat(favorites.add(DRIVER, "m_a").added()).as("can be added again").isTrue();
    }

    @Test
    void theListIsTheDriversOwnNewestFirstAndWithoutACatalogIdsAlone() {
        favorites.add(DRIVER, "m_first");
        clock.advance(Duration.ofSeconds(1));
        favorites.add(DRIVER, "m_second");
        favorites.add(DRIVER, "m_also_second");
        clock.advance(Duration.ofSeconds(1));
        favorites.add(DRIVER, "m_third");
        favorites.add(OTHER_DRIVER, "m_other");
        assertThat(favorites.list(DRIVER)).extracting(Favorites.Entry::merchantId)
                .containsExactly("m_third", "m_also_second", "m_second", "m_first");
        assertThat(favorites.list(DRIVER)).allMatch(e -> e.name() == null && e.photoUrl() == null);
        assertThat(favorites.list(OTHER_DRIVER)).extracting(Favorites.Entry::merchantId).containsExactly("m_other");
        assertThat(favorites.count(DRIVER)).isEqualTo(4);
        assertThat(new FavoritesAccountDetails(favorites).fieldsFor(new DriverPrincipal(DRIVER, "+14155550123")))
                .containsEntry("favorites_count", 4L).hasSize(1);
    }

    @Test
    void theListIsReadWithoutTheUnitsTransaction() {
        favorites.add(DRIVER, "m_first");
        clock.advance(Duration.ofSeconds(1));
        favorites.add(DRIVER, "m_second");
        // One statement in auto-commit: the unit's transaction would cost every visit to the list more than it.
        FavoritesStore reads = new FavoritesStore(TestDatabase.unusableUnit(), database.dataSource());
        assertThat(reads.list(DRIVER)).containsExactly(new Favorite("m_second", clock.millis()),
                new Favorite("m_first", clock.millis() - 1_000));
        assertThat(reads.list(OTHER_DRIVER)).isEmpty();
    }

    @Test
    void anIdThatCannotBeAMerchantsIsNotFoundAndRemovingOneDoesNothing() {
        for (String id : new String[] {"", "a b", "../etc", "x".repeat(65), "m_caf\u00e9", null}) {
            ProblemException e = catchThrowableOfType(ProblemException.class, () -> favorites.add(DRIVER, id));
            assertThat(e.problem().getStatus()).as(String.valueOf(id)).isEqualTo(404);
            assertThat(e.problem().getCode()).isEqualTo("merchant_not_found");
            favorites.remove(DRIVER, id);
        }
        assertThat(favorites.add(DRIVER, "x".repeat(64)).added()).isTrue();
        assertThat(events).hasSize(1);
    }

    @Test
    void anAddRacingAnotherForTheSamePairReadsWhatTheOtherStored() throws Exception {
        long otherTime = clock.millis() - 1_000;
        assertThat(favorites.count(DRIVER)).isZero(); // EclipseLink creates the table on first use
        try (Connection other = database.connection()) {
            // Another request (or node) has inserted the same favorite but not committed it yet.
            other.setAutoCommit(false);
            try (Statement sql = other.createStatement()) {
                sql.executeUpdate("INSERT INTO favorite (driver_id, merchant_id, created_at) VALUES ('" + DRIVER
                        + "', 'm_a', " + otherTime + ")");
            }
            Future<Favorites.Entry> racing = Executors.newSingleThreadExecutor()
                    .submit(() -> favorites.add(DRIVER, "m_a"));
            Thread.sleep(300);
            other.commit();
            Favorites.Entry entry = racing.get(15, TimeUnit.SECONDS);
            assertThat(entry.added()).isFalse();
            assertThat(entry.createdAt()).isEqualTo(otherTime);
        }
        assertThat(favorites.list(DRIVER)).hasSize(1);
        assertThat(events).as("the other request announced it").isEmpty();
    }
}
