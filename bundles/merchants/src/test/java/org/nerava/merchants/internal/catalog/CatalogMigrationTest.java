package org.nerava.merchants.internal.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Random;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** Migration V2 on a catalog of version 1: the database numbers existing merchants' cells exactly as Java does. */
class CatalogMigrationTest {

    @Test
    void version2GivesExistingMerchantsTheCellJavaComputesAndCountsTheCatalog() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:catalog-migration-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        migrate(dataSource, "1");
        Random random = new Random(3);
        double[][] points = new double[2_000][];
        try (Connection connection = dataSource.getConnection()) {
            connection.createStatement().execute("INSERT INTO charger (id, name, lat, lng, updated_at)"
                    + " VALUES ('ch_1', 'One', 0, 0, 0)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO merchant (id, charger_id, name,"
                    + " category, lat, lng, offer, updated_at) VALUES (?, 'ch_1', 'M', 'coffee', ?, ?, 'x', 0)")) {
                for (int i = 0; i < points.length; i++) {
                    // Cell edges (multiples of 1/16) and their neighbours are where a rounding would show.
                    double lat = i % 2 == 0 ? Math.round(random.nextDouble() * 2880) / 16.0 - 90
                            : random.nextDouble() * 180 - 90;
                    double lng = i % 3 == 0 ? Math.nextDown(Math.round(random.nextDouble() * 5760) / 16.0 - 180)
                            : random.nextDouble() * 360 - 180;
                    points[i] = new double[] {lat, Math.max(-180, lng)};
                    insert.setString(1, "m_" + i);
                    insert.setDouble(2, points[i][0]);
                    insert.setDouble(3, points[i][1]);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        migrate(dataSource, "2");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT lat, lng, cell FROM merchant")) {
                int checked = 0;
                while (rows.next()) {
                    assertThat(rows.getLong(3)).as("%s,%s", rows.getDouble(1), rows.getDouble(2))
                            .isEqualTo(CatalogGrid.cell(rows.getDouble(1), rows.getDouble(2)));
                    checked++;
                }
                assertThat(checked).isEqualTo(points.length);
            }
            try (ResultSet state = statement.executeQuery("SELECT version, chargers, merchants FROM catalog_state")) {
                assertThat(state.next()).isTrue();
                assertThat(state.getLong(1)).isEqualTo(1);
                assertThat(state.getLong(2)).isEqualTo(1);
                assertThat(state.getLong(3)).isEqualTo(points.length);
            }
            statement.execute("SHUTDOWN");
        }
    }

    @Test
    void aCatalogThatHasVersion2sColumnsButLostItsHistoryIsBaselinedAt1AndRunsVersion2AgainUnharmed() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:catalog-migration-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        migrate(dataSource, "2");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO merchant (id, charger_id, name, category, lat, lng, offer, updated_at, cell,"
                    + " catalog_version) VALUES ('m_1', 'ch_1', 'M', 'coffee', 37.5, -122.25, 'x', 0, 1, 7)");
            statement.execute("UPDATE catalog_state SET version = 7, merchants = 1");
            statement.execute("DROP TABLE \"nerava_merchants_schema_history\"");
        }
        // What the platform's migrator does with tables of version 1 and no history.
        Flyway.configure(CatalogMigrationTest.class.getClassLoader()).dataSource(dataSource)
                .locations("classpath:db/migration/" + CatalogStore.UNIT).table("nerava_merchants_schema_history")
                .baselineOnMigrate(true).baselineVersion("1").load().migrate();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            try (ResultSet row = statement.executeQuery("SELECT cell, catalog_version FROM merchant")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getLong(1)).as("numbered again").isEqualTo(CatalogGrid.cell(37.5, -122.25));
                assertThat(row.getLong(2)).as("kept").isEqualTo(7);
            }
            try (ResultSet state = statement.executeQuery("SELECT COUNT(*), MAX(version) FROM catalog_state")) {
                assertThat(state.next()).isTrue();
                assertThat(state.getLong(1)).isEqualTo(1);
                assertThat(state.getLong(2)).isEqualTo(7);
            }
            statement.execute("SHUTDOWN");
        }
    }

    private static void migrate(JdbcDataSource dataSource, String version) {
        Flyway.configure(CatalogMigrationTest.class.getClassLoader()).dataSource(dataSource)
                .locations("classpath:db/migration/" + CatalogStore.UNIT).table("nerava_merchants_schema_history")
                .target(version).load().migrate();
    }
}
