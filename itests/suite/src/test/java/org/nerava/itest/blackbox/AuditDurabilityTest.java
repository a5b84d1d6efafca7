package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.Fixtures;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;

/** An audit entry that was acknowledged survives a restart of the container. */
class AuditDurabilityTest {

    @Test
    void anAuditEntryIsStillThereAfterARestart() {
        String target = "restart-" + UUID.randomUUID();
        try (NeravaServer server = NeravaServer.start()) {
            server.installFeature(Fixtures.featuresFile(server), Fixtures.FEATURE);
            HttpResult written = server.awaitPost("/v1/itest/audit",
                    "{\"action\":\"itest.restart\",\"target\":\"" + target + "\"}", 201);
            assertThat(written.json().get("actor").asText()).isEqualTo("itest");
            assertThat(written.json().get("id").asText()).matches("[0-9a-f-]{36}");

            server.restart();

            String trail = server.shell("nerava:audit --action itest.restart -n 50");
            assertThat(trail).contains(target).contains("itest").contains("SUCCESS");
        }
    }
}
