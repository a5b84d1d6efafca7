package org.nerava.otp.console.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.nerava.otp.spi.CodeMessage;

class ConsoleCodeDeliveryTest {

    @Test
    void refusesToActivateOutsideTheDevProfile() {
        assertThatThrownBy(() -> new ConsoleCodeDelivery(profile("prod")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("profile=dev");
        assertThatThrownBy(() -> new ConsoleCodeDelivery(profile(""))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void inDevItDeliversAtOnceAndCountsWhatItWrote() throws Exception {
        ConsoleCodeDelivery console = new ConsoleCodeDelivery(profile("dev"));
        var receipt = console.deliver(new CodeMessage("+14155550123", "123456", Duration.ofMinutes(5), Locale.US, "r1"))
                .toCompletableFuture().get(1, TimeUnit.SECONDS);
        assertThat(receipt.reference()).isEqualTo("console-1");
        var diagnosis = console.diagnose().toCompletableFuture().get(1, TimeUnit.SECONDS);
        assertThat(diagnosis.healthy()).isTrue();
        assertThat(diagnosis.details()).containsEntry("codes_written", 1L);
    }

    private static ConsoleCodeDelivery.Config profile(String value) {
        return new ConsoleCodeDelivery.Config() {
            @Override
            public String profile() {
                return value;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return ConsoleCodeDelivery.Config.class;
            }
        };
    }
}
