package org.nerava.otp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.nerava.otp.guard.CircuitBreaker;
import org.nerava.otp.spi.Diagnosis;
import org.nerava.otp.spi.OtpProviderException;
import org.slf4j.LoggerFactory;

/**
 * The rules of {@code docs/writing-a-plugin.md} as tests every OTP provider passes. Extend
 * {@link CodeDeliveryContract} or {@link OtpVerifierContract} in the provider's own tests and say how to make the
 * provider against a backend that works, one that fails, and (if it has a backend at all) one that never answers;
 * usually fakes on 127.0.0.1. The contract then checks that the provider:
 * <ul>
 * <li>answers without blocking the caller, and within Nerava's deadline when called through the real guard;</li>
 * <li>reports every failure as an {@link OtpProviderException} with a reason, in the stage, never thrown;</li>
 * <li>puts neither the code nor the full phone number in exception messages, diagnoses or its log;</li>
 * <li>sends nothing from {@code diagnose()};</li>
 * <li>stops every thread it started once deactivated;</li>
 * <li>builds no breaker of its own: its faults open Nerava's, after which it is not called.</li>
 * </ul>
 * The log is read from {@code System.out} and {@code System.err}, where slf4j-simple writes in tests; the contract
 * first proves it sees a line logged through slf4j, so a binding that writes elsewhere fails instead of passing.
 *
 * @param <P> the provider class
 */
public abstract class OtpProviderContract<P> {

    /** The code the contract sends or checks: distinctive, so finding it in a log is no accident. */
    protected static final String CODE = "731946";
    /** How long a method may take to hand back its stage: time to start I/O, none to wait for it. */
    protected static final Duration AT_ONCE = Duration.ofMillis(500);
    /** The deadline the registry gives calls to a backend that never answers (Nerava's default is 10 s). */
    protected static final Duration SHORT_DEADLINE = Duration.ofSeconds(3);
    private static final Duration THREADS_STOP_WITHIN = Duration.ofSeconds(10);
    private static final String ID = "under_test";

    /** The provider, activated as the container would, against a backend that works. */
    protected abstract P activate() throws Exception;

    /**
     * The provider against a backend that fails every send (down, refusing, or the provider misconfigured); null
     * when nothing of the provider can fail (the development console), which skips the checks that need it.
     */
    protected abstract P activateFailing() throws Exception;

    /**
     * The provider against a backend that accepts the connection, or the request, and never answers; null when the
     * provider has no backend to wait for (the development console).
     */
    protected P activateHanging() throws Exception {
        return null;
    }

    /** Deactivates the provider as the container would: its {@code @Deactivate} method, and what it owns. */
    protected abstract void deactivate(P provider) throws Exception;

    /** How many sends the backends have received so far (what {@code diagnose()} must not change). */
    protected abstract int sentSoFar();

    /** The number the contract sends to: one the working backend accepts. */
    protected String phone() {
        return "+14155550123";
    }

    /**
     * Whether the provider writes the code to its log on purpose. Only a development provider may (the console
     * provider, which refuses to run outside the dev profile); everything else must say false.
     */
    protected boolean writesCodesToItsLogOnPurpose() {
        return false;
    }

    /** Threads that are not the provider's though they appear during a test (the fake backend's own workers). */
    protected boolean isTestInfrastructure(Thread thread) {
        return false;
    }

    // The provider's shape: how to send and diagnose, directly and through the registry.

    /** Sends {@link #CODE} to {@link #phone()}; a verifier starts (the code it checks comes later). */
    abstract CompletionStage<?> send(P provider);

    /** A verifier checks {@link #CODE}; a delivery has nothing more to do. */
    abstract CompletionStage<?> followUp(P provider);

    abstract CompletionStage<Diagnosis> diagnose(P provider);

    abstract CompletionStage<?> sendThrough(InMemoryOtpRegistry registry, String id);

    @Test
    void answersThroughNeravasGuardWithinTheDeadline() throws Exception {
        P provider = activate();
        try (InMemoryOtpRegistry registry = new InMemoryOtpRegistry()) {
            registry.bind(ID, provider);
            int sent = sentSoFar();
            long started = System.nanoTime();
            answer(sendThrough(registry, ID), registry.limits().deadline().plusSeconds(1));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(registry.limits().deadline());
            assertThat(sentSoFar()).as("sends the backend received").isEqualTo(sent + 1);
            assertThat(registry.circuit(ID)).isEqualTo(CircuitBreaker.State.CLOSED);
            Diagnosis diagnosis = answer(registry.diagnose(ID), registry.limits().deadline().plusSeconds(1));
            assertThat(diagnosis.healthy()).as("diagnosis of a provider whose backend works: %s", diagnosis).isTrue();
        } finally {
            deactivate(provider);
        }
    }

