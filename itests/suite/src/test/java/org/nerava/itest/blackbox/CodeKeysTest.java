package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.NeravaServer;

/** Secrets from the environment (the code key, the database password): used, and never published or logged. */
class CodeKeysTest {

    /** 32 bytes, base64: what `head -c 32 /dev/urandom | base64` prints. */
    private static final String SECRET = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";

    /** The embedded database is created with the password the driver is given: the file then opens with it alone. */
    private static final String DB_PASSWORD = "itest-db-pa55word-4711";

    @Test
    void configuredSecretsAreUsedAndStayPrivate() throws SQLException {
        Path database;
        try (NeravaServer server = NeravaServer.start(Map.of("NERAVA_OTP_HMAC_KEYS", "k1:" + SECRET,
                "NERAVA_DB_PASSWORD", DB_PASSWORD))) {
            database = server.home().resolve("data/h2/nerava");
            assertThat(server.signIn("+14155550601")).startsWith("nrv_");
            assertThat(server.log()).doesNotContain("no usable codeHmacKeys").doesNotContain(SECRET)
                    .doesNotContain(DB_PASSWORD);
            String services = server.shell("service:list");
            assertThat(services).contains("org.nerava.auth").contains("javax.sql.DataSource");
            assertThat(services).doesNotContain(SECRET).doesNotContain("codeHmacKeys").doesNotContain(DB_PASSWORD);
        }
        String url = "jdbc:h2:file:" + database + ";IFEXISTS=TRUE";
        try (Connection connection = DriverManager.getConnection(url, "sa", DB_PASSWORD)) {
            assertThat(connection.isValid(5)).isTrue();
        }
        assertThatThrownBy(() -> DriverManager.getConnection(url, "sa", "")).isInstanceOf(SQLException.class)
                .hasMessageContaining("password");
    }
}
