package org.nerava.platform.internal.health;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.nerava.platform.concurrent.DaemonThreads;
import org.nerava.platform.health.Readiness;
import org.nerava.platform.health.ReadinessCheck;
import org.nerava.platform.metrics.Meters;
import org.nerava.platform.persistence.PlatformDatabase;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The shared database answers a validation query. The one critical check: without it nothing can be stored. Gauge
 * {@code nerava_database_up} is the last answer (1 up, 0 down), checked every {@value #REFRESH_SECONDS} s on a thread
 * of its own as well as at each probe, so a scrape never waits on the database.
 */
@Component(service = ReadinessCheck.class)
public class DatabaseReadinessCheck implements ReadinessCheck {

    static final long REFRESH_SECONDS = 15;

    /** NaN until the first answer. */
    private volatile double up = Double.NaN;
    private ScheduledExecutorService refresh;

    @Activate
    void activate() {
        refresh = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("nerava-database-check"));
        refresh.scheduleWithFixedDelay(this::check, 0, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        refresh.shutdownNow();
    }

    /** The database it checks; while there is none, the check says so. */
    @Reference(target = PlatformDatabase.TARGET, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile DataSource dataSource;

    /** The gauge belongs to that Meters instance and leaves with it: there is nothing to keep or to undo. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindMeters")
    void bindMeters(Meters m) {
        m.gauge("nerava.database.up", "1 when the shared database answered its last validation query, 0 when not",
                () -> up);
    }

    void unbindMeters(Meters m) {
        // Nothing to undo (see bindMeters); Declarative Services wants an unbind method for a dynamic reference.
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public boolean critical() {
        return true;
    }

    @Override
    public Readiness check() {
        Readiness answer = answer();
        up = answer.status() == Readiness.Status.UP ? 1 : 0;
        return answer;
    }

    private Readiness answer() {
        DataSource current = dataSource;
        if (current == null) {
            return Readiness.down("no DataSource '" + PlatformDatabase.NAME
                    + "' is registered; see etc/org.ops4j.datasource-nerava.cfg");
        }
        try (Connection connection = current.getConnection()) {
            return connection.isValid(2)
                    ? Readiness.up(connection.getMetaData().getDatabaseProductName())
                    : Readiness.down("the connection failed validation");
        } catch (SQLException | RuntimeException e) {
            return Readiness.down("cannot connect: " + e.getMessage());
        }
    }
}
