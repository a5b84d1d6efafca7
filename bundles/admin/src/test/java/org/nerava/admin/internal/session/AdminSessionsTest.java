package org.nerava.admin.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.nerava.admin.internal.AdminConfig;
import org.nerava.admin.internal.guard.FailureStore;
import org.nerava.testing.ConfigAnnotations;
import org.nerava.testing.SteppingClock;
import org.nerava.testing.TestDatabase;

/** Admin sessions on a real database: idle and absolute expiry, sign-out, revocation, nothing usable at rest. */
@ParameterizedClass(name = "on {0}")
@ArgumentsSource(TestDatabase.Engines.class)
class AdminSessionsTest {

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-04T10:00:00Z"));
    private final TestDatabase database;
    private final AdminSessions sessions;

    AdminSessionsTest(TestDatabase.Engine engine) {
        database = TestDatabase.on(engine, FailureStore.UNIT);
        sessions = new AdminSessions(database.jpa(), ConfigAnnotations.of(AdminConfig.class,
                Map.of("sessionIdleMinutes", 30, "sessionMaxHours", 8)), clock);
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        database.close();
    }

    @Test
    void aTokenFindsItsSessionAndOnlyItsHashIsStored() throws SQLException {
        AdminSessions.Opened opened = sessions.open("alice");

        assertThat(opened.token()).startsWith(AdminSessions.PREFIX).hasSizeGreaterThan(40);
        assertThat(sessions.find(opened.token())).hasValueSatisfying(session -> {
            assertThat(session.user()).isEqualTo("alice");
            assertThat(session.endsAt()).isEqualTo(clock.millis() + Duration.ofMinutes(30).toMillis());
        });
        try (Connection connection = database.connection();
                ResultSet rows = connection.createStatement().executeQuery("SELECT * FROM admin_session")) {
            assertThat(rows.next()).isTrue();
            for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                assertThat(String.valueOf(rows.getObject(column))).doesNotContain(opened.token().substring(4));
            }
        }
        assertThat(sessions.find(opened.token() + "x")).isEmpty();
    }

    @Test
    void aSessionEndsWhenIdleAndUseKeepsItAlive() {
        String token = sessions.open("alice").token();

        clock.advance(Duration.ofMinutes(20));
        assertThat(sessions.find(token)).isPresent();
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(token)).as("used 29 min ago").isPresent();
        clock.advance(Duration.ofMinutes(30));
        assertThat(sessions.find(token)).as("idle 30 min").isEmpty();
    }

    @Test
    void aSessionEndsAtItsLifetimeHoweverMuchItIsUsed() {
        String token = sessions.open("alice").token();
        for (int i = 0; i < 31; i++) {
            clock.advance(Duration.ofMinutes(15));
            assertThat(sessions.find(token)).as("after %d min", (i + 1) * 15).isPresent();
        }
        clock.advance(Duration.ofMinutes(15));

        assertThat(sessions.find(token)).as("8 h after sign-in").isEmpty();
    }

    @Test
    void signOutAndRevocationEndSessions() {
        String mine = sessions.open("alice").token();
        AdminSessions.Opened other = sessions.open("alice");
        String bobs = sessions.open("bob").token();

        assertThat(sessions.close(mine)).isTrue();
        assertThat(sessions.find(mine)).isEmpty();
        assertThat(sessions.close(mine)).isFalse();
        assertThat(sessions.revoke(other.session().id())).isTrue();
        assertThat(sessions.find(other.token())).isEmpty();
        assertThat(sessions.find(bobs)).isPresent();
        assertThat(sessions.revokeUser("bob")).isEqualTo(1);
        assertThat(sessions.find(bobs)).isEmpty();
    }

    @Test
    void theListShowsLiveSessionsNewestFirstAndDropsEndedOnes() {
        sessions.open("alice");
        clock.advance(Duration.ofMinutes(31));
        sessions.open("bob");
        clock.advance(Duration.ofMinutes(1));
        sessions.open("carol");

        assertThat(sessions.list()).extracting(AdminSession::user).containsExactly("carol", "bob");
    }
}
