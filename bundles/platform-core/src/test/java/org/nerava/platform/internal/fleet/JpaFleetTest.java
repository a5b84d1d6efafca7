package org.nerava.platform.internal.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.nerava.platform.fleet.Node;
import org.nerava.platform.internal.health.ReadinessProbe.Report;
import org.nerava.testing.SteppingClock;
import org.nerava.testing.TestDatabase;

/** Two nodes on one database see each other: up, stale when unseen, stopped when they said so, pruned after a day. */
@ParameterizedClass(name = "on {0}")
@ArgumentsSource(TestDatabase.Engines.class)
class JpaFleetTest {

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-04T10:00:00Z"));
    private final TestDatabase database;
    private final JpaFleet a;
    private final JpaFleet b;

    JpaFleetTest(TestDatabase.Engine engine) {
        database = TestDatabase.on(engine, JpaFleet.UNIT);
        a = node("node-a", 8000);
        b = node("node-b", 8100);
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        database.close();
    }

    private JpaFleet node(String id, int port) {
        return new JpaFleet(database.jpa(), null, new NodeIdentity(id, "host-" + id, port, "1.2.3", clock.millis()),
                clock);
    }

    @Test
    void eachNodeSeesBothWithWhatTheyApply() {
        a.record(true, List.of("twilio_verify", "console"), List.of("nerava-auth", "nerava-platform"));
        clock.advance(Duration.ofSeconds(1));
        b.record(false, List.of("console"), List.of("nerava-platform"));

        List<Node> seenByB = b.nodes();

        assertThat(seenByB).extracting(Node::id, Node::state, Node::ready, Node::self)
                .containsExactlyInAnyOrder(
                        tuple("node-a", "up", true, false),
                        tuple("node-b", "up", false, true));
        Node nodeA = seenByB.stream().filter(n -> n.id().equals("node-a")).findFirst().orElseThrow();
        assertThat(nodeA.otpProviders()).containsExactly("twilio_verify", "console");
        assertThat(nodeA.features()).containsExactly("nerava-auth", "nerava-platform");
        assertThat(nodeA.host()).isEqualTo("host-node-a");
        assertThat(nodeA.httpPort()).isEqualTo(8000);
    }

    @Test
    void aNodeUnseenFor30sIsStaleOneThatStoppedSaysSoAndAfterADayItIsGone() {
        a.record(true, List.of(), List.of());
        b.record(true, List.of(), List.of());
        b.deactivate();
        clock.advance(Duration.ofSeconds(31));

        assertThat(a.nodes()).extracting(Node::id, Node::state).containsExactlyInAnyOrder(
                tuple("node-a", "stale"),
                tuple("node-b", "stopped"));

        clock.advance(Duration.ofHours(24));
        a.record(true, List.of(), List.of());
        assertThat(a.nodes()).extracting(Node::id).containsExactly("node-a");
    }

    @Test
    void aRestartedNodeIsUpAgain() {
        b.record(true, List.of(), List.of());
        b.deactivate();
        b.record(true, List.of(), List.of());

        assertThat(a.nodes()).extracting(Node::state).containsExactly("up");
    }

    @Test
    void providersAndFeaturesComeFromTheReadinessChecks() {
        Report report = new Report(true, Map.of(
                "otp", Map.of("status", "up", "configured", List.of("twilio_sms", "console")),
                "features", Map.of("status", "up", "installed", List.of("nerava-auth"))));

        assertThat(JpaFleet.providersOf(report)).containsExactly("twilio_sms", "console");
        assertThat(JpaFleet.featuresOf(report)).containsExactly("nerava-auth");
        assertThat(JpaFleet.providersOf(new Report(true, Map.of()))).isEmpty();
    }

    @Test
    void theNodeIdIsKeptInTheDataDirectory(@TempDir Path data) {
        String id = NodeIdentity.idIn(data);

        assertThat(id).hasSize(36);
        assertThat(NodeIdentity.idIn(data)).isEqualTo(id);
        assertThat(NodeIdentity.httpPort(null)).isEqualTo(8000);
        assertThat(NodeIdentity.httpPort("8100")).isEqualTo(8100);
    }
}
