/**
 * Schema migrations: a bundle that owns tables names its schema in the manifest header
 * {@value org.nerava.platform.persistence.MigratedSchema#HEADER} and ships versioned SQL scripts under
 * {@code db/migration/<schema>/} ({@code V1__tables.sql}, {@code V2__...}). The platform migrates the shared database
 * when the bundle starts, then registers a {@link org.nerava.platform.persistence.MigratedSchema} service in that
 * bundle's name; the bundle's database users reference it, so none of them runs on an older schema.
 */
@Export
@Version("1.1.0")
package org.nerava.platform.persistence;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
