/**
 * Readiness: what {@code GET /readyz} reports. Any bundle may register a
 * {@link org.nerava.platform.health.ReadinessCheck} service; the platform calls every registered check off the
 * request thread, with a time limit, and answers 503 only when a <em>critical</em> check is down.
 */
@Export
@Version("1.0.0")
package org.nerava.platform.health;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
