package org.nerava.auth.internal.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Taking provider services off the registering thread: activating, failed, bound, and leaving mid-activation. */
class ProviderActivationsTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch wakeUp = new CountDownLatch(1);
    private final FakeServices services = new FakeServices();
    private final List<ProviderActivations.Taken<String>> bound = new CopyOnWriteArrayList<>();
    private final ProviderActivations<String> activations = new ProviderActivations<>(services, threads,
            Clock.systemUTC(), bound::add);

    @AfterEach
    void stop() {
        wakeUp.countDown();
        threads.shutdownNow();
    }

    @Test
    void aProviderWhoseActivationNeverReturnsIsListedActivatingAndHoldsUpNeitherTheCallerNorAnotherProvider()
            throws Exception {
        services.sleepers.put("sleepy-registration", wakeUp);
        long before = System.nanoTime();
        activations.takeOn("sleepy-registration", "sleepy", ProviderKind.DELIVERY, Duration.ofMillis(100));
        activations.takeOn("quick-registration", "quick", ProviderKind.DELIVERY, Duration.ofMillis(100));
        assertThat(Duration.ofNanos(System.nanoTime() - before)).as("the registering thread is not held")
                .isLessThan(Duration.ofMillis(100));

        await(() -> bound.size() == 1);
        assertThat(bound.get(0).provider().id()).isEqualTo("quick");
        assertThat(activations.pending()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo("sleepy");
            assertThat(p.failed()).isFalse();
            assertThat(p.bundle()).isEqualTo("bundle of sleepy-registration");
        });

        wakeUp.countDown();
        await(() -> bound.size() == 2);
        assertThat(activations.pending()).isEmpty();
    }

    @Test
    void aProviderWhoseActivationFailedIsListedWithItsBundleAndTheCause() throws Exception {
        services.failures.put("broken-registration", "java.lang.IllegalStateException: credentials rejected");
        activations.takeOn("broken-registration", "broken", ProviderKind.DELIVERY, Duration.ofSeconds(1));

        await(() -> activations.pending().stream().anyMatch(ProviderActivations.Pending::failed));
        ProviderActivations.Pending failed = activations.pending().get(0);
        assertThat(failed.failure()).isEqualTo("java.lang.IllegalStateException: credentials rejected");
        assertThat(failed.bundle()).isEqualTo("bundle of broken-registration");
        assertThat(bound).isEmpty();

        activations.forget("broken-registration");
        assertThat(activations.pending()).isEmpty();
    }

    @Test
    void aRegistrationThatLeavesWhileActivatingIsGivenBackAndNeverBound() throws Exception {
        services.sleepers.put("leaving", wakeUp);
        activations.takeOn("leaving", "leaving", ProviderKind.VERIFIER, Duration.ofSeconds(1));
        await(() -> services.taking.contains("leaving"));

        assertThat(activations.forget("leaving")).as("nothing was bound for it").isNull();
        wakeUp.countDown();
        await(() -> services.givenBack.contains("leaving"));
        assertThat(bound).isEmpty();
        assertThat(activations.pending()).isEmpty();
    }

    @Test
    void aBoundProviderThatLeavesIsGivenBack() throws Exception {
        activations.takeOn("r", "p", ProviderKind.DELIVERY, Duration.ofSeconds(1));
        await(() -> bound.size() == 1);

        assertThat(activations.forget("r")).isSameAs(bound.get(0).provider().service());
        assertThat(services.givenBack).containsExactly("r");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** Registrations are strings; a sleeper's activation waits for its latch, ignoring interrupts. */
    private static final class FakeServices implements ProviderActivations.Services<String> {
        final Map<String, CountDownLatch> sleepers = new ConcurrentHashMap<>();
        final Map<String, String> failures = new ConcurrentHashMap<>();
        final List<String> taking = new CopyOnWriteArrayList<>();
        final List<String> givenBack = new CopyOnWriteArrayList<>();

        @Override
        public Object take(String registration) {
            taking.add(registration);
            CountDownLatch sleeper = sleepers.get(registration);
            while (sleeper != null) {
                try {
                    sleeper.await();
                    break;
                } catch (InterruptedException e) {
                    // a hostile activation
                }
            }
            return failures.containsKey(registration) ? null : new Object();
        }

        @Override
        public void giveBack(String registration) {
            givenBack.add(registration);
        }

        @Override
        public String failureOf(String registration) {
            return failures.get(registration);
        }

        @Override
        public String bundleOf(String registration) {
            return "bundle of " + registration;
        }
    }
}
