package org.nerava.platform.internal.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Restore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nerava.platform.internal.backup.OnlineBackup.BackupRefused;
import org.nerava.platform.internal.backup.OnlineBackup.Written;

class OnlineBackupTest {

    @TempDir
    Path folder;

    private JdbcDataSource live;

    @BeforeEach
    void fileDatabaseWithRows() throws Exception {
        live = fileDatabase(folder.resolve("live/nerava"));
        try (Connection c = live.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE favorite(id INT PRIMARY KEY)");
        }
    }

    @AfterEach
    void shutDown() throws Exception {
        try (Connection c = live.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    @Test
    void aBackupTakenWhileWritesGoOnRestoresEveryRowCommittedBeforeIt() throws Exception {
        AtomicInteger committed = new AtomicInteger();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            try (Connection c = live.getConnection(); Statement s = c.createStatement()) {
                for (int id = 1; writing.get(); id++) {
                    s.execute("INSERT INTO favorite VALUES (" + id + ")");
                    committed.set(id);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        while (committed.get() < 200) {
            Thread.sleep(5);
        }
        int committedBefore = committed.get();
        Written written = new OnlineBackup(live).backupTo(folder.resolve("backup.zip"));
        writing.set(false);
        writer.join();

        assertThat(written.bytes()).isPositive().isEqualTo(Files.size(folder.resolve("backup.zip")));
        assertThat(folder.resolve("backup.zip.partial")).doesNotExist();
        Path restored = Files.createDirectories(folder.resolve("restored"));
        Restore.execute(written.file().toString(), restored.toString(), "nerava");
        JdbcDataSource copy = fileDatabase(restored.resolve("nerava"));
        try (Connection c = copy.getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT COUNT(*), MAX(id) FROM favorite")) {
            rows.next();
            assertThat(rows.getInt(1)).as("rows in the backup").isGreaterThanOrEqualTo(committedBefore)
                    .isEqualTo(rows.getInt(2));
            s.execute("SHUTDOWN");
        }
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws Exception {
        Path existing = Files.writeString(folder.resolve("taken.zip"), "keep me");
        assertThatThrownBy(() -> new OnlineBackup(live).backupTo(existing))
                .isInstanceOf(BackupRefused.class).hasMessageContaining("exists already");
        assertThat(Files.readString(existing)).isEqualTo("keep me");
    }

    @Test
    void theTargetIsAZipInAWritableFolder() {
        assertThatThrownBy(() -> new OnlineBackup(live).backupTo(folder.resolve("backup.db")))
                .isInstanceOf(BackupRefused.class).hasMessageContaining(".zip");
        assertThatThrownBy(() -> new OnlineBackup(live).backupTo(folder.resolve("missing/backup.zip")))
                .isInstanceOf(BackupRefused.class).hasMessageContaining("does not exist");
    }

    @Test
    void aDatabaseThatIsNotAnEmbeddedH2FileIsReferredToItsOwnTools() throws Exception {
        JdbcDataSource memory = new JdbcDataSource();
        memory.setURL("jdbc:h2:mem:backup-test;DB_CLOSE_DELAY=-1");
        memory.setUser("sa");
        assertThatThrownBy(() -> new OnlineBackup(memory).backupTo(folder.resolve("memory.zip")))
                .isInstanceOf(BackupRefused.class).hasMessageContaining("pg_dump");
        assertThat(folder.resolve("memory.zip")).doesNotExist();
        assertThat(OnlineBackup.isEmbeddedH2File("jdbc:h2:file:/data/h2/nerava;WRITE_DELAY=0")).isTrue();
        assertThat(OnlineBackup.isEmbeddedH2File("jdbc:h2:/data/h2/nerava")).isTrue();
        assertThat(OnlineBackup.isEmbeddedH2File("jdbc:h2:tcp://db/nerava")).isFalse();
        assertThat(OnlineBackup.isEmbeddedH2File("jdbc:postgresql://db/nerava")).isFalse();
    }

    private static JdbcDataSource fileDatabase(Path path) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + path + ";WRITE_DELAY=0");
        dataSource.setUser("sa");
        return dataSource;
    }
}
