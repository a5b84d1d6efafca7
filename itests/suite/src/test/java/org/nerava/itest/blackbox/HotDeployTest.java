package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.Fixtures;
import org.nerava.itest.harness.HealthProbe;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;

/**
 * Features come and go at run time without a single failed request to anything else; while a feature is away its
 * paths answer 503 feature_unavailable with Retry-After.
 */
class HotDeployTest {

    private static final int CYCLES = 3;
    private static final String ECHO = "{\"name\":\"probe\",\"count\":1}";

    @Test
    void installingAndUninstallingAFeatureNeverFailsAHealthCheck() {
        try (NeravaServer server = NeravaServer.start()) {
            // Ready first: while the boot is still settling, /readyz is rightly 503 (check rest).
            server.awaitReady();
            Path features = Fixtures.featuresFile(server);
            int healthRequests;
            try (HealthProbe health = new HealthProbe(server, "/healthz");
                    HealthProbe readiness = new HealthProbe(server, "/readyz")) {
                for (int cycle = 0; cycle < CYCLES; cycle++) {
                    server.installFeature(features, Fixtures.FEATURE);
                    server.awaitPost("/v1/itest/echo", ECHO, 200);

                    server.uninstallFeature(Fixtures.FEATURE);
                    // Away, not unknown: 503 feature_unavailable, with Retry-After, until it is back.
                    HttpResult away = server.awaitPost("/v1/itest/echo", ECHO, 503);
                    assertThat(away.json().path("code").asText()).isEqualTo("feature_unavailable");
                    assertThat(away.header("Retry-After")).isNotNull();
                    assertThat(away.header("Content-Type")).startsWith("application/problem+json");
                }
                health.stop();
                readiness.stop();
                healthRequests = health.requests();
                assertThat(health.failures()).as("failed /healthz requests").isEmpty();
                // /readyz is a JAX-RS resource: served without a gap while the application is replaced.
                assertThat(readiness.failures()).as("failed /readyz requests").isEmpty();
                assertThat(readiness.requests()).as("the JAX-RS probe really ran throughout").isGreaterThan(100);
            }
            assertThat(healthRequests).as("the probe really ran throughout").isGreaterThan(100);
            assertThat(server.shell("feature:list -i")).doesNotContain(Fixtures.FEATURE);
        }
    }
}
