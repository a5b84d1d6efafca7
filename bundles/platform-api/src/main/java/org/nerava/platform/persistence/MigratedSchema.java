package org.nerava.platform.persistence;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Registered by the platform, in the owning bundle's name, once that bundle's schema is at the newest version its
 * scripts describe. Reference it with a target on {@value #NAME} (for example
 * {@code @Reference(target = "(nerava.schema=nerava-auth)") MigratedSchema schema}) to run only on a migrated schema.
 */
@ProviderType
public interface MigratedSchema {

    /** Manifest header naming the bundle's schema; its value is the schema name, by convention the JPA unit name. */
    String HEADER = "Nerava-Schema";

    /** Service property: the schema name. */
    String NAME = "nerava.schema";

    /** Service property: the version the schema is at (the newest applied script, e.g. "2"). */
    String VERSION = "nerava.schema.version";

    /** Folder of a bundle's scripts for one schema: {@code db/migration/<schema>}. */
    static String scriptFolder(String schema) {
        return "db/migration/" + schema;
    }

    /** Table that records which scripts of one schema have run: {@code <schema>_schema_history}, '-' as '_'. */
    static String historyTable(String schema) {
        return schema.replace('-', '_') + "_schema_history";
    }

    String name();

    String version();
}
