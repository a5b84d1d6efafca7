package org.nerava.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh PostgreSQL database for one test (a bundle's unit test, through {@link TestDatabase#onPostgres}) or one test
 * class (the nodes of a black-box test), on the throw-away cluster that {@code .ci/postgres.sh start} runs (its
 * maintenance database is {@code NERAVA_TEST_PG_URL}). Without that variable the test is skipped with a message saying
 * how to run it, except under CI ({@code CI=true}), where a missing PostgreSQL fails the test: the PostgreSQL tests
 * must not pass there by not running. Closing it drops the database.
 */
public final class TestPostgres implements AutoCloseable {

    static final String URL_VARIABLE = "NERAVA_TEST_PG_URL";
    private static final String MISSING = "PostgreSQL tests need a cluster: run `eval \"$(.ci/postgres.sh start)\"`"
            + " first (sets " + URL_VARIABLE + "), and `.ci/postgres.sh stop` afterwards";

    private final String adminUrl;
    private final String user;
    private final String password;
    private final String database;
    private final String url;

    private TestPostgres(String adminUrl, String user, String password, String database) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.database = database;
        this.url = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database;
    }

    /** Creates an empty database, or skips (fails under CI) the calling test when no PostgreSQL is configured. */
    public static TestPostgres createDatabase() {
        if (!configured()) {
            Assumptions.abort("skipped: " + MISSING);
        }
        String adminUrl = System.getenv(URL_VARIABLE);
        String user = System.getenv().getOrDefault("NERAVA_TEST_PG_USER", "postgres");
        String password = System.getenv().getOrDefault("NERAVA_TEST_PG_PASSWORD", "");
        String database = "nerava_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                .toLowerCase(Locale.ROOT);
        TestPostgres postgres = new TestPostgres(adminUrl, user, password, database);
        postgres.admin("CREATE DATABASE " + database);
        return postgres;
    }

    /**
     * Whether a cluster is configured. Without one it prints why PostgreSQL tests are skipped (also on the console: a
     * test class whose {@code @BeforeAll} aborts shows in Surefire's summary as 0 tests run), and under CI fails.
     */
    public static boolean configured() {
        String adminUrl = System.getenv(URL_VARIABLE);
        if (adminUrl != null && !adminUrl.isBlank()) {
            return true;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + URL_VARIABLE + " is not set: " + MISSING);
        }
        System.err.println("[SKIPPED] " + MISSING);
        return false;
    }

    /** Environment for the harness's {@code NeravaServer.start(Map)}: a node's DataSource on this database. */
    public Map<String, String> serverEnvironment() {
        return Map.of("NERAVA_DB_DRIVER", "org.postgresql.Driver", "NERAVA_DB_URL", url, "NERAVA_DB_USER", user,
                "NERAVA_DB_PASSWORD", password);
    }

    public String url() {
        return url;
    }

    /** A direct connection to this database, for reading what the nodes wrote. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** This database as a DataSource, for a persistence unit run outside OSGi ({@link TestDatabase#onPostgres}). */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }

    @Override
    public void close() {
        // FORCE (PostgreSQL 13+) ends connections a killed node's pool may have left behind.
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private void admin(String sql) {
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + adminUrl, e);
        }
    }
}
