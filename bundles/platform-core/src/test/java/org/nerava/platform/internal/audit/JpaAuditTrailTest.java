package org.nerava.platform.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.h2.jdbcx.JdbcDataSource;
import org.nerava.testing.LocalTransactionJpaTemplate;
import org.nerava.testing.SteppingClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nerava.platform.internal.schema.SchemaMigrator;
import org.nerava.platform.internal.schema.SchemaMigratorTest;
import org.nerava.platform.audit.AuditEntry;
import org.nerava.platform.audit.AuditOutcome;
import org.nerava.platform.audit.AuditQuery;
import org.nerava.platform.audit.AuditRecord;
import org.nerava.platform.audit.AuditVerification;

/**
 * The audit trail against the bundle's own persistence unit ({@code META-INF/persistence.xml}) on EclipseLink and an
 * in-memory H2 database, outside OSGi: the DataSource the container would look up by JNDI name is passed in directly.
 */
class JpaAuditTrailTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30.123456789Z");

    private final SteppingClock clock = new SteppingClock(NOW);
    private JdbcDataSource database;
    private EntityManagerFactory emf;
    private JpaAuditTrail trail;

    @BeforeEach
    void openFreshDatabase() throws Exception {
        database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:audit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        // The schema as the platform makes it in the container: this unit's migration scripts.
        new SchemaMigrator(database).migrate(JpaAuditTrail.UNIT, SchemaMigratorTest.scriptsOnClassPath(JpaAuditTrail.UNIT));
        emf = openPersistenceUnit();
        trail = new JpaAuditTrail(new LocalTransactionJpaTemplate(emf), clock);
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        if (emf.isOpen()) {
            emf.close();
        }
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }

    @Test
    void recordReturnsTheEntryWithAUuidIdAndTheClockTimeToTheMillisecond() {
        AuditEntry entry = trail.record(new AuditRecord("shell:karaf", "otp.provider.switch", "twilio-verify",
                AuditOutcome.SUCCESS, "from console"));

        assertThat(UUID.fromString(entry.id()).toString()).isEqualTo(entry.id());
        assertThat(entry.at()).isEqualTo(Instant.parse("2026-03-01T10:15:30.123Z"));
        assertThat(entry).extracting(AuditEntry::actor, AuditEntry::action, AuditEntry::target, AuditEntry::outcome,
                AuditEntry::detail)
                .containsExactly("shell:karaf", "otp.provider.switch", "twilio-verify", AuditOutcome.SUCCESS,
                        "from console");
    }

    @Test
    void everyRecordGetsItsOwnId() {
        AuditEntry first = trail.record(record("system", "a"));
        AuditEntry second = trail.record(record("system", "a"));

        assertThat(first.id()).isNotEqualTo(second.id());
    }

    @Test
    void aRecordedEntryReadsBackExactlyAsRecordReturnedIt() {
        AuditEntry recorded = trail.record(new AuditRecord("admin", "merchant.delete", null, AuditOutcome.DENIED,
                null));

        assertThat(trail.find(AuditQuery.latest(10))).containsExactly(recorded);
    }

    @Test
    void entriesComeBackNewestFirst() {
        AuditEntry oldest = recordThenTick(record("system", "first"));
        AuditEntry middle = recordThenTick(record("system", "second"));
        AuditEntry newest = recordThenTick(record("system", "third"));

        assertThat(trail.find(AuditQuery.latest(10))).containsExactly(newest, middle, oldest);
    }

    @Test
    void entriesOfTheSameMillisecondComeBackInAStableOrder() {
        List<AuditEntry> recorded = List.of(trail.record(record("system", "a")), trail.record(record("system", "b")),
                trail.record(record("system", "c")));

        List<AuditEntry> found = trail.find(AuditQuery.latest(10));

        assertThat(found).containsExactlyInAnyOrderElementsOf(recorded);
        assertThat(found).extracting(AuditEntry::id).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(trail.find(AuditQuery.latest(10))).isEqualTo(found);
    }

    @Test
    void actorFilterReturnsOnlyThatActorsEntries() {
        AuditEntry alice = recordThenTick(record("alice", "merchant.create"));
        recordThenTick(record("bob", "merchant.create"));
        AuditEntry aliceAgain = recordThenTick(record("alice", "merchant.delete"));

        assertThat(trail.find(new AuditQuery("alice", null, 0, 10))).containsExactly(aliceAgain, alice);
    }

    @Test
    void actionFilterReturnsOnlyThatActionsEntries() {
        recordThenTick(record("alice", "merchant.create"));
        AuditEntry bobDelete = recordThenTick(record("bob", "merchant.delete"));
        AuditEntry aliceDelete = recordThenTick(record("alice", "merchant.delete"));

        assertThat(trail.find(new AuditQuery(null, "merchant.delete", 0, 10))).containsExactly(aliceDelete, bobDelete);
    }

    @Test
    void actorAndActionFiltersCombine() {
        recordThenTick(record("alice", "merchant.create"));
        AuditEntry wanted = recordThenTick(record("alice", "merchant.delete"));
        recordThenTick(record("bob", "merchant.delete"));

        assertThat(trail.find(new AuditQuery("alice", "merchant.delete", 0, 10))).containsExactly(wanted);
        assertThat(trail.find(new AuditQuery("carol", "merchant.delete", 0, 10))).isEmpty();
    }

    @Test
    void offsetAndLimitPageThroughTheNewestFirstOrder() {
        AuditEntry e1 = recordThenTick(record("system", "1"));
        AuditEntry e2 = recordThenTick(record("system", "2"));
        AuditEntry e3 = recordThenTick(record("system", "3"));
        AuditEntry e4 = recordThenTick(record("system", "4"));
        AuditEntry e5 = recordThenTick(record("system", "5"));

        assertThat(trail.find(new AuditQuery(null, null, 0, 2))).containsExactly(e5, e4);
        assertThat(trail.find(new AuditQuery(null, null, 2, 2))).containsExactly(e3, e2);
        assertThat(trail.find(new AuditQuery(null, null, 4, 2))).containsExactly(e1);
        assertThat(trail.find(new AuditQuery(null, null, 5, 2))).isEmpty();
    }

    @Test
    void aDetailLongerThan1000CharactersIsTruncatedTo1000() {
        String longDetail = "x".repeat(999) + "yz" + "-".repeat(500);

        AuditEntry recorded = trail.record(new AuditRecord("system", "import", null, AuditOutcome.FAILURE, longDetail));

        assertThat(recorded.detail()).hasSize(1000).isEqualTo(longDetail.substring(0, 1000)).endsWith("xy");
        assertThat(trail.find(AuditQuery.latest(1)).get(0).detail()).isEqualTo(recorded.detail());
    }

    @Test
    void aDetailOfExactly1000CharactersIsKeptWhole() {
        String detail = "d".repeat(1000);

        trail.record(new AuditRecord("system", "import", null, AuditOutcome.SUCCESS, detail));

        assertThat(trail.find(AuditQuery.latest(1)).get(0).detail()).isEqualTo(detail);
    }

    @Test
    void anEntryCommittedThroughOneFactoryIsReadBackThroughANewOneOnTheSameDatabase() {
        AuditEntry recorded = trail.record(new AuditRecord("shell:karaf", "otp.provider.switch", "twilio-sms",
                AuditOutcome.SUCCESS, "switch over"));
        emf.close();

        emf = openPersistenceUnit();
        JpaAuditTrail reopened = new JpaAuditTrail(new LocalTransactionJpaTemplate(emf), clock);

        assertThat(reopened.find(AuditQuery.latest(10))).containsExactly(recorded);
    }

    @Test
    void aRecordTheDatabaseRefusesFailsLoudlyNamingTheActionAndLeavesNoRow() {
        AuditRecord tooLongActor = new AuditRecord("a".repeat(201), "merchant.delete", null, AuditOutcome.SUCCESS,
                null);

        assertThatThrownBy(() -> trail.record(tooLongActor))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("merchant.delete")
                .hasCauseInstanceOf(RuntimeException.class);
        assertThat(trail.find(AuditQuery.latest(10))).isEmpty();
    }

    @Test
    void anEntryRecordedInTheHourTheHostsClocksSkipReadsBackAtTheSameInstant() {
        TimeZone hostZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
        try {
            // 02:30 UTC wall time does not exist in Berlin on 2026-03-29 (02:00 -> 03:00).
            clock.set(Instant.parse("2026-03-29T02:30:00Z"));
            AuditEntry recorded = trail.record(record("system", "dst"));
            emf.close();
            emf = openPersistenceUnit();

            List<AuditEntry> found = new JpaAuditTrail(new LocalTransactionJpaTemplate(emf), clock)
                    .find(AuditQuery.latest(1));

            assertThat(found.get(0).at()).isEqualTo(recorded.at());
        } finally {
            TimeZone.setDefault(hostZone);
        }
    }

    // ---- the hash chain

    @Test
    void entriesFormOneChainThatVerifiesIntact() {
        for (int i = 0; i < 5; i++) {
            recordThenTick(new AuditRecord("alice", "deployment.trigger", "backend", AuditOutcome.SUCCESS, "ref v" + i));
        }

        AuditVerification verification = trail.verify();

        assertThat(verification.intact()).as(verification.toString()).isTrue();
        assertThat(verification.checked()).isEqualTo(5);
    }

    @Test
    void twoNodesWritingAtOnceStillMakeOneIntactChain() throws Exception {
        EntityManagerFactory otherNode = openPersistenceUnit();
        try {
            JpaAuditTrail other = new JpaAuditTrail(new LocalTransactionJpaTemplate(otherNode), clock);
            java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(4);
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int w = 0; w < 4; w++) {
                JpaAuditTrail node = w % 2 == 0 ? trail : other;
                String actor = "writer-" + w;
                done.add(writers.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        node.record(record(actor, "busy"));
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            writers.shutdown();

            assertThat(trail.verify()).isEqualTo(AuditVerification.intact(200));
            assertThat(other.verify().intact()).isTrue();
        } finally {
            otherNode.close();
        }
    }

    @Test
    void anEntryChangedInTheDatabaseIsNamedAndTheOnesBeforeItCounted() throws SQLException {
        List<AuditEntry> recorded = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            recorded.add(recordThenTick(record("alice", "a" + i)));
        }
        trail.verify(); // read once: a cache, if any, must not hide what follows

        execute("UPDATE audit_entry SET actor = 'mallory' WHERE id = '" + recorded.get(3).id() + "'");
        AuditVerification verification = trail.verify();

        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBadId()).isEqualTo(recorded.get(3).id());
        assertThat(verification.firstBadSeq()).isEqualTo(4);
        assertThat(verification.checked()).isEqualTo(3);
        assertThat(verification.reason()).contains("does not match its hash");
    }

    @Test
    void aRemovedEntryInTheMiddleOrAtTheEndIsFound() throws SQLException {
        List<AuditEntry> recorded = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            recorded.add(recordThenTick(record("alice", "a" + i)));
        }

        execute("DELETE FROM audit_entry WHERE id = '" + recorded.get(3).id() + "'");
        assertThat(trail.verify().reason()).contains("the chain ends at entry 3 but its head says 4");
        execute("DELETE FROM audit_entry WHERE id = '" + recorded.get(1).id() + "'");
        AuditVerification gap = trail.verify();
        assertThat(gap.firstBadId()).isEqualTo(recorded.get(2).id());
        assertThat(gap.reason()).contains("entry number 2 is missing");
    }

    @Test
    void entriesRecordedBeforeTheChainStayOutsideIt() throws SQLException {
        execute("INSERT INTO audit_entry (id, recorded_at, actor, action, outcome) VALUES ('legacy-1', 1, 'old',"
                + " 'old.action', 'SUCCESS')");
        recordThenTick(record("alice", "new"));

        assertThat(trail.verify()).isEqualTo(AuditVerification.intact(1));
        assertThat(trail.find(AuditQuery.latest(10))).hasSize(2);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private EntityManagerFactory openPersistenceUnit() {
        // The unit's non-jta-data-source is an OSGi JNDI name; hand EclipseLink the DataSource itself instead, and give
        // every factory its own session so nothing is shared through EclipseLink's session cache.
        return Persistence.createEntityManagerFactory(JpaAuditTrail.UNIT, Map.of(
                "javax.persistence.nonJtaDataSource", database,
                "eclipselink.session-name", "audit-test-" + UUID.randomUUID()));
    }

    private AuditEntry recordThenTick(AuditRecord record) {
        AuditEntry entry = trail.record(record);
        clock.advance(Duration.ofSeconds(1));
        return entry;
    }

    private static AuditRecord record(String actor, String action) {
        return new AuditRecord(actor, action, null, AuditOutcome.SUCCESS, null);
    }
}
