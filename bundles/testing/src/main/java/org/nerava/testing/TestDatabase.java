package org.nerava.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.aries.jpa.template.JpaTemplate;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A bundle's own persistence unit on a fresh in-memory H2 database, outside OSGi: the unit's migration scripts
 * ({@code db/migration/<unit>/} on the class path, the folder and history table the platform uses) make the schema,
 * then the DataSource the container would look up by JNDI name is handed to EclipseLink directly. Close it to drop
 * the database.
 */
public final class TestDatabase implements AutoCloseable {

    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final EntityManagerFactory emf;

    public TestDatabase(String unitName) {
        dataSource.setURL("jdbc:h2:mem:" + unitName + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        Flyway.configure(getClass().getClassLoader()).dataSource(dataSource)
                .locations("classpath:db/migration/" + unitName)
                .table(unitName.replace('-', '_') + "_schema_history")
                .load().migrate();
        // Each factory gets its own EclipseLink session, so nothing is shared through the session cache.
        emf = Persistence.createEntityManagerFactory(unitName, Map.of(
                "javax.persistence.nonJtaDataSource", dataSource,
                "eclipselink.session-name", unitName + "-test-" + UUID.randomUUID()));
    }

    public JpaTemplate jpa() {
        return new LocalTransactionJpaTemplate(emf);
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void close() throws SQLException {
        emf.close();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }
}
