/**
 * The merchant catalog, provided by the exclusives feature and used optionally by others (favorites shows names
 * and photos when it is present and works on ids alone when it is not).
 */
@Export
@Version("1.1.0")
package org.nerava.platform.catalog;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
