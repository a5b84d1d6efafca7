package org.nerava.merchants.internal.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.persistence.EntityManager;
import javax.sql.DataSource;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.nerava.merchants.internal.catalog.CatalogGrid.CellRange;
import org.nerava.merchants.internal.catalog.SeedFile.SeedFileException;
import org.nerava.platform.persistence.MigratedSchema;
import org.nerava.platform.persistence.PlatformDatabase;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Every read and write of the catalog tables, {@code charger}, {@code merchant} and {@code catalog_state} (unit
 * {@value #UNIT}). Plain SQL, portable between H2 and PostgreSQL: searches read a few grid cells through the cell
 * index and lookups one row by primary key, each one statement on a pooled connection in auto-commit; loads write in
 * JDBC batches, and the version checks read, in the unit's transaction.
 *
 * <p>Why the hot reads skip the unit: a search that misses the node's cell cache is one query, and the unit's
 * transaction around it (an EntityManager, a transaction begun and committed) cost the server more CPU than the query
 * itself (docs/performance.md, "Reads without the unit's transaction").
 */
@Component(service = CatalogStore.class)
public class CatalogStore {

    public static final String UNIT = "nerava-merchants";

    /** What a load changed. */
    public record LoadResult(int chargersAdded, int chargersUpdated, int merchantsAdded, int merchantsUpdated) {
    }

    /** The catalog's version and size, as the last load left them. */
    public record State(long version, long chargers, long merchants) {
    }

    /**
     * What loads after a version changed.
     *
     * @param complete false when more changed than asked for: the caller forgets everything instead
     */
    public record Changes(Set<String> merchantIds, Set<Long> merchantCells, Set<String> chargerIds,
            boolean complete) {
    }

    /** Where a load's chargers come from: a file streamed into the sink. */
    @FunctionalInterface
    public interface Source {
        void into(SeedFile.Sink sink) throws SeedFileException;
    }

    /** What a failure's message begins with; the SQLException stays its cause (503 database_unavailable). */
    private static final String FAILURE = "catalog database";

    static final String MERCHANT_COLUMNS = "id, charger_id, name, category, photo_url, lat, lng, offer";

    private final JpaTemplate jpa;
    private final DataSource dataSource;

    /** Never called: referenced so that this component starts only once its tables are migrated. */
    @Reference(target = "(" + MigratedSchema.NAME + "=" + UNIT + ")")
    private MigratedSchema schema;

    @Activate
    public CatalogStore(@Reference(target = "(osgi.unit.name=" + UNIT + ")") JpaTemplate jpa,
            @Reference(target = PlatformDatabase.TARGET) DataSource dataSource) {
        this.jpa = jpa;
        this.dataSource = dataSource;
    }

    public boolean isEmpty() {
        return state().chargers() == 0;
    }

    public State state() {
        return sql(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT version, chargers, merchants FROM catalog_state WHERE id = 1");
                    ResultSet row = select.executeQuery()) {
                return row.next() ? new State(row.getLong(1), row.getLong(2), row.getLong(3)) : new State(0, 0, 0);
            }
        });
    }

    /** The merchants of these cells, in no order. */
    public List<Merchant> merchantsIn(List<CellRange> ranges) {
        return PlatformDatabase.read(dataSource, FAILURE, connection -> {
            List<Merchant> found = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + MERCHANT_COLUMNS + " FROM merchant WHERE cell BETWEEN ? AND ?")) {
                for (CellRange range : ranges) {
                    select.setLong(1, range.from());
                    select.setLong(2, range.to());
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            found.add(merchant(rows));
                        }
                    }
                }
            }
            return found;
        });
    }

    public Optional<Merchant> merchant(String id) {
        return PlatformDatabase.read(dataSource, FAILURE, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + MERCHANT_COLUMNS + " FROM merchant WHERE id = ?")) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(merchant(row)) : Optional.empty();
                }
            }
        });
    }

    public Optional<Charger> charger(String id) {
        return PlatformDatabase.read(dataSource, FAILURE, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, name, address, lat, lng FROM charger WHERE id = ?")) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(charger(row)) : Optional.empty();
                }
            }
        });
    }

    /** The merchants and chargers changed by loads after {@code version}, up to {@code max} of each. */
    public Changes changesSince(long version, int max) {
        return sql(connection -> {
            Set<String> merchantIds = new HashSet<>();
            Set<Long> cells = new HashSet<>();
            Set<String> chargerIds = new HashSet<>();
            boolean complete = true;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, cell FROM merchant WHERE catalog_version > ?")) {
                select.setLong(1, version);
                select.setMaxRows(max + 1);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        merchantIds.add(rows.getString(1));
                        cells.add(rows.getLong(2));
                    }
                }
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id FROM charger WHERE catalog_version > ?")) {
                select.setLong(1, version);
                select.setMaxRows(max + 1);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        chargerIds.add(rows.getString(1));
                    }
                }
            }
            if (merchantIds.size() > max || chargerIds.size() > max) {
                complete = false;
            }
            return new Changes(merchantIds, cells, chargerIds, complete);
        });
    }

    /**
     * Adds what is new and updates what changed, by id, in one transaction, as the source streams it; removes nothing
     * (sessions and favorites refer to merchants by id, so a merchant is never deleted by a load). A source that
     * fails, at any point, leaves the catalog as it was. Loads on several nodes take turns (the state row is locked).
     */
    public LoadResult load(Source source, long now) throws SeedFileException {
        try {
            return sql(connection -> {
                try (CatalogWriter writer = CatalogWriter.begin(connection, now)) {
                    try {
                        source.into(writer);
                    } catch (SeedFileException e) {
                        throw new RefusedFile(e);
                    } catch (WriteFailed e) {
                        throw e.getCause();
                    }
                    return writer.finish();
                }
            });
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof RefusedFile refused) {
                    throw (SeedFileException) refused.getCause();
                }
            }
            throw e;
        }
    }

    static Merchant merchant(ResultSet row) throws SQLException {
        return new Merchant(row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5),
                row.getDouble(6), row.getDouble(7), row.getString(8));
    }

    static Charger charger(ResultSet row) throws SQLException {
        return new Charger(row.getString(1), row.getString(2), row.getString(3), row.getDouble(4), row.getDouble(5));
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T sql(SqlWork<T> work) {
        return jpa.txExpr(TransactionType.Required, em -> {
            try {
                return work.run(connection(em));
            } catch (SQLException e) {
                throw new IllegalStateException(FAILURE + ": " + e.getMessage(), e);
            }
        });
    }

    /** The unit's own connection, inside its transaction, so plain SQL commits and rolls back with it. */
    private static Connection connection(EntityManager em) {
        Connection connection = em.unwrap(Connection.class);
        if (connection == null) {
            throw new IllegalStateException("the persistence unit gives no JDBC connection");
        }
        return connection;
    }

    /** A refused file, carried out of the transaction (which it rolls back) to be thrown as what it is. */
    private static final class RefusedFile extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RefusedFile(SeedFileException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /** An SQL failure inside a sink, which cannot throw checked exceptions. */
    static final class WriteFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WriteFailed(SQLException cause) {
            super(cause.getMessage(), cause, false, false);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }
}
