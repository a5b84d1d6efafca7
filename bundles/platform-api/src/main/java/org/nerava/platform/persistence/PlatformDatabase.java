package org.nerava.platform.persistence;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * The platform's shared database: one pooled {@link DataSource} service, which every persistence unit uses too, and
 * reads on it that need no unit transaction.
 */
public final class PlatformDatabase {

    /** The {@code osgi.jndi.service.name} of the platform's pooled DataSource. */
    public static final String NAME = "nerava";
    /** A component's reference target for that DataSource. */
    public static final String TARGET = "(osgi.jndi.service.name=" + NAME + ")";

    /** Work on a connection, which may fail as JDBC does. */
    @FunctionalInterface
    public interface Read<T> {
        T run(Connection connection) throws SQLException;
    }

    private PlatformDatabase() {
    }

    /**
     * One read on a pooled connection in auto-commit. For a read that is a single statement on a hot path: a unit's
     * transaction around it (an EntityManager, a transaction begun and committed) costs the server more than the
     * query, and auto-commit sees exactly what is committed, as that transaction did.
     *
     * @param what names the store in a failure's message
     * @throws IllegalStateException with the {@link SQLException} as its cause, which the REST layer answers 503
     *         {@code database_unavailable}
     */
    public static <T> T read(DataSource dataSource, String what, Read<T> read) {
        try (Connection connection = dataSource.getConnection()) {
            return read.run(connection);
        } catch (SQLException e) {
            throw new IllegalStateException(what + ": " + e.getMessage(), e);
        }
    }
}
