package org.nerava.platform.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nerava.platform.health.Readiness;
import org.nerava.platform.health.ReadinessCheck;

class ReadinessProbeTest {

    private static final long DEADLINE_MILLIS = 200;

    private final ReadinessProbe probe = new ReadinessProbe(DEADLINE_MILLIS);
    /** Holds every hanging check until the test is over. */
    private final CountDownLatch hang = new CountDownLatch(1);

    @AfterEach
    void releaseHangingChecksAndStopThePool() {
        hang.countDown();
        probe.close();
    }

    @Test
    void readyWhenEveryCriticalCheckIsUp() throws Exception {
        ReadinessProbe.Report report = run(critical("database", () -> Readiness.up("H2")),
                optional("otp", () -> Readiness.up("twilio")));

        assertThat(report.ready()).isTrue();
        assertThat(report.checks().get("database")).containsEntry("status", "up");
        assertThat(report.checks().get("otp")).containsEntry("status", "up");
    }

    @Test
    void unreadyWhenACriticalCheckIsDown() throws Exception {
        ReadinessProbe.Report report = run(critical("database", () -> Readiness.down("cannot connect")),
                optional("otp", () -> Readiness.up("twilio")));

        assertThat(report.ready()).isFalse();
        assertThat(report.checks().get("database"))
                .containsEntry("status", "down")
                .containsEntry("critical", true)
                .containsEntry("detail", "cannot connect");
    }

    @Test
    void aNonCriticalCheckDownLeavesTheServerReady() throws Exception {
        ReadinessProbe.Report report = run(critical("database", () -> Readiness.up("H2")),
                optional("analytics", () -> Readiness.down("sink unreachable")));

        assertThat(report.ready()).isTrue();
        assertThat(report.checks().get("analytics"))
                .containsEntry("status", "down")
                .containsEntry("critical", false);
    }

    @Test
    void aDegradedCriticalCheckLeavesTheServerReady() throws Exception {
        ReadinessProbe.Report report = run(critical("database", () -> Readiness.degraded("slow replica")));

        assertThat(report.ready()).isTrue();
        assertThat(report.checks().get("database")).containsEntry("status", "degraded");
    }

    @Test
    void noChecksAtAllMeansReady() throws Exception {
        ReadinessProbe.Report report = run();

        assertThat(report.ready()).isTrue();
        assertThat(report.checks()).isEmpty();
    }

    @Test
    void resultsAreKeyedByCheckNameInOrderWithLowerCaseStatusAndTheirDetails() throws Exception {
        ReadinessProbe.Report report = run(
                optional("features", () -> Readiness.up("2 Nerava features installed")
                        .withDetails(Map.of("installed", List.of("nerava-auth", "nerava-platform")))),
                critical("database", () -> Readiness.up(null)),
                optional("otp", () -> Readiness.degraded("fallback provider")));

        assertThat(report.checks()).containsOnlyKeys("features", "database", "otp");
        assertThat(report.checks().keySet()).containsExactly("features", "database", "otp");
        assertThat(report.checks().get("features")).containsExactly(
                Map.entry("status", "up"),
                Map.entry("critical", false),
                Map.entry("detail", "2 Nerava features installed"),
                Map.entry("installed", List.of("nerava-auth", "nerava-platform")));
        assertThat(report.checks().get("database")).doesNotContainKey("detail");
        assertThat(report.checks().get("otp")).containsEntry("status", "degraded");
    }

    @Test
    void aCheckThatOverrunsTheDeadlineIsReportedDownWithinAboutTheDeadline() throws Exception {
        ReadinessCheck hanging = critical("database", () -> {
            awaitQuietly(hang);
            return Readiness.up("too late");
        });

        long start = System.nanoTime();
        ReadinessProbe.Report report = probe.run(List.of(hanging)).get(2, TimeUnit.SECONDS);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(elapsedMillis).isBetween(DEADLINE_MILLIS - 10, 1_500L);
        assertThat(report.ready()).isFalse();
        assertThat(report.checks().get("database"))
                .containsEntry("status", "down")
                .containsEntry("detail", "no answer within 200 ms");
    }

