package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;

/**
 * From the moment the process starts, a product path answers {@code 503 starting} (problem+json, Retry-After) until
 * its feature is in, then 200, never 404; and {@code /healthz} answers {@code 503 starting} until its servlet is
 * registered, then nothing but its own 200.
 *
 * <p>Pax Web opens the port (start level 30) before the HTTP Whiteboard has registered the platform's servlets (their
 * bundles start at level 80). Meanwhile the engine's own answers are {@code 503 starting} problems too (the
 * tomcat-edge valve, etc/tomcat-server.xml); without it the engine answered its own HTML 404 (no {@code X-Request-Id}),
 * 0.2 to 1.2 s of them (measured on Jetty). Such HTML answers are still counted apart and printed if they come before the path's first answer with an
 * X-Request-Id; from then on every answer of that path is checked.
 */
class BootWindowTest {

    /**
     * The merchants near a charger: served by a product feature booted after the platform. Not a merchant by id: on a
     * first boot the catalog is seeded in the background after the boot features are in, and until then the merchants
     * feature itself answers {@code 404 merchant_not_found} for a merchant of the seed (seen once in three runs).
     */
    private static final String PRODUCT_PATH = "/v1/merchants?lat=37.78235&lng=-122.40255&radius_m=300";
    private static final long BOOT_MILLIS = 120_000;

    @Test
    void aProductPathPolledFromProcessStartAnswers503StartingThen200AndNever404() {
        try (NeravaServer server = NeravaServer.unpacked()) {
            Answers product = new Answers(PRODUCT_PATH);
            Answers health = new Answers("/healthz");
            long start = System.nanoTime();

            server.launch();
            while (product.firstOk < 0 && elapsedMillis(start) < BOOT_MILLIS && server.running()) {
                product.add(answer(server, PRODUCT_PATH), elapsedMillis(start),
                        r -> r.status() == 200 || starting(r));
                health.add(answer(server, "/healthz"), elapsedMillis(start),
                        r -> r.status() == 200 && "{\"status\":\"ok\"}".equals(r.body())
                                || health.firstOk < 0 && starting(r));
                NeravaServer.sleep(20);
            }
            System.out.println("boot window: " + product + "; " + health);

            assertThat(product.firstOk).as("the product path answered 200 within the boot; answers: "
                    + product.seen).isPositive();
            assertThat(product.wrong).as("answers other than 503 starting before the 200").isEmpty();
            assertThat(health.wrong).as("/healthz answers other than its own 200").isEmpty();
        }
    }

    /**
     * A restart is a boot too. Karaf registers {@code BootFinished} at once on a restart (its boot features are already
     * installed), long before the product's bundles start; taken for a refresh of the REST runtime, it made unserved
     * product paths answer 404 and {@code /readyz} say ready while 3 of 16 resources were served. Polled from the
     * relaunch: the product path answers only 503 starting, then 200; and {@code /readyz} is never 200 while it does not.
     */
    @Test
    void aRestartedServerAnswers503StartingThen200AndIsNotReadyBeforeItServes() {
        try (NeravaServer server = NeravaServer.start()) {
            server.awaitReady();
            server.stop();
            Answers product = new Answers(PRODUCT_PATH);
            List<String> readyBeforeServed = new ArrayList<>();
            long start = System.nanoTime();

            server.launch();
            boolean ready = false;
            while (!(ready && product.firstOk >= 0) && elapsedMillis(start) < BOOT_MILLIS && server.running()) {
                HttpResult readiness = answer(server, "/readyz");
                HttpResult served = answer(server, PRODUCT_PATH);
                product.add(served, elapsedMillis(start), r -> r.status() == 200 || starting(r));
                ready = readiness != null && readiness.status() == 200;
                if (ready && (served == null || served.status() != 200)) {
                    readyBeforeServed.add(elapsedMillis(start) + " ms: " + (served == null ? "no answer"
                            : served.status() + " " + abbreviated(served.body())));
                }
                NeravaServer.sleep(20);
            }
            System.out.println("restart window: " + product);

            assertThat(product.firstOk).as("the product path answered 200 after the restart; answers: "
                    + product.seen).isPositive();
            assertThat(ready).as("/readyz 200 after the restart").isTrue();
            assertThat(product.wrong).as("answers other than 503 starting before the 200").isEmpty();
            assertThat(readyBeforeServed).as("/readyz 200 while the product path was not served").isEmpty();
        }
    }

    /**
     * One path's answers. Until the path's first own answer, the engine's answers (its 404 page while the servlet
     * that serves the path is not registered yet) are counted apart; from then on every answer must be a fine one.
     */
    private static final class Answers {
        final String path;
        final List<String> seen = new ArrayList<>();
        final List<String> wrong = new ArrayList<>();
        final Map<Integer, Integer> statuses = new LinkedHashMap<>();
        int engine;
        long firstEngine = -1;
        long lastEngine = -1;
        long firstOwn = -1;
        long firstOk = -1;

        Answers(String path) {
            this.path = path;
        }

        void add(HttpResult result, long atMillis, java.util.function.Predicate<HttpResult> fine) {
            if (result == null) {
                return; // nothing listens yet
            }
            if (firstOwn < 0 && !own(result)) {
                engine++;
                firstEngine = firstEngine < 0 ? atMillis : firstEngine;
                lastEngine = atMillis;
                return;
            }
            firstOwn = firstOwn < 0 ? atMillis : firstOwn;
            statuses.merge(result.status(), 1, Integer::sum);
            String answer = result.status() + " " + result.header("Content-Type") + " " + abbreviated(result.body());
            seen.add(answer);
            if (result.status() == 200 && firstOk < 0) {
                firstOk = atMillis;
            }
            if (!fine.test(result)) {
                wrong.add(answer);
            }
        }

        @Override
        public String toString() {
            return String.format("%s: the engine's own 404 page %d times (%d ms to %d ms after the process start),"
                    + " then the server's own answers from %d ms, first 200 at %d ms, statuses %s", path, engine,
                    firstEngine, lastEngine, firstOwn, firstOk, statuses);
        }
    }

    /** An answer of the server itself (the platform gives every answer an X-Request-Id), not of the HTTP engine. */
    private static boolean own(HttpResult result) {
        return result != null && result.header("X-Request-Id") != null;
    }

    /** 503 starting, problem+json, with Retry-After. */
    private static boolean starting(HttpResult result) {
        return result.status() == 503 && result.header("Retry-After") != null
                && String.valueOf(result.header("Content-Type")).startsWith("application/problem+json")
                && result.body().contains("\"code\":\"starting\"");
    }

    /** The answer, or null while nothing listens yet. */
    private static HttpResult answer(NeravaServer server, String path) {
        try {
            return server.get(path);
        } catch (RuntimeException nothingListens) {
            return null;
        }
    }

    private static long elapsedMillis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static String abbreviated(String body) {
        return body.length() > 160 ? body.substring(0, 160) + "…" : body;
    }
}
