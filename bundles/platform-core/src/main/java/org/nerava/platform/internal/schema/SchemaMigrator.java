package org.nerava.platform.internal.schema;

import java.io.Reader;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;
import org.nerava.platform.persistence.MigratedSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one schema of the shared database to the newest version of its scripts with Flyway, on H2 and PostgreSQL
 * alike. Each schema keeps its own history table, so feature bundles migrate independently of each other.
 *
 * <p>Two nodes starting together migrate once: on PostgreSQL the whole step (the baseline decision included) runs
 * under a session-level advisory lock per schema, and Flyway's own lock guards the scripts. An H2 file database has a
 * single process by construction (H2 locks the file).
 *
 * <p>A schema made earlier by EclipseLink's {@code create-or-extend-tables} has the tables of version 1 but no history
 * table: it is baselined at version 1 (nothing is run, nothing is lost) and later scripts apply on top.
 */
public final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final Pattern FIRST_TABLE = Pattern.compile("CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)",
            Pattern.CASE_INSENSITIVE);
    /** High 32 bits of our advisory lock keys ("NERA"), apart from Flyway's own keys. */
    private static final long LOCK_SPACE = 0x4E455241L << 32;

    /** One versioned script: its file name ({@code V1__tables.sql}) and its text. */
    public record Script(String fileName, String sql) {
    }

    private final DataSource dataSource;

    public SchemaMigrator(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Migrates the schema and returns the version it is at afterwards ("0" when there are no scripts). */
    public String migrate(String schema, List<Script> scripts) throws SQLException {
        try (Connection lockConnection = dataSource.getConnection()) {
            boolean postgres = lockConnection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT)
                    .contains("postgres");
            long key = LOCK_SPACE | (schema.hashCode() & 0xFFFFFFFFL);
            if (postgres) {
                execute(lockConnection, "SELECT pg_advisory_lock(?)", key);
            }
            try {
                return migrateLocked(schema, scripts);
            } finally {
                if (postgres) {
                    execute(lockConnection, "SELECT pg_advisory_unlock(?)", key);
                }
            }
        }
    }

    private String migrateLocked(String schema, List<Script> scripts) throws SQLException {
        String history = MigratedSchema.historyTable(schema);
        Optional<String> legacyTable = firstTableOfVersion1(scripts);
        boolean legacy = !tableExists(history) && legacyTable.isPresent() && tableExists(legacyTable.get());
        if (legacy) {
            LOG.info("Schema {}: table {} exists without history, baselining at version 1", schema, legacyTable.get());
        }
        // Several schemas share one database schema, so Flyway finds it "non-empty" for every bundle but the first and
        // would refuse to start a history there: a new schema is baselined at 0 (all its scripts run), one made by
        // EclipseLink at 1 (its tables are version 1).
        Flyway flyway = flywayFor(history, scripts)
                .validateMigrationNaming(true)
                .baselineOnMigrate(true)
                .baselineVersion(legacy ? "1" : "0")
                .baselineDescription(legacy ? "tables made by EclipseLink before migrations" : "new schema")
                .load();
        int applied = flyway.migrate().migrationsExecuted;
        MigrationInfo current = flyway.info().current();
        String version = current == null || current.getVersion() == null ? "0" : current.getVersion().getVersion();
        LOG.info("Schema {} at version {} ({} script(s) run now)", schema, version, applied);
        return version;
    }

    /** Flyway on this schema's own history table and scripts only (no classpath scanning, never a clean). */
    private FluentConfiguration flywayFor(String history, List<Script> scripts) {
        return Flyway.configure(Flyway.class.getClassLoader())
                .dataSource(dataSource)
                .table(history)
                .resourceProvider(new Scripts(scripts))
                .javaMigrationClassProvider(List::of)
                .cleanDisabled(true);
    }

    /**
     * What {@link #migrate} would do, read from the schema's history without changing anything: the version the
     * database is at, the scripts that would run, and versions the database has that these scripts do not know (a
     * database migrated by a newer build).
     */
    public SchemaInspection inspect(String schema, List<Script> scripts) throws SQLException {
        String history = MigratedSchema.historyTable(schema);
        boolean hasHistory = tableExists(history);
        Optional<String> legacyTable = firstTableOfVersion1(scripts);
        boolean legacy = !hasHistory && legacyTable.isPresent() && tableExists(legacyTable.get());
        Flyway flyway = flywayFor(history, scripts).load();
        List<String> pending = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        String current = "none";
        for (MigrationInfo info : flyway.info().all()) {
            String version = info.getVersion() == null ? "?" : info.getVersion().getVersion();
            MigrationState state = info.getState();
            if (state == MigrationState.PENDING && !(legacy && "1".equals(version))) {
                pending.add("V" + version);
            } else if (state == MigrationState.FUTURE_SUCCESS || state == MigrationState.FUTURE_FAILED) {
                unknown.add("V" + version);
            }
            if (state.isApplied() && info.getVersion() != null) {
                current = version;
            }
        }
        if (legacy) {
            current = "1 (tables without history: baselined at the next start)";
        }
        return new SchemaInspection(schema, hasHistory || legacy, current, pending, unknown);
    }

    /** One schema as {@link #inspect} found it. */
    public record SchemaInspection(String schema, boolean exists, String version, List<String> pending,
            List<String> unknown) {
    }

    static Optional<String> firstTableOfVersion1(List<Script> scripts) {
        return scripts.stream().filter(s -> s.fileName().startsWith("V1__")).findFirst()
                .map(s -> FIRST_TABLE.matcher(stripComments(s.sql())))
                .filter(Matcher::find).map(m -> m.group(1));
    }

    private static String stripComments(String sql) {
        return sql.replaceAll("(?m)--.*$", "");
    }

    private boolean tableExists(String table) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            String schema = connection.getSchema();
            // Unquoted names are upper case in H2 and lower case in PostgreSQL; Flyway quotes its history table as given.
            for (String name : List.of(table, table.toUpperCase(Locale.ROOT), table.toLowerCase(Locale.ROOT))) {
                try (ResultSet rs = meta.getTables(null, schema, name, new String[] {"TABLE"})) {
                    if (rs.next()) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private static void execute(Connection connection, String sql, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, key);
            statement.execute();
        }
    }

    /** The scripts as Flyway resources, instead of Flyway scanning a class path (which it cannot do in a bundle). */
    private static final class Scripts implements ResourceProvider {

        private final List<LoadableResource> resources = new ArrayList<>();

        Scripts(List<Script> scripts) {
            scripts.stream().sorted(Comparator.comparing(Script::fileName)).forEach(s -> resources.add(new Text(s)));
        }

        @Override
        public LoadableResource getResource(String name) {
            return resources.stream().filter(r -> r.getFilename().equals(name) || r.getRelativePath().equals(name))
                    .findFirst().orElse(null);
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            List<LoadableResource> matching = new ArrayList<>();
            for (LoadableResource r : resources) {
                for (String suffix : suffixes) {
                    if (r.getFilename().startsWith(prefix) && r.getFilename().endsWith(suffix)) {
                        matching.add(r);
                        break;
                    }
                }
            }
            return matching;
        }
    }

    private static final class Text extends LoadableResource {

        private final Script script;

        Text(Script script) {
            this.script = script;
        }

        @Override
        public Reader read() {
            return new StringReader(script.sql());
        }

        @Override
        public String getAbsolutePath() {
            return script.fileName();
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return script.fileName();
        }

        @Override
        public String getFilename() {
            return script.fileName();
        }

        @Override
        public String getRelativePath() {
            return script.fileName();
        }
    }
}
