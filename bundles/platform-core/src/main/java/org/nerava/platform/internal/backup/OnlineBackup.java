package org.nerava.platform.internal.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import javax.sql.DataSource;

import org.nerava.platform.persistence.PlatformDatabase;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A consistent copy of the embedded H2 database while the server keeps serving: H2's {@code BACKUP TO} writes a zip
 * of the database as of one moment (MVStore copies a stable version of its file while writes go on), which
 * {@code bin/nerava-restore} puts back with H2's own {@code Restore} tool. The zip is written next to the target under
 * a temporary name and moved into place only when complete, so a failed backup leaves no file that looks whole.
 *
 * <p>PostgreSQL has its own tools ({@code pg_dump}, continuous archiving) and is refused here with that advice.
 */
@Component(service = OnlineBackup.class)
public final class OnlineBackup {

    /** What a backup wrote. */
    public record Written(Path file, long bytes, long millis) {
    }

    /** A backup that cannot be made, with the reason an operator can act on. */
    public static final class BackupRefused extends Exception {
        private static final long serialVersionUID = 1L;

        BackupRefused(String message) {
            super(message);
        }
    }

    private final DataSource dataSource;

    @Activate
    public OnlineBackup(@Reference(target = PlatformDatabase.TARGET) DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Written backupTo(Path target) throws BackupRefused {
        Path file = target.toAbsolutePath().normalize();
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            throw new BackupRefused("the backup is a zip file: name it <something>.zip");
        }
        if (Files.exists(file)) {
            throw new BackupRefused(file + " exists already; a backup never overwrites one");
        }
        Path folder = file.getParent();
        if (folder == null || !Files.isDirectory(folder) || !Files.isWritable(folder)) {
            throw new BackupRefused("the folder " + folder + " does not exist or is not writable");
        }
        Path partial = folder.resolve(file.getFileName() + ".partial");
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            String url = connection.getMetaData().getURL();
            if (!isEmbeddedH2File(url)) {
                throw new BackupRefused("the database is not an embedded H2 file (" + describe(url) + "): back it up"
                        + " with its own tools, for PostgreSQL pg_dump (docs/operations.md, \"Backup and restore\")");
            }
            Files.deleteIfExists(partial);
            try (Statement statement = connection.createStatement()) {
                statement.execute("BACKUP TO '" + partial.toString().replace("'", "''") + "'");
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            return new Written(file, Files.size(file), (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException | IOException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the original failure is the one to report
            }
            throw new BackupRefused("the backup failed: " + e.getMessage());
        }
    }

    static boolean isEmbeddedH2File(String url) {
        if (url == null || !url.startsWith("jdbc:h2:")) {
            return false;
        }
        String rest = url.substring("jdbc:h2:".length());
        return !rest.startsWith("mem:") && !rest.startsWith("tcp:") && !rest.startsWith("ssl:");
    }

    /** The URL without anything after the host: never a password or a query string in a message. */
    private static String describe(String url) {
        if (url == null) {
            return "unknown";
        }
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
