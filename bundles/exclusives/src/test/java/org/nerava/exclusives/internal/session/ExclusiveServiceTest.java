package org.nerava.exclusives.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.nerava.exclusives.internal.CurrentSettings;
import org.nerava.exclusives.internal.ExclusivesConfigs;
import org.nerava.merchants.ChargerLocation;
import org.nerava.merchants.MerchantSummary;
import org.nerava.platform.Problem;
import org.nerava.platform.ProblemException;
import org.nerava.platform.events.EventTopics;
import org.nerava.testing.RecordingEventAdmin;
import org.nerava.testing.SteppingClock;
import org.nerava.testing.TestDatabase;
import org.osgi.service.event.Event;

/** The rules of exclusives on the bundle's real persistence unit over H2 and PostgreSQL, with a clock the test moves. */
@ParameterizedClass(name = "on {0}")
@ArgumentsSource(TestDatabase.Engines.class)
class ExclusiveServiceTest {

    @Parameter
    TestDatabase.Engine engine;

    /** Charger at (37, -122); a merchant of it; a merchant of another charger. */
    private static final FixedCatalog CATALOG = new FixedCatalog(
            List.of(new ChargerLocation("ch_a", "A", 37.0, -122.0), new ChargerLocation("ch_b", "B", 38.0, -122.0)),
            List.of(new MerchantSummary("m_a", "ch_a", "Cafe A", null),
                    new MerchantSummary("m_a2", "ch_a", "Books A", null),
                    new MerchantSummary("m_b", "ch_b", "Tea B", null)));
    private static final String DRIVER = "5b0a4c1e-0000-4000-8000-000000000001";
    private static final String OTHER_DRIVER = "5b0a4c1e-0000-4000-8000-000000000002";
    /** About 100 m north of charger A. */
    private static final double NEAR_LAT = 37.0009;

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-28T10:00:00Z"));
    private final RecordingEventAdmin eventAdmin = new RecordingEventAdmin();
    private final List<Event> events = eventAdmin.events();
    private TestDatabase database;
    private ExclusiveStore store;
    private CurrentSettings settings;
    private ExclusiveService service;

    @BeforeEach
    void setUp() throws Exception {
        database = TestDatabase.on(engine, ExclusiveStore.UNIT);
        settings = ExclusivesConfigs.settings(Map.of(
                "activationRadiusMeters", 150, "sessionMinutes", 30));
        store = new ExclusiveStore(database.jpa());
        service = new ExclusiveService(store, CATALOG, settings, clock);
        service.setEvents(eventAdmin);
    }

    @AfterEach
    void tearDown() throws Exception {
        database.close();
    }

    private static Problem problem(Runnable call) {
        try {
            call.run();
        } catch (ProblemException e) {
            return e.problem();
        }
        throw new AssertionError("no problem raised");
    }

    // ---- activation

    @Test
    void aDriverAtTheChargerActivatesAnExclusiveAtOneOfItsMerchantsForTheConfiguredTime() {
        ExclusiveSession session = service.activate(DRIVER, "m_a", "ch_a", NEAR_LAT, -122.0);
        assertThat(UUID.fromString(session.id()).toString()).isEqualTo(session.id());
        assertThat(session.status()).isEqualTo(SessionStatus.ACTIVE);
        assertThat(session.activatedAt()).isEqualTo(clock.millis());
        assertThat(session.expiresAt()).isEqualTo(clock.millis() + Duration.ofMinutes(30).toMillis());
        assertThat(session.distanceMeters()).isEqualTo(100L);
        assertThat(service.active(DRIVER)).contains(session);
        assertThat(service.active(OTHER_DRIVER)).isEmpty();
    }

