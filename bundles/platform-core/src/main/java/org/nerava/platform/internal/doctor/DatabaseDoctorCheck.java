package org.nerava.platform.internal.doctor;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import javax.sql.DataSource;

import org.nerava.platform.doctor.DoctorCheck;
import org.nerava.platform.doctor.Finding;
import org.nerava.platform.internal.schema.SchemaMigrations;
import org.nerava.platform.internal.schema.SchemaMigrator;
import org.nerava.platform.internal.schema.SchemaMigrator.SchemaInspection;
import org.nerava.platform.persistence.MigratedSchema;
import org.nerava.platform.persistence.PlatformDatabase;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code database}: the shared database answers; {@code schema.<name>}: for each schema a started bundle owns, the
 * version the database is at and the scripts the next start would run (listed, never run: a normal upgrade has some),
 * and a FAIL when the database was migrated by a newer build than this one.
 */
@Component(service = DoctorCheck.class)
public class DatabaseDoctorCheck implements DoctorCheck {

    static final String FIX_CONNECT = "check NERAVA_DB_URL, NERAVA_DB_USER, NERAVA_DB_PASSWORD and NERAVA_DB_DRIVER,"
            + " and that the database accepts connections from this host";

    private final BundleContext context;

    @Reference(target = PlatformDatabase.TARGET, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile DataSource dataSource;

    @Activate
    public DatabaseDoctorCheck(BundleContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public List<Finding> check() {
        DataSource current = dataSource;
        if (current == null) {
            return List.of(Finding.fail("database", "no DataSource 'nerava' is registered (the JDBC driver named by"
                    + " NERAVA_DB_DRIVER is not installed, or its configuration is refused)", FIX_CONNECT));
        }
        List<Finding> findings = new ArrayList<>();
        try (Connection connection = current.getConnection()) {
            if (!connection.isValid(2)) {
                return List.of(Finding.fail("database", "the connection failed validation", FIX_CONNECT));
            }
            findings.add(Finding.ok("database", connection.getMetaData().getDatabaseProductName() + " "
                    + connection.getMetaData().getDatabaseProductVersion()));
        } catch (Exception e) {
            return List.of(Finding.fail("database", "cannot connect: " + e.getMessage(), FIX_CONNECT));
        }
        SchemaMigrator migrator = new SchemaMigrator(current);
        for (Bundle bundle : schemaBundles()) {
            String schema = bundle.getHeaders("").get(MigratedSchema.HEADER).trim();
            String check = "schema." + schema;
            try {
                findings.add(judge(check, migrator.inspect(schema, SchemaMigrations.scriptsOf(bundle, schema))));
            } catch (Exception e) {
                findings.add(Finding.fail(check, "cannot read its history: " + e.getMessage(),
                        "see data/log/karaf.log; the database user needs to read every table of the schema"));
            }
        }
        return findings;
    }

    static Finding judge(String check, SchemaInspection schema) {
        if (!schema.unknown().isEmpty()) {
            return Finding.fail(check, "the database is at version " + schema.version() + ", newer than this build"
                    + " knows (" + String.join(", ", schema.unknown()) + ")",
                    "deploy a build with these migrations, or restore the database from before them");
        }
        if (!schema.exists()) {
            return Finding.ok(check, "new: the first start creates it (" + schema.pending().size() + " script(s))");
        }
        return Finding.ok(check, "at version " + schema.version() + (schema.pending().isEmpty() ? ", up to date"
                : "; the next start migrates " + String.join(", ", schema.pending())));
    }

    private List<Bundle> schemaBundles() {
        return Arrays.stream(context.getBundles())
                .filter(b -> (b.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0)
                .filter(b -> {
                    String schema = b.getHeaders("").get(MigratedSchema.HEADER);
                    return schema != null && !schema.isBlank();
                })
                .sorted(Comparator.comparing(Bundle::getSymbolicName))
                .toList();
    }
}
