package org.nerava.auth.internal.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SendLimitTest {

    private final SendLimit fivePerHour = new SendLimit("phone", "phone:+1", 5);

    @Test
    void aBucketRefillsSmoothlyAndNeverBeyondItsCapacity() {
        assertThat(fivePerHour.tokensAt(0, 0, 720_000)).isEqualTo(1.0);
        assertThat(fivePerHour.tokensAt(4.5, 0, 3_600_000)).isEqualTo(5.0);
        assertThat(fivePerHour.tokensAt(2, 1000, 500)).isEqualTo(2.0);
    }

    @Test
    void theWaitIsTheTimeToOneWholeToken() {
        assertThat(fivePerHour.secondsUntilToken(1.0)).isZero();
        assertThat(fivePerHour.secondsUntilToken(0)).isEqualTo(720);
        assertThat(fivePerHour.secondsUntilToken(0.5)).isEqualTo(360);
        assertThat(fivePerHour.secondsUntilToken(0.9999999)).isEqualTo(1);
    }
}