    @Test
    void theRadiusIsMeasuredFromTheChargerAndItsEdgeCounts() {
        // 150 m is 0.001349 degrees of latitude; 151 m is just outside.
        assertThat(service.activate(DRIVER, "m_a", "ch_a", 37.0 + 150 / 111_195.0, -122.0).status())
                .isEqualTo(SessionStatus.ACTIVE);
        Problem tooFar = problem(() -> service.activate(OTHER_DRIVER, "m_a", "ch_a", 37.0 + 152 / 111_195.0, -122.0));
        assertThat(tooFar.getStatus()).isEqualTo(422);
        assertThat(tooFar.getCode()).isEqualTo("too_far");
        assertThat(tooFar.getDetail()).contains("152 m").contains("150 m");
    }

    @Test
    void theMerchantMustBelongToTheChargerAndBothMustExist() {
        Problem notAtCharger = problem(() -> service.activate(DRIVER, "m_b", "ch_a", NEAR_LAT, -122.0));
        assertThat(notAtCharger.getStatus()).isEqualTo(422);
        assertThat(notAtCharger.getCode()).isEqualTo("merchant_not_at_charger");
        assertThat(problem(() -> service.activate(DRIVER, "m_a", "ch_nope", NEAR_LAT, -122.0)).getCode())
                .isEqualTo("unknown_charger");
        assertThat(problem(() -> service.activate(DRIVER, "m_nope", "ch_a", NEAR_LAT, -122.0)).getCode())
                .isEqualTo("unknown_merchant");
        Problem malformed = problem(() -> service.activate(DRIVER, "m a/../x", "ch_a", NEAR_LAT, -122.0));
        assertThat(malformed.getStatus()).isEqualTo(422);
        assertThat(malformed.getCode()).isEqualTo("unknown_merchant");
        assertThat(service.active(DRIVER)).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void oneActiveSessionPerDriverUntilItIsCompletedOrExpires() {
        ExclusiveSession first = service.activate(DRIVER, "m_a", "ch_a", NEAR_LAT, -122.0);
        Problem conflict = problem(() -> service.activate(DRIVER, "m_a2", "ch_a", NEAR_LAT, -122.0));
        assertThat(conflict.getStatus()).isEqualTo(409);
        assertThat(conflict.getCode()).isEqualTo("already_active");
        assertThat(conflict.getDetail()).contains(first.id());
        assertThat(service.activate(OTHER_DRIVER, "m_a", "ch_a", NEAR_LAT, -122.0).status())
                .as("another driver is not affected").isEqualTo(SessionStatus.ACTIVE);

        clock.advance(Duration.ofMinutes(30));
        assertThat(service.active(DRIVER)).as("expired at expires_at").isEmpty();
        ExclusiveSession second = service.activate(DRIVER, "m_a2", "ch_a", NEAR_LAT, -122.0);
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(store.session(first.id(), clock.millis()).orElseThrow().status()).isEqualTo(SessionStatus.EXPIRED);

        service.complete(second.id(), DRIVER);
        assertThat(service.active(DRIVER)).isEmpty();
        assertThat(service.activate(DRIVER, "m_a", "ch_a", NEAR_LAT, -122.0).status()).isEqualTo(SessionStatus.ACTIVE);
    }

    @Test
    void twentyActivationsAtOnceOpenExactlyOneSession() throws Exception {
        List<Object> outcomes = race(20, () -> {
            try {
                return service.activate(DRIVER, "m_a", "ch_a", NEAR_LAT, -122.0);
            } catch (ProblemException e) {
                return e.problem().getCode();
            }
        });
        assertThat(outcomes).filteredOn(o -> o instanceof ExclusiveSession).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof String).containsOnly("already_active").hasSize(19);
        assertThat(events).filteredOn(e -> e.getTopic().equals(EventTopics.EXCLUSIVE_ACTIVATED)).hasSize(1);
    }

    // ---- completion

