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
import java.util.concurrent.atomic.AtomicInteger;

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

    @Test
    void aProviderThatHoldsAllItsThreadsNeverDelaysAnotherAndCallsBeyondItsShareFailAtOnce() throws Exception {
        config.put("providerThreads", 2);
        config.put("providerQueue", 1);
        config.put("providerTimeoutMillis", 400);
        settings.apply(AuthConfigs.with(config));
        BoundProvider stubborn = new BoundProvider("stubborn", ProviderKind.DELIVERY, new Object());
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger entered = new AtomicInteger();
        try {
            CompletableFuture<OtpReceipt> first = guard.call(stubborn, "deliver", p -> blockIgnoringInterrupts(entered, release));
            CompletableFuture<OtpReceipt> second = guard.call(stubborn, "deliver", p -> blockIgnoringInterrupts(entered, release));
            CompletableFuture<OtpReceipt> waiting = guard.call(stubborn, "deliver", p -> blockIgnoringInterrupts(entered, release));
            long before = System.nanoTime();
            CompletableFuture<OtpReceipt> beyond = guard.call(stubborn, "deliver", p -> blockIgnoringInterrupts(entered, release));
            assertThat(beyond).isCompletedExceptionally();
            assertThat(reasonOf(beyond)).isEqualTo(OtpProviderException.Reason.UNAVAILABLE);
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofMillis(100));

            // Another provider answers at once while the stubborn one holds all of its share.
            long other = System.nanoTime();
            assertThat(guard.call(provider, "deliver", p -> CompletableFuture.completedFuture((OtpReceipt) null))
                    .get(1, TimeUnit.SECONDS)).isNull();
            assertThat(Duration.ofNanos(System.nanoTime() - other)).isLessThan(Duration.ofMillis(100));

            assertThat(reasonOf(first)).isEqualTo(OtpProviderException.Reason.TIMEOUT);
            assertThat(reasonOf(second)).isEqualTo(OtpProviderException.Reason.TIMEOUT);
            Throwable neverMade = Failures.unwrap(catchThrowable(() -> waiting.get(5, TimeUnit.SECONDS)));
            assertThat(neverMade).hasMessageContaining("the call was never made");
            assertThat(((OtpProviderException) neverMade).reason()).isEqualTo(OtpProviderException.Reason.UNAVAILABLE);
            assertThat(entered).as("the waiting call never reached the provider").hasValue(2);
            assertThat(guard.stuckCallsOf("stubborn")).isEqualTo(2);

            // Every thread of its share is stuck: the next call fails at once, without waiting for the deadline.
            long stuckBefore = System.nanoTime();
            Throwable refused = Failures.unwrap(catchThrowable(
                    () -> guard.call(stubborn, "deliver", p -> blockIgnoringInterrupts(entered, release)).get(1, TimeUnit.SECONDS)));
            assertThat(refused).hasMessageContaining("held by calls that did not return");
            assertThat(Duration.ofNanos(System.nanoTime() - stuckBefore)).isLessThan(Duration.ofMillis(100));
            assertThat(guard.statsOf("stubborn").failures()).as("only the two timeouts are the provider's faults")
                    .isEqualTo(2);
            assertThat(guard.circuitOf("p")).isEqualTo("closed");
            assertThat(guard.statsOf("p").failures()).isZero();
        } finally {
            release.countDown();
        }
        awaitStuck("stubborn", 0);
    }

    @Test
    void aHalfOpenCircuitLetsOneProbeAtATimeEvenWhenProbesGetStuck() throws Exception {
        config.put("providerThreads", 4);
        config.put("providerTimeoutMillis", 300);
        config.put("breakerFailureThreshold", 1);
        config.put("breakerOpenSeconds", 30);
        settings.apply(AuthConfigs.with(config));
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger entered = new AtomicInteger();
        try {
            assertThat(reasonOf(guard.call(provider, "deliver", p -> blockIgnoringInterrupts(entered, release))))
                    .isEqualTo(OtpProviderException.Reason.TIMEOUT);
            assertThat(guard.circuitOf("p")).isEqualTo("open");
            for (int round = 0; round < 3; round++) {
                clock.advance(Duration.ofSeconds(31));
                assertThat(guard.circuitOf("p")).isEqualTo("half-open");
                java.util.List<CompletableFuture<OtpReceipt>> calls = new java.util.ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    calls.add(guard.call(provider, "deliver", p -> blockIgnoringInterrupts(entered, release)));
                }
                for (CompletableFuture<OtpReceipt> call : calls) {
                    reasonOf(call);
                }
                assertThat(entered).as("one probe per half-open period").hasValue(round + 2);
                assertThat(guard.circuitOf("p")).isEqualTo("open");
            }
            assertThat(guard.stuckCallsOf("p")).isEqualTo(4);
        } finally {
            release.countDown();
        }
        awaitStuck("p", 0);
    }

    @Test
    void aCallThatHonoursTheInterruptIsNotLeftStuck() throws Exception {
        config.put("providerTimeoutMillis", 200);
        settings.apply(AuthConfigs.with(config));
        assertThat(reasonOf(guard.call(provider, "deliver", p -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new CompletableFuture<OtpReceipt>();
        }))).isEqualTo(OtpProviderException.Reason.TIMEOUT);
        awaitStuck("p", 0);
    }

    private void awaitStuck(String id, int stuck) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (guard.stuckCallsOf(id) != stuck) {
            assertThat(System.nanoTime()).as("stuck calls of " + id + " back to " + stuck).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** A deliver() that blocks until released and swallows every interrupt: the hostile plugin. */
    private static CompletableFuture<OtpReceipt> blockIgnoringInterrupts(AtomicInteger entered, CountDownLatch release) {
        entered.incrementAndGet();
        while (true) {
            try {
                release.await();
                return CompletableFuture.completedFuture(null);
            } catch (InterruptedException e) {
                // ignored on purpose
            }
        }
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
