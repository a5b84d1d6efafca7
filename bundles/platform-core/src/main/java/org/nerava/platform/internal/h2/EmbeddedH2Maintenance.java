package org.nerava.platform.internal.h2;

import java.lang.reflect.InvocationTargetException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.nerava.platform.concurrent.DaemonThreads;
import org.nerava.platform.doctor.CheckMode;
import org.nerava.platform.persistence.PlatformDatabase;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reclaims the space of the embedded H2 file. The default URL sets {@code WRITE_DELAY=0} so that a commit is in the
 * file before the request is answered (a killed process lost acknowledged writes otherwise). H2 then writes a chunk per
 * commit and, with no write delay, never starts the background thread that rewrites the live pages out of mostly-dead
 * chunks: those chunks can never be freed, and the file grew by gigabytes in a five-minute soak. This component does
 * that housekeeping instead, once a second: when the chunks are on average less than {@value #TARGET_FILL_PERCENT}%
 * live, it has H2 rewrite up to {@value #REWRITE_LIMIT_BYTES} bytes of live pages from the sparsest ones; H2 frees the
 * emptied chunks once its retention time has passed and reuses their space.
 *
 * <p>The retention time is what bounds the file under load: H2 keeps every chunk written in the last retention time,
 * so the file holds that many seconds of commits. H2's default (45 s) exists because H2 itself never forces its file
 * to the disk: an old chunk must not be overwritten before the operating system has written the chunks that replaced
 * it, or a power loss leaves a file that does not open. This component forces the file to the disk every round
 * ({@link MVStore#sync()}, an fsync outside H2's locks) and then lowers the retention to
 * {@value #RETENTION_MILLIS} ms, several rounds: what a chunk is replaced by is on the disk before the chunk may be
 * reused, as H2's default assumed of the operating system. A killed process loses nothing either way (its writes are
 * in the operating system's cache); at 45 s the soak's file grew to 2 GB.
 *
 * <p>It stops by itself on any other database (PostgreSQL, an H2 server or in-memory database), where there is
 * nothing to do. H2 does not export the classes between a connection and its store, so the steps from the
 * connection to the store are made by reflection ({@link #storeOf}); a test fails if an H2 upgrade changes them.
 */
@Component(immediate = true)
public final class EmbeddedH2Maintenance {

    static final int TARGET_FILL_PERCENT = 50;
    static final int REWRITE_LIMIT_BYTES = 4 * 1024 * 1024;
    static final long PERIOD_MILLIS = 1000;
    /** Five rounds of fsync: a chunk is reused only after the chunks that replaced it were forced to the disk. */
    static final int RETENTION_MILLIS = 5000;
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedH2Maintenance.class);

    private final DataSource dataSource;
    private final ScheduledExecutorService worker;
    private volatile String lastFailure;

    @Activate
    public EmbeddedH2Maintenance(@Reference(target = PlatformDatabase.TARGET) DataSource dataSource) {
        this.dataSource = dataSource;
        this.worker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("nerava-h2-maintenance"));
        if (CheckMode.on()) {
            return; // bin/nerava-doctor looks at the database and changes nothing, its file layout included
        }
        worker.scheduleWithFixedDelay(this::runScheduled, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
    }

    private void runScheduled() {
        try {
            if (!compactOnce()) {
                LOG.info("The database is not an embedded H2 file; no H2 maintenance needed");
                worker.shutdown();
            }
            lastFailure = null;
        } catch (SQLException | RuntimeException e) {
            // The database may be starting, full or closing: say so once, keep trying.
            String failure = String.valueOf(e);
            if (!failure.equals(lastFailure)) {
                LOG.warn("H2 maintenance failed; trying again every {} ms", PERIOD_MILLIS, e);
                lastFailure = failure;
            }
        }
    }

    /**
     * One round of housekeeping.
     *
     * @return false when the database is not an embedded H2 file (nothing to do, now or later)
     */
    boolean compactOnce() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            MVStore store = storeOf(connection);
            if (store == null) {
                return false;
            }
            store.sync();
            if (store.getRetentionTime() > RETENTION_MILLIS) {
                // Only once this round's fsync is done, so every chunk the shorter retention lets go is replaced on disk.
                store.setRetentionTime(RETENTION_MILLIS);
            }
            store.compact(TARGET_FILL_PERCENT, REWRITE_LIMIT_BYTES);
            return true;
        }
    }

    /** The store of an embedded H2 file database behind {@code connection}; null for anything else. */
    static MVStore storeOf(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)) {
            return null;
        }
        JdbcConnection h2 = connection.unwrap(JdbcConnection.class);
        try {
            // getSession().getDatabase().getStore().getMvStore(): the types in between are in packages H2 does not
            // export (so not even named here), and a remote session has no getDatabase().
            Object session = JdbcConnection.class.getMethod("getSession").invoke(h2);
            Object database = session.getClass().getMethod("getDatabase").invoke(session);
            Object store = database.getClass().getMethod("getStore").invoke(database);
            MVStore mvStore = (MVStore) store.getClass().getMethod("getMvStore").invoke(store);
            return mvStore.getFileStore() == null ? null : mvStore;
        } catch (NoSuchMethodException e) {
            return null;
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot reach the H2 store", e);
        }
    }
}