    @Test
    void completingRecordsOneVerifiedVisitRewardAndCompletingAgainAnswersTheSameOne() {
        ExclusiveSession session = service.activate(DRIVER, "m_a", "ch_a", NEAR_LAT, -122.0);
        clock.advance(Duration.ofMinutes(10));
        ExclusiveStore.Completed completed = service.complete(session.id(), DRIVER);
        assertThat(completed.first()).isTrue();
        assertThat(completed.session().status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(completed.session().completedAt()).isEqualTo(clock.millis());
        assertThat(completed.reward().kind()).isEqualTo(RewardEvent.VERIFIED_VISIT);
        assertThat(completed.reward().sessionId()).isEqualTo(session.id());
        assertThat(completed.reward().merchantId()).isEqualTo("m_a");

        clock.advance(Duration.ofHours(2));
        ExclusiveStore.Completed again = service.complete(session.id().toUpperCase(), DRIVER);
        assertThat(again.first()).isFalse();
        assertThat(again.reward()).isEqualTo(completed.reward());
        assertThat(again.session().status()).as("completed stays completed after expiry").isEqualTo(SessionStatus.COMPLETED);
        assertThat(store.rewards(DRIVER)).containsExactly(completed.reward());
    }

    @Test
    void twentyCompletionsAtOnceYieldOneReward() throws Exception {
        ExclusiveSession session = service.activate(DRIVER, "m_a", "ch_a", NEAR_LAT, -122.0);
        List<Object> outcomes = race(20, () -> service.complete(session.id(), DRIVER));
        Set<String> rewardIds = outcomes.stream().map(o -> ((ExclusiveStore.Completed) o).reward().id())
                .collect(Collectors.toSet());
        assertThat(rewardIds).hasSize(1);
        assertThat(outcomes).filteredOn(o -> ((ExclusiveStore.Completed) o).first()).hasSize(1);
        assertThat(store.rewards(DRIVER)).hasSize(1);
        assertThat(events).filteredOn(e -> e.getTopic().equals(EventTopics.REWARDED)).hasSize(1);
    }

    @Test
    void aCompletionWaitsForOneInProgressAndAnswersItsReward() throws Exception {
        ExclusiveSession session = service.activate(DRIVER, "m_a", "ch_a", NEAR_LAT, -122.0);
        String rewardId = UUID.randomUUID().toString();
        try (Connection other = database.connection()) {
            // Another request (or node) is completing the session: it holds the row while it writes the reward.
            other.setAutoCommit(false);
            try (Statement sql = other.createStatement()) {
                sql.executeQuery("SELECT id FROM exclusive_session WHERE id = '" + session.id() + "' FOR UPDATE").close();
                sql.executeUpdate("UPDATE exclusive_session SET status = 'COMPLETED', active_driver_id = NULL,"
                        + " completed_at = " + clock.millis() + " WHERE id = '" + session.id() + "'");
                sql.executeUpdate("INSERT INTO reward_event (id, session_id, driver_id, merchant_id, kind, created_at)"
                        + " VALUES ('" + rewardId + "', '" + session.id() + "', '" + DRIVER + "', 'm_a',"
                        + " 'verified_visit', " + clock.millis() + ")");
            }
            Future<ExclusiveStore.Completed> waiting = Executors.newSingleThreadExecutor()
                    .submit(() -> service.complete(session.id(), DRIVER));
            Thread.sleep(300);
            assertThat(waiting).as("waits for the row").isNotDone();
            other.commit();
            ExclusiveStore.Completed completed = waiting.get(10, TimeUnit.SECONDS);
            assertThat(completed.first()).isFalse();
            assertThat(completed.reward().id()).isEqualTo(rewardId);
        }
        assertThat(store.rewards(DRIVER)).hasSize(1);
        assertThat(events).filteredOn(e -> e.getTopic().equals(EventTopics.REWARDED)).isEmpty();
    }

    @Test
    void anActivationRacingAnotherForTheSameDriverIsToldWhichOneWon() throws Exception {
        String winner = UUID.randomUUID().toString();
        try (Connection other = database.connection()) {
            // Another request (or node) has inserted the driver's active session but not committed it yet.
            other.setAutoCommit(false);
            try (Statement sql = other.createStatement()) {
                sql.executeUpdate("INSERT INTO exclusive_session (id, driver_id, active_driver_id, merchant_id,"
                        + " charger_id, status, origin, activated_at, expires_at) VALUES ('" + winner + "', '"
                        + DRIVER + "', '" + DRIVER + "', 'm_a2', 'ch_a', 'ACTIVE', 'driver', " + clock.millis() + ", "
                        + (clock.millis() + 60_000) + ")");
            }
            Future<Object> racing = Executors.newSingleThreadExecutor().submit(() -> {
                try {
                    return service.activate(DRIVER, "m_a", "ch_a", NEAR_LAT, -122.0);
                } catch (ProblemException e) {
                    return e.problem();
                }
            });
            Thread.sleep(300);
            other.commit();
            Object outcome = racing.get(15, TimeUnit.SECONDS);
            assertThat(outcome).isInstanceOf(Problem.class);
            assertThat(((Problem) outcome).getCode()).isEqualTo("already_active");
            assertThat(((Problem) outcome).getDetail()).contains(winner);
        }
        assertThat(service.active(DRIVER).orElseThrow().id()).isEqualTo(winner);
    }

    @Test
    void theDatabaseRefusesASecondRewardForASessionAndASecondActiveSessionForADriver() throws Exception {
        ExclusiveSession session = service.activate(DRIVER, "m_a", "ch_a", NEAR_LAT, -122.0);
        ExclusiveStore.Completed completed = service.complete(session.id(), DRIVER);
        ExclusiveSession active = service.activate(DRIVER, "m_a", "ch_a", NEAR_LAT, -122.0);
        try (Connection sql = database.connection(); Statement statement = sql.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO reward_event (id, session_id, driver_id,"
                    + " merchant_id, kind, created_at) VALUES ('" + UUID.randomUUID() + "', '" + session.id() + "', '"
                    + DRIVER + "', 'm_a', 'verified_visit', 0)")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> statement.executeUpdate("UPDATE exclusive_session SET active_driver_id = '"
                    + DRIVER + "' WHERE id = '" + session.id() + "'")).isInstanceOf(SQLException.class);
        }
        assertThat(store.rewards(DRIVER)).containsExactly(completed.reward());
        assertThat(service.active(DRIVER)).contains(active);
    }

