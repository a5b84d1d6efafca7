package org.nerava.platform.internal.health;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.nerava.platform.health.Readiness;
import org.nerava.platform.health.ReadinessCheck;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** The shared database answers a validation query. The one critical check: without it nothing can be stored. */
@Component(service = ReadinessCheck.class)
public class DatabaseReadinessCheck implements ReadinessCheck {

    static final String DATA_SOURCE = "nerava";

    @Reference(target = "(osgi.jndi.service.name=" + DATA_SOURCE + ")", cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile DataSource dataSource;

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
        DataSource current = dataSource;
        if (current == null) {
            return Readiness.down("no DataSource '" + DATA_SOURCE + "' is registered; see etc/org.ops4j.datasource-nerava.cfg");
        }
        try (Connection connection = current.getConnection()) {
            return connection.isValid(2)
                    ? Readiness.up(connection.getMetaData().getDatabaseProductName())
                    : Readiness.down("the connection failed validation");
        } catch (SQLException e) {
            return Readiness.down("cannot connect: " + e.getMessage());
        }
    }
}
