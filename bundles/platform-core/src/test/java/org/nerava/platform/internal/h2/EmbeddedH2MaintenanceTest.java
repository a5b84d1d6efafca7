package org.nerava.platform.internal.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Random;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedH2MaintenanceTest {

    @TempDir
    Path dir;

    private static JdbcDataSource dataSource(String url) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser("sa");
        return dataSource;
    }

    /**
     * The same write load (one commit per update, as WRITE_DELAY=0 makes H2 write a chunk per commit) on two files,
     * one with the maintenance run between batches. RETENTION_TIME=0 lets H2 reuse freed chunks at once instead of
     * after 45 s, so the test needs no waiting; the difference left is the rewriting of live pages out of sparse
     * chunks, which without maintenance never happens.
     */
    @Test
    void keepsTheFileFromGrowingUnderOneCommitPerWrite() throws Exception {
        long without = fileSizeAfterLoad("without", false);
        long with = fileSizeAfterLoad("with", true);
        System.out.printf("H2 file after 20,000 one-row commits: %,d bytes without maintenance, %,d with%n",
                without, with);
        // Measured: 6.8 MB without, 3.9 MB with.
        assertThat(with).isLessThan(without * 3 / 4);
    }

    private long fileSizeAfterLoad(String name, boolean maintained) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve(name) + ";WRITE_DELAY=0;RETENTION_TIME=0";
        JdbcDataSource dataSource = dataSource(url);
        EmbeddedH2Maintenance maintenance = maintained ? unscheduled(dataSource) : null;
        Random random = new Random(42);
        try (Connection keepOpen = dataSource.getConnection(); Statement ddl = keepOpen.createStatement()) {
            ddl.execute("CREATE TABLE counter (id INT PRIMARY KEY, hits BIGINT, note VARCHAR(200))");
            ddl.execute("INSERT INTO counter SELECT x, 0, REPEAT('n', 150) FROM SYSTEM_RANGE(1, 5000)");
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement update = connection.prepareStatement(
                            "UPDATE counter SET hits = hits + 1 WHERE id = ?")) {
                for (int i = 1; i <= 20_000; i++) {
                    update.setInt(1, 1 + random.nextInt(5000));
                    update.executeUpdate();
                    if (maintenance != null && i % 200 == 0) {
                        assertThat(maintenance.compactOnce()).isTrue();
                    }
                }
            }
            return Files.size(dir.resolve(name + ".mv.db"));
        }
    }

    @Test
    void findsTheStoreOfAnEmbeddedFileDatabaseOnly() throws Exception {
        JdbcDataSource file = dataSource("jdbc:h2:file:" + dir.resolve("store"));
        try (Connection connection = file.getConnection()) {
            assertThat(EmbeddedH2Maintenance.storeOf(connection)).isNotNull();
        }
        JdbcDataSource memory = dataSource("jdbc:h2:mem:maintenance");
        try (Connection connection = memory.getConnection()) {
            assertThat(EmbeddedH2Maintenance.storeOf(connection)).isNull();
            assertThat(unscheduled(memory).compactOnce()).isFalse();
        }
    }

    /** The component without its schedule, so rounds run when the test says. */
    private static EmbeddedH2Maintenance unscheduled(JdbcDataSource dataSource) {
        EmbeddedH2Maintenance maintenance = new EmbeddedH2Maintenance(dataSource);
        maintenance.deactivate();
        return maintenance;
    }
}