    @Test
    void unknownMalformedAndOtherDriversSessionsAreAllNotFound() {
        ExclusiveSession session = service.activate(DRIVER, "m_a", "ch_a", NEAR_LAT, -122.0);
        for (String id : new String[] {UUID.randomUUID().toString(), "not-a-uuid", "", null,
                session.id() + "0", "../" + session.id()}) {
            Problem problem = problem(() -> service.complete(id, DRIVER));
            assertThat(problem.getStatus()).as(String.valueOf(id)).isEqualTo(404);
            assertThat(problem.getCode()).isEqualTo("session_not_found");
        }
        Problem someoneElses = problem(() -> service.complete(session.id(), OTHER_DRIVER));
        assertThat(someoneElses.getStatus()).isEqualTo(404);
        assertThat(someoneElses.getCode()).isEqualTo("session_not_found");
        assertThat(someoneElses.getDetail()).doesNotContain(DRIVER);
        assertThat(service.active(DRIVER)).as("untouched").contains(session);
    }

    @Test
    void anExpiredSessionCannotBeCompleted() {
        ExclusiveSession session = service.activate(DRIVER, "m_a", "ch_a", NEAR_LAT, -122.0);
        clock.advance(Duration.ofMinutes(31));
        Problem expired = problem(() -> service.complete(session.id(), DRIVER));
        assertThat(expired.getStatus()).isEqualTo(409);
        assertThat(expired.getCode()).isEqualTo("session_expired");
        assertThat(store.rewards(DRIVER)).isEmpty();
        assertThat(problem(() -> service.complete(session.id(), DRIVER)).getCode()).isEqualTo("session_expired");
    }

