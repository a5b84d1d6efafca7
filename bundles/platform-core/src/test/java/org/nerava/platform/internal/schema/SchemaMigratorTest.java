package org.nerava.platform.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nerava.platform.internal.schema.SchemaMigrator.Script;

public class SchemaMigratorTest {

    private static final Script V1 = new Script("V1__notes.sql",
            "-- a comment naming CREATE TABLE not_this_one\nCREATE TABLE note (id VARCHAR(36) PRIMARY KEY, body VARCHAR(100) NOT NULL);");
    private static final Script V2 = new Script("V2__note_author.sql",
            "ALTER TABLE note ADD COLUMN author VARCHAR(50);");

    private final JdbcDataSource dataSource = new JdbcDataSource();
    private SchemaMigrator migrator;

    @BeforeEach
    void database() {
        dataSource.setURL("jdbc:h2:mem:migrations-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        migrator = new SchemaMigrator(dataSource);
    }

    @AfterEach
    void drop() throws SQLException {
        sql("SHUTDOWN");
    }

    @Test
    void anEmptyDatabaseGetsEveryScriptInVersionOrder() throws SQLException {
        assertThat(migrator.migrate("notes", List.of(V2, V1))).isEqualTo("2");

        sql("INSERT INTO note (id, body, author) VALUES ('1', 'hello', 'ada')");
        assertThat(query("SELECT \"version\" FROM \"notes_schema_history\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\""))
                .containsExactly("1", "2");
    }

    @Test
    void migratingAgainRunsNothing() throws SQLException {
        migrator.migrate("notes", List.of(V1, V2));
        sql("INSERT INTO note (id, body) VALUES ('1', 'kept')");

        assertThat(migrator.migrate("notes", List.of(V1, V2))).isEqualTo("2");

        assertThat(query("SELECT body FROM note")).containsExactly("kept");
        assertThat(query("SELECT \"version\" FROM \"notes_schema_history\" WHERE \"version\" IS NOT NULL")).hasSize(2);
    }

    @Test
    void tablesMadeByEclipseLinkAreBaselinedAtVersionOneWithTheirRowsAndGetTheLaterScripts() throws SQLException {
        // What create-or-extend-tables left behind: the tables of version 1, rows, no history table.
        sql("CREATE TABLE NOTE (ID VARCHAR(36) PRIMARY KEY, BODY VARCHAR(100) NOT NULL)");
        sql("INSERT INTO NOTE (ID, BODY) VALUES ('1', 'written before migrations')");

        assertThat(migrator.migrate("notes", List.of(V1, V2))).isEqualTo("2");

        assertThat(query("SELECT body || '/' || COALESCE(author, '-') FROM note"))
                .containsExactly("written before migrations/-");
        assertThat(query("SELECT \"type\" || ':' || \"version\" FROM \"notes_schema_history\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\""))
                .containsExactly("BASELINE:1", "SQL:2");
    }

    @Test
    void eachSchemaKeepsItsOwnHistorySoAnotherBundlesTablesDoNotCountAsItsOwn() throws SQLException {
        migrator.migrate("other", List.of(new Script("V1__other.sql", "CREATE TABLE other_thing (id INT PRIMARY KEY);")));

        assertThat(migrator.migrate("notes", List.of(V1))).isEqualTo("1");

        assertThat(query("SELECT \"type\" || ':' || \"version\" FROM \"notes_schema_history\" WHERE \"version\" IS NOT NULL"
                + " ORDER BY \"installed_rank\"")).containsExactly("BASELINE:0", "SQL:1");
        sql("INSERT INTO note (id, body) VALUES ('1', 'created by V1, not baselined')");
    }

    @Test
    void aScriptChangedAfterItRanIsRefused() throws SQLException {
        migrator.migrate("notes", List.of(V1));
        Script edited = new Script(V1.fileName(), V1.sql() + "\nCREATE INDEX note_body ON note (body);");

        assertThatThrownBy(() -> migrator.migrate("notes", List.of(edited))).hasMessageContaining("checksum");
    }

    @Test
    void aSchemaWithoutScriptsIsAtVersionZero() throws SQLException {
        assertThat(migrator.migrate("empty", List.of())).isEqualTo("0");
    }

    @Test
    void theFirstTableOfVersionOneIsReadPastComments() {
        assertThat(SchemaMigrator.firstTableOfVersion1(List.of(V2, V1))).contains("note");
        assertThat(SchemaMigrator.firstTableOfVersion1(List.of(V2))).isEmpty();
    }

    /** A unit's scripts as the build copied them from src/main/resources, for tests that need the real schema. */
    public static List<Script> scriptsOnClassPath(String schema) throws Exception {
        java.nio.file.Path folder = java.nio.file.Path.of(SchemaMigratorTest.class.getClassLoader()
                .getResource(org.nerava.platform.persistence.MigratedSchema.scriptFolder(schema)).toURI());
        List<Script> scripts = new ArrayList<>();
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(folder)) {
            for (java.nio.file.Path file : files.sorted().toList()) {
                scripts.add(new Script(file.getFileName().toString(), java.nio.file.Files.readString(file)));
            }
        }
        return scripts;
    }

    private void sql(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
