package org.nerava.platform.internal.fleet;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.nerava.platform.concurrent.DaemonThreads;
import org.nerava.platform.fleet.Fleet;
import org.nerava.platform.fleet.Node;
import org.nerava.platform.internal.health.ReadinessProbe.Report;
import org.nerava.platform.internal.health.ReadinessReports;
import org.nerava.platform.persistence.MigratedSchema;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet in table {@code node}: this node writes its row every {@value #BEAT_SECONDS} s with what its readiness
 * says (ready, the OTP providers it applies, its Nerava features), marks it stopped as it stops, and deletes rows of
 * nodes unseen for a day. Read from any node, a row not rewritten for {@value #STALE_SECONDS} s is {@code stale}.
 */
@Component(service = Fleet.class)
public class JpaFleet implements Fleet {

    static final String UNIT = "nerava-platform";
    static final int BEAT_SECONDS = 10;
    static final int STALE_SECONDS = 30;
    static final long PRUNE_MILLIS = 86_400_000;
    /** Longer than the probe's own deadline, by which every check has answered. */
    private static final long REPORT_WAIT_SECONDS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(JpaFleet.class);

    private final JpaTemplate jpa;
    private final ReadinessReports readiness;
    private final NodeIdentity self;
    private final Clock clock;
    private ScheduledExecutorService beat;
    private volatile boolean failing;

    /** Never called: referenced so that this component starts only once its tables are migrated. */
    @Reference(target = "(" + MigratedSchema.NAME + "=" + UNIT + ")")
    private MigratedSchema schema;

    @Activate
    public JpaFleet(@Reference(target = "(osgi.unit.name=" + UNIT + ")") JpaTemplate jpa,
            @Reference ReadinessReports readiness, BundleContext context) {
        this(jpa, readiness, new NodeIdentity(
                NodeIdentity.idIn(Path.of(System.getProperty("karaf.data", "data"))), NodeIdentity.hostName(),
                NodeIdentity.httpPort(System.getenv("NERAVA_HTTP_PORT")), context.getBundle().getVersion().toString(),
                System.currentTimeMillis()), Clock.systemUTC());
        beat = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("nerava-fleet"));
        beat.scheduleWithFixedDelay(this::beat, 0, BEAT_SECONDS, TimeUnit.SECONDS);
    }

    JpaFleet(JpaTemplate jpa, ReadinessReports readiness, NodeIdentity self, Clock clock) {
        this.jpa = jpa;
        this.readiness = readiness;
        this.self = self;
        this.clock = clock;
    }

    @Deactivate
    void deactivate() {
        if (beat != null) {
            beat.shutdownNow();
        }
        try {
            long now = clock.millis();
            jpa.tx(TransactionType.Required, em -> {
                NodeEntity node = em.find(NodeEntity.class, self.id());
                if (node != null) {
                    node.stopped(now);
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("Could not record that this node stopped: {}", e.getMessage());
        }
    }

    /** Records this node as its readiness says now; a database that is down costs one WARN, not one per beat. */
    void beat() {
        try {
            Report report = readiness.run().get(REPORT_WAIT_SECONDS, TimeUnit.SECONDS);
            record(report.ready(), providersOf(report), featuresOf(report));
            if (failing) {
                LOG.info("Fleet: this node records itself again");
                failing = false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!failing) {
                LOG.warn("Fleet: this node cannot record itself ({}); others will see it stale", e.getMessage());
                failing = true;
            }
        }
    }

    void record(boolean ready, List<String> providers, List<String> features) {
        long now = clock.millis();
        jpa.tx(TransactionType.Required, em -> {
            NodeEntity node = em.find(NodeEntity.class, self.id());
            if (node == null) {
                node = new NodeEntity(self);
                node.seen(now, ready, providers, features);
                em.persist(node);
            } else {
                node.seen(now, ready, providers, features);
            }
            em.createQuery("DELETE FROM Node n WHERE n.lastSeenAt < :pruned")
                    .setParameter("pruned", now - PRUNE_MILLIS).executeUpdate();
        });
    }

    @Override
    public List<Node> nodes() {
        long now = clock.millis();
        return jpa.txExpr(TransactionType.Required, em -> em.createQuery(
                "SELECT n FROM Node n WHERE n.lastSeenAt >= :since ORDER BY n.startedAt DESC", NodeEntity.class)
                .setParameter("since", now - PRUNE_MILLIS).getResultList().stream()
                .map(node -> node.toNode(now, STALE_SECONDS * 1000L, self.id())).toList());
    }

    /** The {@code otp} check's configured chain, the active provider first. */
    static List<String> providersOf(Report report) {
        return strings(report.checks().get("otp"), "configured");
    }

    static List<String> featuresOf(Report report) {
        return strings(report.checks().get("features"), "installed");
    }

    private static List<String> strings(Map<String, Object> check, String key) {
        if (check == null || !(check.get(key) instanceof List<?> values)) {
            return List.of();
        }
        return values.stream().map(String::valueOf).toList();
    }
}
