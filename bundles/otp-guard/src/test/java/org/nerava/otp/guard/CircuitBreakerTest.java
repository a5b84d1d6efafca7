package org.nerava.otp.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(30));

    @Test
    void opensAfterTheThresholdOfConsecutiveFaultsAndRefusesUntilTheOpenPeriodEnds() {
        breaker.onFault(0);
        breaker.onFault(0);
        assertThat(breaker.tryAcquire(0)).isTrue();
        breaker.onFault(1_000);
        assertThat(breaker.state(1_000)).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire(30_999)).isFalse();
        assertThat(breaker.state(31_000)).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    }

    @Test
    void aSuccessInBetweenResetsTheCount() {
        breaker.onFault(0);
        breaker.onFault(0);
        breaker.onSuccess();
        breaker.onFault(0);
        breaker.onFault(0);
        assertThat(breaker.state(0)).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void halfOpenLetsExactlyOneProbeThroughAndItsOutcomeDecides() {
        for (int i = 0; i < 3; i++) {
            breaker.onFault(0);
        }
        assertThat(breaker.tryAcquire(30_000)).isTrue();
        assertThat(breaker.tryAcquire(30_001)).isFalse();
        breaker.onFault(30_500);
        assertThat(breaker.tryAcquire(31_000)).isFalse();
        assertThat(breaker.tryAcquire(60_500)).isTrue();
        breaker.onSuccess();
        assertThat(breaker.state(60_600)).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire(60_600)).isTrue();
    }
}
