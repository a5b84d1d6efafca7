package org.nerava.testing;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;
import javax.sql.DataSource;

import org.apache.aries.jpa.template.JpaTemplate;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * A bundle's own persistence unit on a fresh database, outside OSGi: in-memory H2 by default, or a PostgreSQL database
 * of the test cluster ({@link #onPostgres}). The unit's migration scripts ({@code db/migration/<unit>/} on the class
 * path, the folder and history table the platform uses) make the schema, then the DataSource the container would look
 * up by JNDI name is handed to EclipseLink directly. Close it to drop the database.
 */
public final class TestDatabase implements AutoCloseable {

    /** The databases the platform runs on, for a test that runs on each ({@link Engines}). */
    public enum Engine {
        H2, POSTGRESQL
    }

    /**
     * The engines a store's test runs on, for {@code @ParameterizedClass @ArgumentsSource(TestDatabase.Engines.class)}:
     * H2, and PostgreSQL when the test cluster is configured ({@link TestPostgres#configured()}: without it the
     * PostgreSQL run is not created, with a message, and under CI the class fails). Not created rather than aborted in
     * {@code @BeforeEach}: a test's {@code @AfterEach} would then run against a database that was never opened.
     */
    public static final class Engines implements ArgumentsProvider {
        @Override
        public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters,
                ExtensionContext context) {
            return (TestPostgres.configured() ? Stream.of(Engine.values()) : Stream.of(Engine.H2)).map(Arguments::of);
        }
    }

    @FunctionalInterface
    private interface Drop {
        void run() throws SQLException;
    }

    private final DataSource dataSource;
    private final Drop drop;
    private final EntityManagerFactory emf;

    /** The unit on a fresh in-memory H2 database. */
    public TestDatabase(String unitName) {
        this(unitName, h2(unitName), null);
    }

    private TestDatabase(String unitName, DataSource dataSource, Drop drop) {
        this.dataSource = dataSource;
        this.drop = drop != null ? drop : this::shutdownH2;
        Flyway.configure(getClass().getClassLoader()).dataSource(dataSource)
                .locations("classpath:db/migration/" + unitName)
                .table(unitName.replace('-', '_') + "_schema_history")
                .load().migrate();
        // Each factory gets its own EclipseLink session, so nothing is shared through the session cache.
        emf = Persistence.createEntityManagerFactory(unitName, Map.of(
                "javax.persistence.nonJtaDataSource", dataSource,
                "eclipselink.session-name", unitName + "-test-" + UUID.randomUUID()));
    }

    /**
     * The unit on a fresh PostgreSQL database ({@link TestPostgres}: skipped without {@code NERAVA_TEST_PG_URL}, failed
     * under CI): a store's tests on the database several nodes share. Every transaction opens a new connection.
     */
    public static TestDatabase onPostgres(String unitName) {
        TestPostgres postgres = TestPostgres.createDatabase();
        return new TestDatabase(unitName, postgres.dataSource(), postgres::close);
    }

    /** The unit on a fresh database of this engine: {@link #TestDatabase(String)} or {@link #onPostgres}. */
    public static TestDatabase on(Engine engine, String unitName) {
        return engine == Engine.POSTGRESQL ? onPostgres(unitName) : new TestDatabase(unitName);
    }

    public JpaTemplate jpa() {
        return new LocalTransactionJpaTemplate(emf);
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /**
     * A unit that fails every use: for a store built with it and {@link #dataSource()}, proof that a read needs no
     * unit transaction.
     */
    public static JpaTemplate unusableUnit() {
        return (JpaTemplate) Proxy.newProxyInstance(JpaTemplate.class.getClassLoader(), new Class<?>[] {JpaTemplate.class},
                (proxy, method, args) -> {
                    throw new AssertionError("the unit was used: " + method.getName());
                });
    }

    /** The database the unit runs on, for stores that read some of it in plain JDBC, as they do in the server. */
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() throws SQLException {
        emf.close();
        drop.run();
    }

    private static DataSource h2(String unitName) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + unitName + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        return h2;
    }

    private void shutdownH2() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }
}
