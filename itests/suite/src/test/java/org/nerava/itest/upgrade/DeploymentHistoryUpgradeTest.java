package org.nerava.itest.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.NeravaServer;
import org.nerava.testing.TestPostgres;

/**
 * Until the admin split, the deployment table belonged to schema {@code nerava-admin} (bundle admin-deploy); it now
 * belongs to {@code nerava-deployments}. A database migrated by that release, on H2 and on PostgreSQL, keeps its
 * deployment history: the table is found without a {@code nerava-deployments} history, baselined at version 1 with
 * its rows, and the old schema's history table is left as it was.
 */
class DeploymentHistoryUpgradeTest {

    private static final String DEPLOYMENT = "3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
    private static final String BASELINED =
            "Schema nerava-deployments: table deployment exists without history, baselining at version 1";

    @Test
    void anEmbeddedDatabaseKeepsItsDeploymentHistory() {
        try (NeravaServer server = NeravaServer.start(Map.of(), DeploymentHistoryUpgradeTest::writeOldH2Schema)) {
            assertHistoryKeptAcrossRestarts(server);
        }
    }

    @Test
    void aPostgresDatabaseKeepsItsDeploymentHistory() throws SQLException {
        try (TestPostgres postgres = TestPostgres.createDatabase()) {
            try (Connection c = postgres.connect()) {
                writeOldSchema(c);
            }
            try (NeravaServer server = NeravaServer.start(postgres.serverEnvironment())) {
                assertHistoryKeptAcrossRestarts(server);
            }
        }
    }

    private static void assertHistoryKeptAcrossRestarts(NeravaServer server) {
        server.awaitReady();
        assertThat(server.log()).contains(BASELINED)
                .contains("Schema nerava-deployments at version 3 (2 script(s) run now)");
        assertThat(server.shell("nerava:deployments")).contains(DEPLOYMENT).contains("v19").contains("dispatched");
        server.restart();
        server.awaitReady();
        assertThat(server.shell("nerava:deployments")).contains(DEPLOYMENT).contains("v19");
    }

    private static void writeOldH2Schema(Path home) {
        String url = "jdbc:h2:file:" + home.resolve("data/h2/nerava").toAbsolutePath();
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            writeOldSchema(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Schema nerava-admin at version 1, as the release before the split migrated it, with one deployment. */
    private static void writeOldSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE deployment (id VARCHAR(36) NOT NULL PRIMARY KEY, target VARCHAR(16) NOT NULL,"
                    + " ref VARCHAR(255) NOT NULL, status VARCHAR(16) NOT NULL, requested_by VARCHAR(200) NOT NULL,"
                    + " idempotency_key VARCHAR(200), requested_at BIGINT NOT NULL, finished_at BIGINT, run_id BIGINT,"
                    + " run_url VARCHAR(500), html_url VARCHAR(500), github_status INTEGER, error VARCHAR(1000),"
                    + " CONSTRAINT deployment_idempotency UNIQUE (idempotency_key))");
            s.execute("CREATE INDEX deployment_requested ON deployment (requested_at)");
            // Flyway's history of that schema, as the platform's migrator named and filled it.
            s.execute("CREATE TABLE \"nerava_admin_schema_history\" (\"installed_rank\" INT NOT NULL PRIMARY KEY,"
                    + " \"version\" VARCHAR(50), \"description\" VARCHAR(200) NOT NULL, \"type\" VARCHAR(20) NOT NULL,"
                    + " \"script\" VARCHAR(1000) NOT NULL, \"checksum\" INT, \"installed_by\" VARCHAR(100) NOT NULL,"
                    + " \"installed_on\" TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL, \"execution_time\" INT NOT NULL,"
                    + " \"success\" BOOLEAN NOT NULL)");
            s.execute("INSERT INTO \"nerava_admin_schema_history\" VALUES (1, '0', 'new schema', 'BASELINE',"
                    + " 'new schema', NULL, 'sa', CURRENT_TIMESTAMP, 0, TRUE),"
                    + " (2, '1', 'deployment table', 'SQL', 'V1__deployment_table.sql', 1, 'sa', CURRENT_TIMESTAMP,"
                    + " 5, TRUE)");
            s.execute("INSERT INTO deployment (id, target, ref, status, requested_by, requested_at, finished_at,"
                    + " run_id, github_status) VALUES ('" + DEPLOYMENT + "', 'BACKEND', 'v19', 'DISPATCHED',"
                    + " 'admin:alice', 1764900000000, 1764900001000, 7000000019, 200)");
        }
    }
}