    @Test
    void handsBackItsStageAtOnceEvenWhenItsBackendNeverAnswers() throws Exception {
        P working = activate();
        try {
            returnsAtOnce("send", () -> send(working));
            returnsAtOnce("follow-up", () -> followUp(working));
            returnsAtOnce("diagnose", () -> diagnose(working));
        } finally {
            deactivate(working);
        }
        P hanging = activateHanging();
        assumeTrue(hanging != null, "this provider has no backend that could hang");
        try (InMemoryOtpRegistry registry = new InMemoryOtpRegistry(
                GuardLimits.NERAVA_DEFAULTS.withDeadline(SHORT_DEADLINE), java.time.Clock.systemUTC())) {
            returnsAtOnce("send to a backend that never answers", () -> send(hanging));
            registry.bind(ID, hanging);
            OtpProviderException failure = failureOf(sendThrough(registry, ID), SHORT_DEADLINE.plusSeconds(2));
            assertThat(failure.reason()).isIn(OtpProviderException.Reason.TIMEOUT,
                    OtpProviderException.Reason.UNAVAILABLE);
            assertThat(registry.stuckCalls(ID)).as("calls whose thread is still in the provider's code").isZero();
        } finally {
            deactivate(hanging);
        }
    }

    @Test
    void reportsEveryFailureAsAnOtpProviderExceptionWithAReason() throws Exception {
        P failing = activateFailing();
        assumeTrue(failing != null, "nothing of this provider can fail");
        try (InMemoryOtpRegistry registry = new InMemoryOtpRegistry()) {
            OtpProviderException direct = failureOf(send(failing), GuardLimits.NERAVA_DEFAULTS.deadline());
            assertThat(direct.getMessage()).as("the message an operator reads").isNotBlank();
            registry.bind(ID, failing);
            OtpProviderException guarded = failureOf(sendThrough(registry, ID), GuardLimits.NERAVA_DEFAULTS.deadline());
            assertThat(guarded.reason()).as("the guard passes the provider's reason on").isEqualTo(direct.reason());
            diagnosisOrProviderException(diagnose(failing));
        } finally {
            deactivate(failing);
        }
    }

    @Test
    void putsNeitherTheCodeNorTheFullNumberInMessagesOrItsLog() throws Exception {
        List<String> said = new ArrayList<>();
        String log;
        try (CapturedOutput output = new CapturedOutput()) {
            String canary = "otp-testkit-canary-" + UUID.randomUUID();
            P working = activate();
            LoggerFactory.getLogger(working.getClass()).warn(canary);
            try {
                answer(send(working), GuardLimits.NERAVA_DEFAULTS.deadline());
                said.add(String.valueOf(answerOrFailure(followUp(working))));
                said.add(String.valueOf(diagnose(working).toCompletableFuture().get(10, TimeUnit.SECONDS)));
            } finally {
                deactivate(working);
            }
            P failing = activateFailing();
            if (failing != null) {
                try {
                    said.addAll(messagesOf(failureOf(send(failing), GuardLimits.NERAVA_DEFAULTS.deadline())));
                    said.add(String.valueOf(answerOrFailure(diagnose(failing))));
                } finally {
                    deactivate(failing);
                }
            }
            log = output.text();
            assertThat(log).as("the contract must see the provider's log: use a logging binding that writes to"
                    + " System.out or System.err in tests (slf4j-simple)").contains(canary);
        }
        assertThat(said).as("exception messages and diagnoses").noneMatch(s -> s.contains(CODE))
                .noneMatch(s -> s.contains(phone()));
        if (!writesCodesToItsLogOnPurpose()) {
            assertThat(log).as("the log").doesNotContain(CODE).doesNotContain(phone());
        }
    }

    @Test
    void diagnoseSendsNothing() throws Exception {
        P working = activate();
        P failing = activateFailing();
        try {
            int sent = sentSoFar();
            Diagnosis diagnosis = answer(diagnose(working), GuardLimits.NERAVA_DEFAULTS.deadline());
            assertThat(diagnosis.detail()).as("one line for an operator").isNotBlank();
            if (failing != null) {
                diagnosisOrProviderException(diagnose(failing));
            }
            assertThat(sentSoFar()).as("sends the backend received during diagnose()").isEqualTo(sent);
        } finally {
            deactivate(working);
            if (failing != null) {
                deactivate(failing);
            }
        }
    }

