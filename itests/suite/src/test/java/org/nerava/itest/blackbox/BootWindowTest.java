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
 * its feature is in, then 200, never 404; and {@code /healthz} answers nothing but its own 200.
 *
 * <p>One exception, measured and reported rather than hidden: Pax Web opens the port before the HTTP Whiteboard has
 * registered the platform's servlets, and for those first few milliseconds Jetty answers its own HTML 404 (no
 * {@code X-Request-Id}: not the server's answer). Such engine answers are allowed only before the server's first own
 * answer, are counted and printed; from the server's first own answer on, every answer is checked.
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
            List<String> productAnswers = new ArrayList<>();
            List<String> wrongProductAnswers = new ArrayList<>();
            List<String> wrongHealthAnswers = new ArrayList<>();
            List<String> engineAnswers = new ArrayList<>();
            boolean serverAnswered = false;
            long firstEngineAnswer = -1;
            long lastEngineAnswer = -1;
            Map<Integer, Integer> productStatuses = new LinkedHashMap<>();
            int healthAnswers = 0;
            long start = System.nanoTime();
            long firstAnswer = -1;
            long firstOk = -1;

            server.launch();
            while (firstOk < 0 && elapsedMillis(start) < BOOT_MILLIS && server.running()) {
                HttpResult product = answer(server, PRODUCT_PATH);
                HttpResult health = answer(server, "/healthz");
                serverAnswered |= own(product) || own(health);
                if (!serverAnswered) {
                    for (HttpResult early : new HttpResult[] {product, health}) {
                        if (early != null) {
                            engineAnswers.add(early.status() + " " + early.header("Content-Type"));
                            firstEngineAnswer = firstEngineAnswer < 0 ? elapsedMillis(start) : firstEngineAnswer;
                            lastEngineAnswer = elapsedMillis(start);
                        }
                    }
                    NeravaServer.sleep(20);
                    continue;
                }
                if (product != null) {
                    firstAnswer = firstAnswer < 0 ? elapsedMillis(start) : firstAnswer;
                    productStatuses.merge(product.status(), 1, Integer::sum);
                    String seen = product.status() + " " + product.header("Content-Type") + " "
                            + abbreviated(product.body());
                    productAnswers.add(seen);
                    if (product.status() == 200) {
                        firstOk = elapsedMillis(start);
                    } else if (!starting(product)) {
                        wrongProductAnswers.add(seen);
                    }
                }
                if (health != null) {
                    healthAnswers++;
                    if (health.status() != 200 || !"{\"status\":\"ok\"}".equals(health.body())) {
                        wrongHealthAnswers.add(health.status() + " " + health.header("Content-Type") + " "
                                + abbreviated(health.body()));
                    }
                }
                NeravaServer.sleep(20);
            }
            System.out.printf("boot window: first answer of %s after %d ms, first 200 after %d ms; statuses %s;"
                    + " /healthz answers %d, of them not its 200: %d; the engine's own answers before the server's"
                    + " first: %d (%s), from %d ms to %d ms%n", PRODUCT_PATH, firstAnswer, firstOk, productStatuses,
                    healthAnswers, wrongHealthAnswers.size(), engineAnswers.size(),
                    engineAnswers.stream().distinct().toList(), firstEngineAnswer, lastEngineAnswer);

            assertThat(firstOk).as("the product path answered 200 within the boot; answers: " + productAnswers)
                    .isPositive();
            assertThat(wrongProductAnswers).as("answers other than 503 starting before the 200").isEmpty();
            assertThat(wrongHealthAnswers).as("/healthz answers other than its own 200").isEmpty();
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
