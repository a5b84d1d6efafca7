package org.nerava.itest.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;

/**
 * A {@code data/h2/nerava.mv.db} written by the release before migrations (EclipseLink's create-or-extend-tables made
 * its tables; fixture {@code legacy-h2/nerava.mv.db}, see its README) is upgraded in place: the tables that exist are
 * baselined at version 1 with their rows, the ones that were never made are created, and the driver finds everything.
 */
class LegacyH2UpgradeTest {

    /** What the fixture holds: this driver, one favorite, one completed exclusive session with its reward. */
    private static final String PHONE = "+14155550123";
    private static final String SESSION = "eb45422a-fc45-4ec4-845a-68316013e397";
    private static final String REWARD = "79571b87-4d17-45a2-b51f-123eb670b9b5";

    @Test
    void aDatabaseMadeBeforeMigrationsKeepsItsDriversFavoritesAndRewards() {
        try (NeravaServer server = NeravaServer.start(Map.of(), LegacyH2UpgradeTest::copyLegacyDatabase)) {
            server.awaitReady();
            String token = server.signIn(PHONE);

            HttpResult favorites = server.getAuthorized("/v1/merchants/favorites", token);
            assertThat(favorites.body()).contains("m_tidewater_coffee").contains("2026-11-28T04:28:58.075Z");
            HttpResult again = server.send("POST", "/v1/exclusive/" + SESSION + "/complete", null,
                    Map.of("Authorization", "Bearer " + token));
            assertThat(again.status()).as(again.body()).isEqualTo(200);
            assertThat(again.json().at("/reward/id").asText()).isEqualTo(REWARD);

            String log = server.log();
            assertThat(log).contains("Schema nerava-auth: table driver exists without history, baselining at version 1")
                    .contains("Schema nerava-auth at version 2 (1 script(s) run now)")
                    .contains("Schema nerava-favorites at version 1 (0 script(s) run now)")
                    // The catalog and the sessions, made together by the old release, each adopted by its own feature.
                    .contains("Schema nerava-merchants: table charger exists without history, baselining at version 1")
                    .contains("Schema nerava-merchants at version 2 (1 script(s) run now)")
                    .contains("Schema nerava-exclusive-sessions at version 1 (0 script(s) run now)")
                    // The old release made the audit and deployment tables only when first used: made now, with
                    // what came after it (the fleet's node table, the admin sign-in guard's tables).
                    .contains("Schema nerava-platform at version 4 (4 script(s) run now)")
                    .contains("Schema nerava-deployments at version 3 (3 script(s) run now)")
                    .contains("Schema nerava-admin-security at version 1 (1 script(s) run now)");
            // The audit table works: an operator action is recorded and read back.
            assertThat(server.shell("nerava:otp-use console")).contains("Active OTP provider: console");
            assertThat(server.shell("nerava:audit --action otp.provider.use")).contains("console");

            server.restart();
            server.awaitReady();
            assertThat(server.log()).contains("Schema nerava-auth at version 2 (0 script(s) run now)");
            // The favorites feature adds favorites_count once its store (and so its schema) is up: poll for it.
            HttpResult account = server.getAuthorized("/v1/account", token);
            for (int i = 0; i < 50 && !account.body().contains("favorites_count"); i++) {
                NeravaServer.sleep(200);
                account = server.getAuthorized("/v1/account", token);
            }
            assertThat(account.json().get("favorites_count").asInt()).as(account.body()).isEqualTo(1);
        }
    }

    private static void copyLegacyDatabase(Path home) {
        try (InputStream legacy = LegacyH2UpgradeTest.class.getResourceAsStream("/legacy-h2/nerava.mv.db")) {
            Path h2 = home.resolve("data/h2");
            Files.createDirectories(h2);
            Files.copy(legacy, h2.resolve("nerava.mv.db"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
