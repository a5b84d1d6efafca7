package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;
import org.nerava.itest.harness.Ports;

/** Liveness never depends on the database; readiness does. */
class DatabaseOutageTest {

    @Test
    void healthzAnswers200AndReadyz503WhileTheDatabaseIsUnreachable() throws Exception {
        int closedPort = Ports.free();
        String deadDatabase = "jdbc:h2:tcp://127.0.0.1:" + closedPort + "/nerava";

        try (NeravaServer server = NeravaServer.start(Map.of("NERAVA_DB_URL", deadDatabase))) {
            // Until pax-jdbc has registered the DataSource the check says so; after that, that it cannot connect.
            // Either way: liveness 200, readiness 503, at every moment.
            HttpResult ready;
            long deadline = System.currentTimeMillis() + 30_000;
            do {
                HttpResult health = server.get("/healthz");
                ready = server.get("/readyz");
                assertThat(health.status()).isEqualTo(200);
                assertThat(health.json().get("status").asText()).isEqualTo("ok");
                assertThat(ready.status()).as(ready.body()).isEqualTo(503);
                assertThat(ready.json().get("status").asText()).isEqualTo("unready");
                assertThat(ready.json().at("/checks/database/status").asText()).isEqualTo("down");
            } while (!ready.json().at("/checks/database/detail").asText().contains("cannot connect")
                    && System.currentTimeMillis() < deadline);

            assertThat(ready.json().at("/checks/database/detail").asText()).contains("cannot connect");
            // Only the database is down: the rest of the platform still reports in.
            assertThat(ready.json().at("/checks/features/status").asText()).isEqualTo("up");
        }
    }
}