    // ---- without the merchants feature

    @Test
    void whileTheCatalogIsAwayActivatingAnswers503AndTheSessionsThemselvesCarryOn() {
        ExclusiveSession session = service.activate(DRIVER, "m_a", "ch_a", NEAR_LAT, -122.0);
        ExclusiveService withoutCatalog = new ExclusiveService(store, null, settings, clock);

        Problem activate = problem(() -> withoutCatalog.activate(OTHER_DRIVER, "m_a", "ch_a", NEAR_LAT, -122.0));
        assertThat(activate.getStatus()).isEqualTo(503);
        assertThat(activate.getCode()).isEqualTo("catalog_unavailable");
        assertThat(problem(() -> withoutCatalog.simulateVisit(OTHER_DRIVER, "m_a")).getCode())
                .isEqualTo("catalog_unavailable");
        assertThat(withoutCatalog.active(DRIVER)).contains(session);
        assertThat(withoutCatalog.complete(session.id(), DRIVER).reward().merchantId()).isEqualTo("m_a");
    }

    // ---- demo visits and events

    @Test
    void aSimulatedVisitIsACompletedSessionWithItsRewardAndLeavesActivationAlone() {
        ExclusiveSession active = service.activate(DRIVER, "m_a", "ch_a", NEAR_LAT, -122.0);
        ExclusiveStore.Completed visit = service.simulateVisit(DRIVER, "m_b");
        assertThat(visit.session().status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(visit.session().origin()).isEqualTo(ExclusiveService.ORIGIN_DEMO);
        assertThat(visit.session().chargerId()).isEqualTo("ch_b");
        assertThat(visit.reward().sessionId()).isEqualTo(visit.session().id());
        assertThat(service.active(DRIVER)).contains(active);
        assertThat(service.complete(visit.session().id(), DRIVER).reward()).isEqualTo(visit.reward());
        assertThat(problem(() -> service.simulateVisit(DRIVER, "m_nope")).getCode()).isEqualTo("unknown_merchant");
    }

    @Test
    void eventsNameTheDriverByPublicIdAndCarryTheSessionMerchantChargerAndReward() {
        ExclusiveSession session = service.activate(DRIVER, "m_a", "ch_a", NEAR_LAT, -122.0);
        ExclusiveStore.Completed completed = service.complete(session.id(), DRIVER);
        service.complete(session.id(), DRIVER);
        assertThat(events).extracting(Event::getTopic).containsExactly(EventTopics.EXCLUSIVE_ACTIVATED,
                EventTopics.EXCLUSIVE_COMPLETED, EventTopics.REWARDED);
        for (Event event : events) {
            assertThat(event.getProperty(EventTopics.PROP_DRIVER)).isEqualTo(DRIVER);
            assertThat(event.getProperty(EventTopics.PROP_MERCHANT)).isEqualTo("m_a");
            assertThat(event.getProperty(ExclusiveService.PROP_CHARGER)).isEqualTo("ch_a");
            assertThat(event.getProperty(ExclusiveService.PROP_SESSION)).isEqualTo(session.id());
            assertThat(event.getProperty(EventTopics.PROP_TIMESTAMP)).isEqualTo(clock.millis());
        }
        assertThat(events.get(2).getProperty(ExclusiveService.PROP_REWARD)).isEqualTo(completed.reward().id());
        assertThat(events.get(2).getProperty(ExclusiveService.PROP_REWARD_KIND)).isEqualTo("verified_visit");
    }

    private static List<Object> race(int callers, java.util.concurrent.Callable<Object> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> futures = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                return call.call();
            }));
        }
        start.countDown();
        List<Object> outcomes = new ArrayList<>();
        for (Future<Object> future : futures) {
            outcomes.add(future.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();
        return outcomes;
    }
}
