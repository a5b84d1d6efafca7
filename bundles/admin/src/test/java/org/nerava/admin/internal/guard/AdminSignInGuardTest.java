package org.nerava.admin.internal.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.nerava.admin.internal.AdminConfig;
import org.nerava.platform.ProblemException;
import org.nerava.platform.audit.AuditEntry;
import org.nerava.platform.audit.AuditOutcome;
import org.nerava.testing.ConfigAnnotations;
import org.nerava.testing.RecordingAuditTrail;
import org.nerava.testing.SteppingClock;
import org.nerava.testing.TestDatabase;

/** Failed admin sign-ins slow the guesser, on a real database shared by two nodes' guards. */
@ParameterizedClass(name = "on {0}")
@ArgumentsSource(TestDatabase.Engines.class)
class AdminSignInGuardTest {

    private static final String ADDRESS = "203.0.113.9";

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-04T10:00:00Z"));
    private final RecordingAuditTrail audit = new RecordingAuditTrail(clock);
    private final TestDatabase database;
    private final AdminSignInGuard guard;

    AdminSignInGuardTest(TestDatabase.Engine engine) {
        database = TestDatabase.on(engine, FailureStore.UNIT);
        guard = guard(Map.of());
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        database.close();
    }

    private AdminSignInGuard guard(Map<String, Object> settings) {
        Map<String, Object> properties = new HashMap<>(Map.of("failuresBeforeLock", 3, "lockBaseSeconds", 2,
                "lockMaxSeconds", 60, "failureWindowSeconds", 600));
        properties.putAll(settings);
        return new AdminSignInGuard(new FailureStore(database.jpa()), audit,
                ConfigAnnotations.of(AdminConfig.class, properties), clock);
    }

    @Test
    void mistypesCostNothingThenEachFailureLocksTwiceAsLong() {
        assertThat(guard.failed("ops", ADDRESS)).isEmpty();
        assertThat(guard.failed("ops", ADDRESS)).isEmpty();
        guard.admit("ops", ADDRESS);

        Optional<ProblemException> third = guard.failed("ops", ADDRESS);

        assertThat(third).hasValueSatisfying(locked -> {
            assertThat(locked.problem().getStatus()).isEqualTo(429);
            assertThat(locked.problem().getCode()).isEqualTo("too_many_attempts");
            assertThat(locked.headers()).containsEntry("Retry-After", "2");
        });
        assertThat(refusal("ops", ADDRESS).headers()).containsEntry("Retry-After", "2");

        clock.advance(Duration.ofSeconds(2));
        guard.admit("ops", ADDRESS);
        assertThat(guard.failed("ops", ADDRESS).orElseThrow().headers()).containsEntry("Retry-After", "4");
        clock.advance(Duration.ofSeconds(4));
        assertThat(guard.failed("ops", ADDRESS).orElseThrow().headers()).containsEntry("Retry-After", "8");
    }

    @Test
    void theLockNeverExceedsTheLongest() {
        AdminSignInGuard guard = guard(Map.of("failuresBeforeLock", 1, "lockMaxSeconds", 5));
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(10));
            assertThat(guard.failed("ops", ADDRESS).orElseThrow().headers()).containsEntry("Retry-After",
                    String.valueOf(Math.min(5, 2 << i)));
        }
    }

    @Test
    void aLockedUserIsRefusedFromAnyAddressAndALockedAddressForAnyUser() {
        for (int i = 0; i < 3; i++) {
            guard.failed("ops", ADDRESS);
        }

        assertThat(refusal("ops", "198.51.100.7").problem().getStatus()).isEqualTo(429);
        assertThat(refusal("someone-else", ADDRESS).problem().getStatus()).isEqualTo(429);
        guard.admit("someone-else", "198.51.100.7");
    }

    @Test
    void aRightPasswordForgetsTheFailures() {
        guard.failed("ops", ADDRESS);
        guard.failed("ops", ADDRESS);
        guard.succeeded("ops", ADDRESS);

        assertThat(guard.failed("ops", ADDRESS)).isEmpty();
        assertThat(guard.failed("ops", ADDRESS)).isEmpty();
    }

    @Test
    void failuresOlderThanTheWindowAreForgotten() {
        guard.failed("ops", ADDRESS);
        guard.failed("ops", ADDRESS);
        clock.advance(Duration.ofSeconds(600));

        assertThat(guard.failed("ops", ADDRESS)).isEmpty();
    }

    @Test
    void rowsOfFailuresOlderThanTheWindowAreDeletedByALaterFailure() {
        FailureStore store = new FailureStore(database.jpa());
        guard.failed("random-name-1", "198.51.100.1");
        clock.advance(Duration.ofSeconds(601));
        guard.failed("ops", ADDRESS);

        assertThat(store.failuresSince(0)).extracting(Lock::key)
                .containsExactlyInAnyOrder("user:ops", "address:" + ADDRESS);
    }

    @Test
    void anotherNodeOnTheSameDatabaseSeesTheLock() {
        AdminSignInGuard otherNode = guard(Map.of());
        guard.failed("ops", ADDRESS);
        otherNode.failed("ops", ADDRESS);

        assertThat(guard.failed("ops", ADDRESS)).isPresent();
        assertThat(catchThrowableOfType(ProblemException.class, () -> otherNode.admit("ops", ADDRESS))
                .problem().getStatus()).isEqualTo(429);
    }

    @Test
    void eachLockIsAuditedOnceForTheUserAndOnceForTheAddress() {
        for (int i = 0; i < 3; i++) {
            guard.failed("ops", ADDRESS);
        }

        assertThat(audit.entries()).extracting(AuditEntry::action, AuditEntry::target, AuditEntry::outcome)
                .containsExactlyInAnyOrder(
                        tuple(AdminSignInGuard.LOCK_ACTION, "user:ops",
                                AuditOutcome.DENIED),
                        tuple(AdminSignInGuard.LOCK_ACTION, "address:" + ADDRESS,
                                AuditOutcome.DENIED));
    }

    @Test
    void malformedCredentialsWithoutAUserNameCountAgainstTheAddress() {
        assertThat(AdminSignInGuard.keys(null, ADDRESS)).containsExactly("address:" + ADDRESS);
        assertThat(AdminSignInGuard.keys("x".repeat(500), ADDRESS).get(0)).hasSize("user:".length() + 200);
    }

    @Test
    void theClientAddressComesFromForwardedForOnlyBehindATrustedProxy() {
        AdminSignInGuard behindProxy = guard(Map.of("trustedProxies", new String[] {"10.0.0.2"}));

        assertThat(behindProxy.clientAddress("10.0.0.2", "198.51.100.1")).isEqualTo("198.51.100.1");
        assertThat(behindProxy.clientAddress("203.0.113.5", "198.51.100.1")).isEqualTo("203.0.113.5");
    }

    private ProblemException refusal(String user, String address) {
        return catchThrowableOfType(ProblemException.class, () -> guard.admit(user, address));
    }
}
