package org.nerava.platform.internal.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nerava.platform.fleet.FleetSetting;
import org.nerava.platform.internal.schema.SchemaMigrator;
import org.nerava.platform.internal.schema.SchemaMigratorTest;
import org.nerava.testing.LocalTransactionJpaTemplate;
import org.nerava.testing.SteppingClock;

/** Fleet settings on the platform's unit and an in-memory H2, two "nodes" being two persistence units on it. */
class JpaFleetSettingsTest {

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-05T08:00:00Z"));
    private JdbcDataSource database;
    private final List<EntityManagerFactory> units = new ArrayList<>();

    @BeforeEach
    void migrate() throws Exception {
        database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:fleet-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        new SchemaMigrator(database).migrate(JpaFleetSettings.UNIT,
                SchemaMigratorTest.scriptsOnClassPath(JpaFleetSettings.UNIT));
    }

    @AfterEach
    void close() throws Exception {
        units.forEach(EntityManagerFactory::close);
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    private JpaFleetSettings node() {
        EntityManagerFactory emf = Persistence.createEntityManagerFactory(JpaFleetSettings.UNIT, Map.of(
                "javax.persistence.nonJtaDataSource", database,
                "eclipselink.session-name", "fleet-test-" + UUID.randomUUID()));
        units.add(emf);
        return new JpaFleetSettings(new LocalTransactionJpaTemplate(emf), clock);
    }

    @Test
    void aSettingIsAbsentUntilSetThenVersionedAndSeenByTheOtherNodeUntilCleared() {
        JpaFleetSettings a = node();
        JpaFleetSettings b = node();
        assertThat(b.get("otp.provider")).isEmpty();

        FleetSetting first = a.set("otp.provider", "twilio_verify", "admin:ops");
        assertThat(first.version()).isEqualTo(1);
        assertThat(b.get("otp.provider")).contains(first);

        b.get("otp.provider"); // read once on b: no cache may hide the next change
        FleetSetting second = a.set("otp.provider", "console", "shell:ops");
        assertThat(b.get("otp.provider")).hasValueSatisfying(s -> {
            assertThat(s.value()).isEqualTo("console");
            assertThat(s.version()).isEqualTo(2);
            assertThat(s.updatedBy()).isEqualTo("shell:ops");
        });
        assertThat(second.updatedAt()).isEqualTo(clock.instant());

        assertThat(b.clear("otp.provider")).isTrue();
        assertThat(a.get("otp.provider")).isEmpty();
        assertThat(a.clear("otp.provider")).isFalse();
    }

    @Test
    void twoNodesChangingOneSettingAtOnceLoseNoVersion() throws Exception {
        JpaFleetSettings a = node();
        JpaFleetSettings b = node();
        a.set("otp.provider", "console", "setup");
        ExecutorService writers = Executors.newFixedThreadPool(2);
        List<Future<?>> done = new ArrayList<>();
        for (JpaFleetSettings node : List.of(a, b)) {
            done.add(writers.submit(() -> {
                for (int i = 0; i < 20; i++) {
                    node.set("otp.provider", "p" + i, "writer");
                }
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        writers.shutdown();

        assertThat(a.get("otp.provider").orElseThrow().version()).isEqualTo(41);
    }
}
