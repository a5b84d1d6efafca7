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
            HttpResult written = awaitAuditWrite(server, target);
            assertThat(written.json().get("actor").asText()).isEqualTo("itest");
            assertThat(written.json().get("id").asText()).matches("[0-9a-f-]{36}");

            server.restart();

            String trail = server.shell("nerava:audit --action itest.restart -n 50");
            assertThat(trail).contains(target).contains("itest").contains("SUCCESS");
        }
    }

    private static HttpResult awaitAuditWrite(NeravaServer server, String target) {
        String body = "{\"action\":\"itest.restart\",\"target\":\"" + target + "\"}";
        long deadline = System.currentTimeMillis() + 30_000;
        HttpResult last = null;
        while (System.currentTimeMillis() < deadline) {
            last = server.postJson("/v1/itest/audit", body);
            if (last.status() == 201) {
                return last;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("audit write never succeeded: " + last);
    }
}
