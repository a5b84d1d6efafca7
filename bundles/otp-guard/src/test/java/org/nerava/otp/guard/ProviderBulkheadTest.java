package org.nerava.otp.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bulkhead on its own: its share, its queue, and calls that outlive their caller. */
class ProviderBulkheadTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final ProviderBulkhead bulkhead = new ProviderBulkhead(threads, 2, 1);
    /** Released at the end of each test: the "provider code" below waits for it, ignoring interrupts. */
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger interrupts = new AtomicInteger();
    private final AtomicInteger entered = new AtomicInteger();

    @AfterEach
    void stop() {
        release.countDown();
        threads.shutdownNow();
    }

    @Test
    void callsBeyondRunningAndWaitingAreRefusedAtOnceAndTheWaitingOneRunsWhenAThreadFrees() throws Exception {
        CountDownLatch one = new CountDownLatch(1);
        bulkhead.admit(() -> {
            entered.incrementAndGet();
            awaitIgnoringInterrupts(one);
        });
        bulkhead.admit(this::stubborn);
        CountDownLatch waitingRan = new CountDownLatch(1);
        bulkhead.admit(waitingRan::countDown);
        awaitEntered(2);
        assertThat(bulkhead.runningCalls()).isEqualTo(2);
        assertThat(bulkhead.waitingCalls()).isEqualTo(1);

        long before = System.nanoTime();
        assertThatThrownBy(() -> bulkhead.admit(() -> { }))
                .isInstanceOf(RejectedExecutionException.class).hasMessageContaining("1 waiting");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).isLessThan(50);

        one.countDown();
        assertThat(waitingRan.await(2, TimeUnit.SECONDS)).isTrue();
        assertThat(bulkhead.waitingCalls()).isZero();
    }

    @Test
    void aRunningCallGivenUpOnIsInterruptedAndCountedStuckUntilItsCodeReturns() throws Exception {
        ProviderBulkhead.Ticket ticket = bulkhead.admit(this::stubborn);
        awaitEntered(1);

        assertThat(ticket.abandon()).isEqualTo(ProviderBulkhead.Abandoned.STUCK);
        assertThat(ticket.abandon()).as("abandoning twice counts once").isEqualTo(ProviderBulkhead.Abandoned.STUCK);
        awaitInterrupts(1);
        assertThat(bulkhead.stuckCalls()).isEqualTo(1);
        assertThat(bulkhead.runningCalls()).as("a stuck call keeps its thread").isEqualTo(1);

        release.countDown();
        awaitCondition(() -> bulkhead.runningCalls() == 0);
        assertThat(bulkhead.stuckCalls()).isZero();
    }

    @Test
    void whenEveryThreadIsStuckCallsAreRefusedAtOnceEvenWithRoomToWait() throws Exception {
        ProviderBulkhead.Ticket first = bulkhead.admit(this::stubborn);
        ProviderBulkhead.Ticket second = bulkhead.admit(this::stubborn);
        awaitEntered(2);
        first.abandon();
        assertThat(bulkhead.admit(() -> { })).as("one thread may still come back: the call may wait").isNotNull();
        assertThat(bulkhead.waitingCalls()).isEqualTo(1);
        second.abandon();

        assertThatThrownBy(() -> bulkhead.admit(() -> { }))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("all 2 of its threads are held by calls that did not return");
        assertThat(bulkhead.stuckCalls()).isEqualTo(2);
    }

    @Test
    void aWaitingCallGivenUpOnIsDroppedAndNeverRuns() throws Exception {
        bulkhead.admit(this::stubborn);
        bulkhead.admit(this::stubborn);
        awaitEntered(2);
        AtomicInteger ran = new AtomicInteger();
        ProviderBulkhead.Ticket waiting = bulkhead.admit(ran::incrementAndGet);

        assertThat(waiting.abandon()).isEqualTo(ProviderBulkhead.Abandoned.NEVER_STARTED);
        assertThat(bulkhead.waitingCalls()).isZero();
        assertThat(bulkhead.stuckCalls()).isZero();
        release.countDown();
        awaitCondition(() -> bulkhead.runningCalls() == 0);
        assertThat(ran).hasValue(0);
    }

    @Test
    void aCallThatReturnedIsNotStuckWhenItsCallerGivesUpLater() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        ProviderBulkhead.Ticket ticket = bulkhead.admit(ran::countDown);
        assertThat(ran.await(2, TimeUnit.SECONDS)).isTrue();
        awaitCondition(() -> bulkhead.runningCalls() == 0);

        assertThat(ticket.abandon()).isEqualTo(ProviderBulkhead.Abandoned.RETURNED);
        assertThat(bulkhead.stuckCalls()).isZero();
    }

    @Test
    void moreThreadsLetWaitingCallsStart() throws Exception {
        bulkhead.admit(this::stubborn);
        bulkhead.admit(this::stubborn);
        awaitEntered(2);
        CountDownLatch waitingRan = new CountDownLatch(1);
        bulkhead.admit(waitingRan::countDown);

        bulkhead.resize(3, 1);
        assertThat(waitingRan.await(2, TimeUnit.SECONDS)).isTrue();
    }

    /** Provider code that blocks until the test ends and swallows interrupts. */
    private void stubborn() {
        entered.incrementAndGet();
        awaitIgnoringInterrupts(release);
    }

    private void awaitIgnoringInterrupts(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                interrupts.incrementAndGet();
            }
        }
    }

    private void awaitEntered(int calls) throws InterruptedException {
        awaitCondition(() -> entered.get() >= calls);
    }

    private void awaitInterrupts(int count) throws InterruptedException {
        awaitCondition(() -> interrupts.get() >= count);
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
