package org.nerava.otp.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final List<String> changes = new ArrayList<>();
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(30),
            (from, to, why) -> changes.add(from + "->" + to + ": " + why));

    @Test
    void opensAfterTheThresholdOfConsecutiveFaultsAndRefusesUntilTheOpenPeriodEnds() {
        fault(0);
        fault(0);
        assertThat(breaker.tryAcquire(0)).isEqualTo(CircuitBreaker.Permit.CALL);
        fault(1_000);
        assertThat(breaker.state(1_000)).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire(30_999)).isNull();
        assertThat(breaker.state(31_000)).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(changes).containsExactly("CLOSED->OPEN: 3 consecutive faults, the last: unreachable");
    }

    @Test
    void aSuccessInBetweenResetsTheCount() {
        fault(0);
        fault(0);
        breaker.onSuccess(CircuitBreaker.Permit.CALL);
        fault(0);
        fault(0);
        assertThat(breaker.state(0)).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(changes).isEmpty();
    }

    @Test
    void halfOpenLetsExactlyOneProbeThroughAndItsOutcomeDecides() {
        open();
        CircuitBreaker.Permit probe = breaker.tryAcquire(30_000);
        assertThat(probe).isEqualTo(CircuitBreaker.Permit.PROBE);
        assertThat(breaker.tryAcquire(30_001)).isNull();
        breaker.onFault(probe, 30_500, "unreachable");
        assertThat(breaker.tryAcquire(31_000)).isNull();
        CircuitBreaker.Permit second = breaker.tryAcquire(60_500);
        assertThat(second).isEqualTo(CircuitBreaker.Permit.PROBE);
        breaker.onSuccess(second);
        assertThat(breaker.state(60_600)).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire(60_600)).isEqualTo(CircuitBreaker.Permit.CALL);
    }

    @Test
    void aFailingProbeKeepsTheCircuitOpenForAnotherPeriod() {
        open();
        CircuitBreaker.Permit probe = breaker.tryAcquire(30_000);
        breaker.onFault(probe, 30_100, "diagnosis: unreachable");

        assertThat(breaker.state(30_200)).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire(60_099)).isNull();
        assertThat(changes).containsExactly(
                "CLOSED->OPEN: 3 consecutive faults, the last: unreachable",
                "OPEN->HALF_OPEN: open period over; the next call is the probe",
                "HALF_OPEN->OPEN: the probe failed: diagnosis: unreachable");
    }

    @Test
    void aLateSuccessOfACallLetThroughBeforeTheCircuitOpenedDoesNotCloseIt() {
        CircuitBreaker.Permit early = breaker.tryAcquire(0);
        open();
        breaker.onSuccess(early);
        assertThat(breaker.state(1_000)).isEqualTo(CircuitBreaker.State.OPEN);

        CircuitBreaker.Permit probe = breaker.tryAcquire(30_000);
        breaker.onSuccess(early);
        assertThat(breaker.state(30_001)).as("only the probe decides").isEqualTo(CircuitBreaker.State.HALF_OPEN);
        breaker.onSuccess(probe);
        assertThat(breaker.state(30_002)).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void eachChangeIsToldOnce() {
        open();
        CircuitBreaker.Permit probe = breaker.tryAcquire(30_000);
        breaker.tryAcquire(30_001);
        breaker.onSuccess(probe);
        breaker.onSuccess(CircuitBreaker.Permit.CALL);
        assertThat(changes).containsExactly(
                "CLOSED->OPEN: 3 consecutive faults, the last: unreachable",
                "OPEN->HALF_OPEN: open period over; the next call is the probe",
                "HALF_OPEN->CLOSED: the probe succeeded");
    }

    @Test
    void aProbeNeverSentLetsTheNextCallBeTheProbe() {
        open();
        CircuitBreaker.Permit probe = breaker.tryAcquire(30_000);
        breaker.probeNotSent(probe);
        assertThat(breaker.tryAcquire(30_001)).isEqualTo(CircuitBreaker.Permit.PROBE);
    }

    private void open() {
        for (int i = 0; i < 3; i++) {
            fault(0);
        }
    }

    private void fault(long now) {
        breaker.onFault(CircuitBreaker.Permit.CALL, now, "unreachable");
    }
}
