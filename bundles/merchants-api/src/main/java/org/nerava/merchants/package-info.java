/**
 * The merchant catalog as other features see it: merchants and chargers looked up by id, and the one distance rule
 * the catalog measures by. Provided by the merchants feature ({@code nerava-merchants}); this API bundle stays
 * installed while that feature comes and goes, so its users bind the catalog optionally and degrade while it is away
 * (favorites lists ids alone, exclusives answers {@code 503 catalog_unavailable}).
 */
@Export
@Version("1.0.0")
package org.nerava.merchants;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
