package org.nerava.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.nerava.platform.audit.AuditEntry;
import org.nerava.platform.audit.AuditOutcome;
import org.nerava.platform.audit.AuditQuery;
import org.nerava.platform.audit.AuditRecord;
import org.nerava.platform.audit.AuditTrail;
import org.nerava.platform.audit.AuditVerification;

class RefusalAuditTest {

    @interface Limits {
        int perHour() default 5;
    }

    /** Keeps what it is given; the real trail is a database table (platform-core). */
    private static final class Trail implements AuditTrail {
        final BlockingQueue<AuditRecord> records = new LinkedBlockingQueue<>();

        @Override
        public AuditEntry record(AuditRecord record) {
            records.add(record);
            return null;
        }

        @Override
        public List<AuditEntry> find(AuditQuery query) {
            return List.of();
        }

        @Override
        public AuditVerification verify() {
            return null;
        }
    }

    private final LastGoodSettings<Integer> settings = new LastGoodSettings<>("org.nerava.sample");
    private final RefusalAudit audit = new RefusalAudit("org.nerava.sample", problem -> { });

    private LastGoodSettings.Update offer(String perHour) {
        return settings.update(ConfigCheck.of("org.nerava.sample", Limits.class, Map.of("perHour", perHour))
                .atLeast("perHour", 1), Limits::perHour);
    }

    @Test
    void aRefusalIsRecordedOnceWithPidKeyValueRangeAndWhatServes() throws Exception {
        Trail trail = new Trail();
        audit.bind(trail);
        offer("3");
        audit.refused(offer("0"));

        AuditRecord record = trail.records.poll(5, TimeUnit.SECONDS);
        assertThat(record).isNotNull();
        assertThat(record.action()).isEqualTo("config.refused");
        assertThat(record.target()).isEqualTo("org.nerava.sample");
        assertThat(record.outcome()).isEqualTo(AuditOutcome.FAILURE);
        assertThat(record.detail()).contains("perHour = '0' refused: a whole number of at least 1")
                .contains("serving the last good values");
        audit.bind(trail);
        assertThat(trail.records.poll(200, TimeUnit.MILLISECONDS)).as("recorded once").isNull();
    }

    @Test
    void aRefusalBeforeTheTrailIsThereIsRecordedWhenItComes() throws Exception {
        audit.refused(offer("zero"));
        Trail trail = new Trail();
        audit.bind(trail);

        assertThat(trail.records.poll(5, TimeUnit.SECONDS).detail()).contains("perHour = 'zero'")
                .contains("the defaults of the refused keys");
    }

    @Test
    void aGoodUpdateRecordsNothing() throws Exception {
        Trail trail = new Trail();
        audit.bind(trail);
        audit.refused(offer("4"));
        assertThat(trail.records.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }
}
