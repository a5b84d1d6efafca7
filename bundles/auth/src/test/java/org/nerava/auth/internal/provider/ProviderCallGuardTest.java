package org.nerava.auth.internal.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nerava.auth.internal.settings.AuthConfigs;
import org.nerava.auth.internal.settings.CurrentAuthSettings;
import org.nerava.otp.spi.OtpProviderException;
import org.nerava.otp.spi.OtpReceipt;
import org.nerava.platform.concurrent.Failures;
import org.nerava.testing.SteppingClock;

/** The guard on its own: deadline, breaker and the calls it fails when their provider leaves. */
class ProviderCallGuardTest {

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final Map<String, Object> config = AuthConfigs.testDefaults();
    private final CurrentAuthSettings settings = new CurrentAuthSettings(AuthConfigs.with(config));
    private final ProviderCallGuard guard = new ProviderCallGuard(clock, settings);
    private final BoundProvider provider = new BoundProvider("p", ProviderKind.DELIVERY, new Object());

    @AfterEach
    void close() {
        guard.close();
    }

    @Test
    void aCallThatOutlivesItsDeadlineFailsWithTimeoutAndItsThreadIsInterrupted() throws Exception {
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch ended = new CountDownLatch(1);
        CompletableFuture<OtpReceipt> call = guard.call(provider, "deliver", p -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
            } finally {
                ended.countDown();
            }
            return CompletableFuture.completedFuture(null);
        });
        assertThat(reasonOf(call)).isEqualTo(OtpProviderException.Reason.TIMEOUT);
        assertThat(ended.await(2, TimeUnit.SECONDS)).isTrue();
        assertThat(interrupted).isTrue();
    }

    @Test
    void providerFaultsOpenTheCircuitButAnswersAboutTheNumberDoNot() {
        config.put("breakerFailureThreshold", 2);
        settings.apply(AuthConfigs.with(config));
        for (int i = 0; i < 3; i++) {
            reasonOf(guard.call(provider, "deliver", p -> failing(OtpProviderException.Reason.INVALID_PHONE)));
        }
        assertThat(guard.circuitOf("p")).isEqualTo("closed");

        reasonOf(guard.call(provider, "deliver", p -> failing(OtpProviderException.Reason.UNAVAILABLE)));
        reasonOf(guard.call(provider, "deliver", p -> failing(OtpProviderException.Reason.MISCONFIGURED)));
        assertThat(guard.circuitOf("p")).isEqualTo("open");
        AtomicBoolean called = new AtomicBoolean();
        CompletableFuture<OtpReceipt> refused = guard.call(provider, "deliver", p -> {
            called.set(true);
            return CompletableFuture.completedFuture(null);
        });
        assertThat(reasonOf(refused)).isEqualTo(OtpProviderException.Reason.UNAVAILABLE);
        assertThat(called).isFalse();
        assertThat(guard.statsOf("p").failures()).isEqualTo(2);
        assertThat(guard.statsOf("p").lastError()).startsWith("deliver: MISCONFIGURED");
    }

    @Test
    void aProviderThatThrowsFailsUnavailableNamingWhatItThrew() {
        CompletableFuture<OtpReceipt> call = guard.call(provider, "deliver", p -> {
            throw new IllegalStateException("boom");
        });
        Throwable failure = Failures.unwrap(catchThrowable(call::join));
        assertThat(failure).isInstanceOf(OtpProviderException.class).hasMessageContaining("IllegalStateException: boom");
        assertThat(((OtpProviderException) failure).reason()).isEqualTo(OtpProviderException.Reason.UNAVAILABLE);
    }

    @Test
    void callsOfAProviderThatLeftFailAtOnce() {
        config.put("providerTimeoutMillis", 30_000);
        settings.apply(AuthConfigs.with(config));
        CompletableFuture<OtpReceipt> call = guard.call(provider, "deliver", p -> new CompletableFuture<>());
        guard.abandonCalls("p");
        long started = System.nanoTime();
        assertThat(reasonOf(call)).isEqualTo(OtpProviderException.Reason.UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aChangedDeadlineAppliesToTheNextCall() {
        config.put("providerTimeoutMillis", 100);
        settings.apply(AuthConfigs.with(config));
        long started = System.nanoTime();
        assertThat(reasonOf(guard.call(provider, "deliver", p -> new CompletableFuture<OtpReceipt>())))
                .isEqualTo(OtpProviderException.Reason.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(400));
    }

    private static CompletableFuture<OtpReceipt> failing(OtpProviderException.Reason reason) {
        return CompletableFuture.failedFuture(new OtpProviderException(reason, "refused on purpose"));
    }

    private static OtpProviderException.Reason reasonOf(CompletableFuture<?> call) {
        Throwable failure = Failures.unwrap(catchThrowable(() -> call.get(5, TimeUnit.SECONDS)));
        assertThat(failure).isInstanceOf(OtpProviderException.class);
        return ((OtpProviderException) failure).reason();
    }
}
