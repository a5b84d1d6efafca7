package org.nerava.auth.internal.pumping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nerava.auth.internal.ratelimit.SendBudget;
import org.nerava.auth.internal.settings.AuthConfigs;
import org.nerava.auth.internal.settings.CurrentAuthSettings;
import org.nerava.platform.audit.AuditEntry;
import org.nerava.platform.audit.AuditOutcome;
import org.nerava.platform.metrics.Meters;
import org.nerava.testing.RecordingAuditTrail;

/** What the guard reports: refusals by reason, summed in the audit trail; the budget alert once, at 80%. */
class PumpingGuardTest {

    private final Map<String, Object> config = AuthConfigs.testDefaults();
    private final CurrentAuthSettings settings = CurrentAuthSettings.of(AuthConfigs.with(config));
    private final CountingMeters meters = new CountingMeters();
    private final RecordingAuditTrail audit = new RecordingAuditTrail(Clock.systemUTC());
    private final PumpingGuard guard = new PumpingGuard(settings);

    PumpingGuardTest() {
        guard.setMeters(meters);
        guard.setAudit(audit);
    }

    @AfterEach
    void tearDown() {
        guard.close();
    }

    @Test
    void refusalsAreCountedByReasonAndAuditedAsOneEntryPerPeriod() {
        for (int i = 0; i < 3; i++) {
            guard.refused(PumpingGuard.COUNTRY);
        }
        guard.refused(PumpingGuard.PREFIX);
        guard.refused("daily_budget");
        assertThat(meters.counts).containsEntry(PumpingGuard.REFUSED_METER + "[reason, country]", 3L)
                .containsEntry(PumpingGuard.REFUSED_METER + "[reason, prefix]", 1L)
                .containsEntry(PumpingGuard.REFUSED_METER + "[reason, daily_budget]", 1L);

        guard.auditRefusals();
        guard.auditRefusals();
        assertThat(audit.entries()).hasSize(1);
        AuditEntry entry = audit.entries().get(0);
        assertThat(entry.action()).isEqualTo("otp.pumping.refused");
        assertThat(entry.actor()).isEqualTo("system");
        assertThat(entry.outcome()).isEqualTo(AuditOutcome.DENIED);
        assertThat(entry.detail()).startsWith("country=3, daily_budget=1, prefix=1 in the last 60 s");
    }

    @Test
    void theSendThatReachesEightyPercentOfTheBudgetWarnsOnceAndTheGaugeShowsTheShareUsed() throws Exception {
        SendBudget budget = SendBudget.of(10, System.currentTimeMillis());
        for (long sent = 1; sent <= 10; sent++) {
            guard.sent(budget, sent);
            if (sent == 5) {
                assertThat(meters.gauges.get(PumpingGuard.BUDGET_GAUGE).getAsDouble()).isEqualTo(0.5);
            }
        }
        assertThat(meters.counts).containsEntry(PumpingGuard.ALERTS_METER + "[]", 1L);
        guard.close();
        assertThat(audit.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo("otp.budget.alert");
            assertThat(entry.target()).isEqualTo(budget.day());
            assertThat(entry.detail()).startsWith("8 of 10 codes");
        });
    }

    @Test
    void aBudgetRefusesUntilTheNextUtcDay() {
        long tenPm = java.time.Instant.parse("2026-12-05T22:00:00Z").toEpochMilli();
        SendBudget budget = SendBudget.of(3, tenPm);
        assertThat(budget.day()).isEqualTo("2026-12-05");
        assertThat(budget.retryAfterSeconds()).isEqualTo(Duration.ofHours(2).toSeconds());
    }

    /** Counters by name and tags; gauges by name. */
    private static final class CountingMeters implements Meters {
        final Map<String, Long> counts = new ConcurrentHashMap<>();
        final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();

        @Override
        public void count(String name, String description, String... tags) {
            counts.merge(name + java.util.Arrays.toString(tags), 1L, Long::sum);
        }

        @Override
        public void time(String name, String description, Duration duration, String... tags) {
        }

        @Override
        public void gauge(String name, String description, DoubleSupplier value, String... tags) {
            gauges.putIfAbsent(name, value);
        }

        @Override
        public void total(String name, String description, DoubleSupplier total, String... tags) {
        }
    }
}
