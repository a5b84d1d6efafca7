package org.nerava.auth.internal.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nerava.auth.internal.settings.AuthConfigs;
import org.nerava.auth.internal.settings.CurrentAuthSettings;
import org.nerava.otp.spi.CodeDelivery;
import org.nerava.otp.spi.CodeMessage;
import org.nerava.otp.spi.Diagnosis;
import org.nerava.otp.spi.OtpProviderException;
import org.nerava.otp.spi.OtpReceipt;
import org.nerava.platform.concurrent.Failures;
import org.nerava.testing.SteppingClock;

/** The guard on its own: deadline, breaker and the calls it fails when their provider leaves. */
class ProviderCallGuardTest {

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final Map<String, Object> config = AuthConfigs.testDefaults();
    private final CurrentAuthSettings settings = CurrentAuthSettings.of(AuthConfigs.with(config));
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
    void anUnreachableDiagnosisAsTheHalfOpenProbeKeepsTheCircuitOpen() {
        config.put("breakerFailureThreshold", 2);
        settings.apply(AuthConfigs.with(config));
        Diagnosing unreachable = new Diagnosing(new Diagnosis(false, "connection refused",
                Map.of("reason", "UNAVAILABLE")));
        BoundProvider dead = new BoundProvider("dead", ProviderKind.DELIVERY, unreachable);
        reasonOf(guard.call(dead, "deliver", p -> failing(OtpProviderException.Reason.UNAVAILABLE)));
        reasonOf(guard.call(dead, "deliver", p -> failing(OtpProviderException.Reason.UNAVAILABLE)));
        assertThat(guard.circuitOf("dead")).isEqualTo("open");

        clock.advance(Duration.ofSeconds(31));
        Diagnosis probe = guard.diagnose(dead).join();

        assertThat(probe.healthy()).isFalse();
        assertThat(unreachable.asked).as("the diagnosis was the probe").hasValue(1);
        assertThat(guard.circuitOf("dead")).isEqualTo("open");
        assertThat(guard.statsOf("dead").lastError()).startsWith("diagnose: UNAVAILABLE diagnosis: connection refused");

        unreachable.answer = Diagnosis.healthy("reachable");
        clock.advance(Duration.ofSeconds(31));
        assertThat(guard.diagnose(dead).join().healthy()).isTrue();
        assertThat(guard.circuitOf("dead")).as("a recovery closes it").isEqualTo("closed");
    }

    @Test
    void aMisconfiguredDiagnosisMarksTheProviderMisconfiguredUntilItAnswers() {
        Diagnosing unconfigured = new Diagnosing(new Diagnosis(false, "not configured: accountSid is empty",
                Map.of("reason", "MISCONFIGURED", "provider_code", "NOT_CONFIGURED")));
        BoundProvider twilio = new BoundProvider("twilio_verify", ProviderKind.DELIVERY, unconfigured);

        guard.diagnose(twilio).join();
        assertThat(guard.misconfigurationOf("twilio_verify")).contains("accountSid is empty");

        unconfigured.answer = Diagnosis.healthy("reachable");
        guard.diagnose(twilio).join();
        assertThat(guard.misconfigurationOf("twilio_verify")).isNull();
    }

    @Test
    void anUnhealthyDiagnosisWithoutAReasonIsAFaultOfUnavailability() {
        assertThat(ProviderCallGuard.faultOf(Diagnosis.unhealthy("account suspended")).reason())
                .isEqualTo(OtpProviderException.Reason.UNAVAILABLE);
        assertThat(ProviderCallGuard.faultOf(new Diagnosis(false, "x", Map.of("reason", "INVALID_PHONE"))).reason())
                .as("not a fault reason").isEqualTo(OtpProviderException.Reason.UNAVAILABLE);
        assertThat(ProviderCallGuard.faultOf(Diagnosis.healthy("fine"))).isNull();
    }

    /** A delivery whose diagnosis is whatever the test says now. */
    private static final class Diagnosing implements CodeDelivery {
        volatile Diagnosis answer;
        final AtomicInteger asked = new AtomicInteger();

        Diagnosing(Diagnosis answer) {
            this.answer = answer;
        }

        @Override
        public CompletionStage<OtpReceipt> deliver(CodeMessage message) {
            return new CompletableFuture<>();
        }

        @Override
        public CompletionStage<Diagnosis> diagnose() {
            asked.incrementAndGet();
            return CompletableFuture.completedFuture(answer);
        }
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