    @Test
    void aHangingNonCriticalCheckCostsOnlyItsOwnResult() throws Exception {
        ReadinessProbe.Report report = run(critical("database", () -> Readiness.up("H2")),
                optional("otp", () -> {
                    awaitQuietly(hang);
                    return Readiness.up("too late");
                }));

        assertThat(report.ready()).isTrue();
        assertThat(report.checks().get("database")).containsEntry("status", "up");
        assertThat(report.checks().get("otp")).containsEntry("status", "down");
    }

    @Test
    void aCheckThatThrowsIsReportedDownNamingTheExceptionsSimpleName() throws Exception {
        ReadinessProbe.Report report = run(critical("database", () -> {
            throw new IllegalStateException("pool closed");
        }));

        assertThat(report.ready()).isFalse();
        assertThat(report.checks().get("database")).containsEntry("status", "down");
        assertThat((String) report.checks().get("database").get("detail"))
                .isEqualTo("check failed: IllegalStateException: pool closed")
                .doesNotContain("java.lang", "CompletionException");
    }

    @Test
    void aCheckThatThrowsWithACauseIsReportedByItsRootCause() throws Exception {
        ReadinessProbe.Report report = run(optional("otp", () -> {
            throw new IllegalStateException("wrapper", new java.net.ConnectException());
        }));

        assertThat(report.checks().get("otp")).containsEntry("detail", "check failed: ConnectException");
    }

    @Test
    void aCheckThatThrowsWithACauseChainLoopingBackStillGetsAnAnswer() throws Exception {
        ReadinessProbe.Report report = run(optional("otp", () -> {
            RuntimeException first = new RuntimeException("first");
            RuntimeException second = new RuntimeException("second", first);
            first.initCause(second);
            throw first;
        }));

        assertThat(report.checks().get("otp")).containsEntry("status", "down");
    }

    @Test
    void aCheckThatAnswersNullIsReportedDownInsteadOfBreakingTheProbe() throws Exception {
        ReadinessProbe.Report report = run(critical("database", () -> Readiness.up("H2")),
                optional("careless", () -> null));

        assertThat(report.ready()).isTrue();
        assertThat(report.checks().get("careless")).containsEntry("status", "down");
        assertThat(report.checks().get("database")).containsEntry("status", "up");
    }

    @Test
    void checksBeyondThePoolAndQueueAreReportedDownAtOnce() throws Exception {
        // 8 threads + 64 queued: the 73rd and 74th checks cannot even be scheduled
        List<ReadinessCheck> checks = new ArrayList<>();
        IntStream.range(0, 74).forEach(i -> checks.add(optional("check-" + i, () -> {
            awaitQuietly(hang);
            return Readiness.up("too late");
        })));

        ReadinessProbe.Report report = probe.run(checks).get(2, TimeUnit.SECONDS);

        assertThat(report.checks()).hasSize(74);
        assertThat(report.checks().values()).allSatisfy(result -> assertThat(result).containsEntry("status", "down"));
        assertThat(report.checks().get("check-73"))
                .containsEntry("detail", "too many readiness checks in flight");
        assertThat(report.checks().get("check-71")).containsEntry("detail", "no answer within 200 ms");
        assertThat(report.checks().values())
                .filteredOn(result -> "too many readiness checks in flight".equals(result.get("detail")))
                .hasSize(2);
    }

    @Test
    void aCheckThatHangsOnEveryProbeDoesNotStarveTheCriticalCheckOfLaterProbes() throws Exception {
        ReadinessCheck database = critical("database", () -> Readiness.up("H2"));
        ReadinessCheck hangingOtp = optional("otp", () -> {
            awaitQuietly(hang);
            return Readiness.up("too late");
        });

        ReadinessProbe.Report report = null;
        for (int probeNumber = 1; probeNumber <= 12; probeNumber++) {
            report = run(database, hangingOtp);
        }

        assertThat(report.checks().get("database")).containsEntry("status", "up");
        assertThat(report.ready()).isTrue();
    }

    private ReadinessProbe.Report run(ReadinessCheck... checks) throws Exception {
        return probe.run(List.of(checks)).get(2, TimeUnit.SECONDS);
    }

    private static ReadinessCheck critical(String name, Supplier<Readiness> result) {
        return check(name, true, result);
    }

    private static ReadinessCheck optional(String name, Supplier<Readiness> result) {
        return check(name, false, result);
    }

    private static ReadinessCheck check(String name, boolean critical, Supplier<Readiness> result) {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean critical() {
                return critical;
            }

            @Override
            public Readiness check() {
                return result.get();
            }
        };
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
