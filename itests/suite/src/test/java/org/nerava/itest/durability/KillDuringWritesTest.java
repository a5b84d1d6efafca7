package org.nerava.itest.durability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;
import org.nerava.testing.TestPostgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code kill -9} while drivers add favorites and activate and complete exclusive sessions; after a restart, every
 * write the server acknowledged with a 2xx is there, and none is there twice. On the embedded H2 file and on
 * PostgreSQL.
 */
class KillDuringWritesTest {

    private static final int DRIVERS = 4;
    /** Load runs this long before the kill, so the kill lands in the middle of writes. */
    private static final long LOAD_MILLIS = 2_500;
    private static final String CHARGER = "ch_sf_soma";
    private static final String NEAR_MERCHANT = "m_tidewater_coffee";
    private static final String ACTIVATION = "{\"merchant_id\":\"" + NEAR_MERCHANT + "\",\"charger_id\":\"" + CHARGER
            + "\",\"lat\":37.78235,\"lng\":-122.40255}";

    @Test
    void acknowledgedWritesSurviveAKillOnH2() throws Exception {
        try (NeravaServer server = NeravaServer.start()) {
            killDuringWritesThenCheck(server, null);
        }
    }

    @Test
    void acknowledgedWritesSurviveAKillOnPostgres() throws Exception {
        try (TestPostgres database = TestPostgres.createDatabase();
                NeravaServer server = NeravaServer.start(database.serverEnvironment())) {
            killDuringWritesThenCheck(server, database);
        }
    }

    /** What the server acknowledged to one driver. */
    private static final class Acknowledged {
        final Set<String> favorites = ConcurrentHashMap.newKeySet();
        final Set<String> activations = ConcurrentHashMap.newKeySet();
        final Map<String, String> rewardBySession = new ConcurrentHashMap<>();
    }

    private static void killDuringWritesThenCheck(NeravaServer server, TestPostgres database) throws Exception {
        server.awaitReady();
        server.configure("org.nerava.auth", "sendsPerIpPerHour", "1000");
        List<String> merchants = merchantIds(server);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < DRIVERS; i++) {
            tokens.add(signInWithRetry(server, "+1415555" + (7100 + i)));
        }

        Map<String, Acknowledged> acknowledged = new HashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger writes = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(DRIVERS * 2);
        for (String token : tokens) {
            Acknowledged mine = new Acknowledged();
            acknowledged.put(token, mine);
            Map<String, String> auth = Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json");
            start(done, () -> {
                List<String> shuffled = new ArrayList<>(merchants);
                Collections.shuffle(shuffled);
                for (String merchant : shuffled) {
                    if (stop.get()) {
                        return;
                    }
                    HttpResult added = call(server, "POST", "/v1/merchants/" + merchant + "/favorite", null, auth);
                    if (added != null && added.status() / 100 == 2) {
                        mine.favorites.add(merchant);
                        writes.incrementAndGet();
                    }
                }
            });
            start(done, () -> {
                while (!stop.get()) {
                    HttpResult activated = call(server, "POST", "/v1/exclusive/activate", ACTIVATION, auth);
                    if (activated == null || activated.status() / 100 != 2) {
                        continue;
                    }
                    String id = activated.json().get("id").asText();
                    mine.activations.add(id);
                    HttpResult completed = call(server, "POST", "/v1/exclusive/" + id + "/complete", null, auth);
                    if (completed != null && completed.status() / 100 == 2) {
                        mine.rewardBySession.put(id, completed.json().at("/reward/id").asText());
                        writes.incrementAndGet();
                    }
                }
            });
        }
        NeravaServer.sleep(LOAD_MILLIS);
        server.kill();
        stop.set(true);
        done.await();
        assertThat(writes.get()).as("writes acknowledged before the kill").isGreaterThan(10);

        server.boot();
        server.awaitReady();

        for (Map.Entry<String, Acknowledged> driver : acknowledged.entrySet()) {
            Map<String, String> auth = Map.of("Authorization", "Bearer " + driver.getKey());
            JsonNode favorites = server.getAuthorized("/v1/merchants/favorites", driver.getKey()).json().get("favorites");
            List<String> listed = new ArrayList<>();
            favorites.forEach(f -> listed.add(f.get("merchant_id").asText()));
            assertThat(listed).as("favorites after the kill").containsAll(driver.getValue().favorites)
                    .doesNotHaveDuplicates();
            for (String session : driver.getValue().activations) {
                // Every acknowledged activation exists; completing again is idempotent and gives back the reward
                // that was acknowledged, so no session got a second one.
                HttpResult completed = server.send("POST", "/v1/exclusive/" + session + "/complete", null, auth);
                assertThat(completed.status()).as("session %s: %s", session, completed.body()).isEqualTo(200);
                String acknowledgedReward = driver.getValue().rewardBySession.get(session);
                if (acknowledgedReward != null) {
                    assertThat(completed.json().at("/reward/id").asText()).isEqualTo(acknowledgedReward);
                }
            }
        }
        if (database != null) {
            assertThat(query(database, "SELECT COUNT(*) - COUNT(DISTINCT session_id) FROM reward_event"))
                    .as("sessions with two rewards").isEqualTo(0);
            long acknowledgedRewards = acknowledged.values().stream().mapToLong(a -> a.rewardBySession.size()).sum();
            assertThat(query(database, "SELECT COUNT(*) FROM reward_event")).isGreaterThanOrEqualTo(acknowledgedRewards);
        }
    }

    private static void start(CountDownLatch done, Runnable work) {
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } finally {
                done.countDown();
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    /** One request; null when the connection failed (the server was killed under it): not acknowledged. */
    private static HttpResult call(NeravaServer server, String method, String path, String body,
            Map<String, String> headers) {
        try {
            return server.send(method, path, body, headers);
        } catch (RuntimeException e) {
            NeravaServer.sleep(20);
            return null;
        }
    }

    private static String signInWithRetry(NeravaServer server, String phone) {
        // The auth stores appear once the schema is migrated, a moment after /readyz: retry the first sign-ins.
        AssertionError last = null;
        for (int i = 0; i < 20; i++) {
            try {
                return server.signIn(phone);
            } catch (AssertionError e) {
                last = e;
                NeravaServer.sleep(1_100);
            }
        }
        throw last;
    }

    private static List<String> merchantIds(NeravaServer server) {
        try {
            JsonNode catalog = new ObjectMapper().readTree(Files.readString(server.home().resolve("etc/nerava-merchants.json")));
            List<String> ids = new ArrayList<>();
            catalog.get("chargers").forEach(c -> c.get("merchants").forEach(m -> ids.add(m.get("id").asText())));
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long query(TestPostgres database, String sql) throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