    @Test
    void stopsEveryThreadItStartedWhenDeactivated() throws Exception {
        ThreadsOfTheProvider threads = new ThreadsOfTheProvider(this::isTestInfrastructure);
        AtomicReference<P> provider = new AtomicReference<>(activate());
        answer(send(provider.get()), GuardLimits.NERAVA_DEFAULTS.deadline());
        answerOrFailure(followUp(provider.get()));
        answerOrFailure(diagnose(provider.get()));
        deactivate(provider.getAndSet(null));
        // Dropped as the container drops it: a JDK HttpClient's selector thread ends once its client is collected.
        long deadline = System.nanoTime() + THREADS_STOP_WITHIN.toNanos();
        List<String> alive = threads.stillAlive();
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(100);
            alive = threads.stillAlive();
        }
        assertThat(alive).as("threads started by the provider, alive %s after @Deactivate", THREADS_STOP_WITHIN)
                .isEmpty();
    }

    @Test
    void buildsNoBreakerOfItsOwnItsFaultsOpenNeravasAndThenItIsNotCalled() throws Exception {
        P failing = activateFailing();
        assumeTrue(failing != null, "nothing of this provider can fail");
        try (InMemoryOtpRegistry registry = new InMemoryOtpRegistry()) {
            registry.bind(ID, failing);
            OtpProviderException first = failureOf(sendThrough(registry, ID), GuardLimits.NERAVA_DEFAULTS.deadline());
            assumeTrue(first.isProviderFault(), "this provider's failing backend answers about the number");
            for (int i = 1; i < registry.limits().breakerThreshold(); i++) {
                failureOf(sendThrough(registry, ID), GuardLimits.NERAVA_DEFAULTS.deadline());
            }
            assertThat(registry.circuit(ID)).isEqualTo(CircuitBreaker.State.OPEN);
            int sent = sentSoFar();
            OtpProviderException refused = failureOf(sendThrough(registry, ID), AT_ONCE);
            assertThat(refused.getMessage()).contains("circuit open");
            assertThat(sentSoFar()).isEqualTo(sent);
        } finally {
            deactivate(failing);
        }
    }

    private interface Call {
        CompletionStage<?> run() throws Exception;
    }

    private static void returnsAtOnce(String what, Call call) throws Exception {
        long started = System.nanoTime();
        CompletionStage<?> stage;
        try {
            stage = call.run();
        } catch (RuntimeException e) {
            throw new AssertionError(what + " threw instead of failing its stage", e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(stage).as(what + " returned no stage").isNotNull();
        assertThat(took).as(what + " held the caller's thread").isLessThan(AT_ONCE);
    }

    private static <T> T answer(CompletionStage<T> stage, Duration within) throws Exception {
        assertThat(stage).as("the provider returned no stage").isNotNull();
        try {
            return stage.toCompletableFuture().get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the provider failed where its backend works: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within " + within, e);
        }
    }

    /** The value, or the OtpProviderException; anything else fails the test. */
    private static Object answerOrFailure(CompletionStage<?> stage) throws Exception {
        assertThat(stage).as("the provider returned no stage").isNotNull();
        try {
            return stage.toCompletableFuture().get(GuardLimits.NERAVA_DEFAULTS.deadline().toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return String.join(" / ", messagesOf(asProviderException(e.getCause())));
        }
    }

    private static void diagnosisOrProviderException(CompletionStage<Diagnosis> stage) throws Exception {
        Object answer = answerOrFailure(stage);
        assertThat(answer).as("diagnose() answers a diagnosis or an OtpProviderException").isNotNull();
    }

    static OtpProviderException failureOf(CompletionStage<?> stage, Duration within) throws Exception {
        assertThat(stage).as("the provider returned no stage").isNotNull();
        Object value;
        try {
            value = stage.toCompletableFuture().get(within.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return asProviderException(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within " + within, e);
        }
        return fail("expected a failure, the provider answered " + value);
    }

    private static OtpProviderException asProviderException(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof OtpProviderException known) {
            assertThat(known.reason()).isNotNull();
            return known;
        }
        throw new AssertionError("failed with " + cause + ", not an OtpProviderException with a reason", cause);
    }

    private static List<String> messagesOf(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null && messages.size() < 10; t = t.getCause()) {
            messages.add(String.valueOf(t).toLowerCase(Locale.ROOT));
        }
        return messages;
    }
}
