package org.nerava.merchants.internal.command;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.nerava.merchants.internal.CurrentSettings;
import org.nerava.merchants.internal.catalog.CatalogLoader;
import org.nerava.merchants.internal.catalog.CatalogStore;
import org.nerava.merchants.internal.catalog.SeedFile.SeedFileException;
import org.nerava.platform.audit.AuditActors;
import org.nerava.platform.audit.AuditOutcome;
import org.nerava.platform.audit.AuditRecord;
import org.nerava.platform.audit.AuditTrail;

@Service
@Command(scope = "nerava", name = "catalog-load",
        description = "Adds and updates chargers and merchants from a catalog file (by id; removes nothing; audited)")
public class CatalogLoadCommand implements Action {

    @Argument(index = 0, name = "file", description = "The catalog file; default: the configured seedFile")
    @Completion(FileCompleter.class)
    String file;

    @Reference
    CatalogLoader loader;

    @Reference
    CurrentSettings settings;

    @Reference
    AuditTrail audit;

    @Reference
    Session session;

    @Override
    public Object execute() throws Exception {
        String actor = AuditActors.shell(session.get("USER"));
        Path path = file == null || file.isBlank() ? settings.get().seedFile() : Paths.get(file.strip());
        CatalogStore.LoadResult result;
        long started = System.nanoTime();
        try {
            result = loader.load(path);
        } catch (SeedFileException | RuntimeException e) {
            audit.record(new AuditRecord(actor, "catalog.load", path.toString(), AuditOutcome.FAILURE,
                    abbreviate(e.getMessage())));
            throw e;
        }
        String summary = "chargers: " + result.chargersAdded() + " added, " + result.chargersUpdated()
                + " updated; merchants: " + result.merchantsAdded() + " added, " + result.merchantsUpdated()
                + " updated";
        audit.record(new AuditRecord(actor, "catalog.load", path.toString(), AuditOutcome.SUCCESS, summary));
        System.out.println("Loaded " + path + ": " + summary + String.format(Locale.ROOT, " (%.1f s)",
                (System.nanoTime() - started) / 1e9));
        return null;
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }
}
