/**
 * Conventions every Nerava bundle shares on the wire.
 *
 * <p>Failures are reported as RFC 9457 problem details ({@link org.nerava.platform.Problem}) with a stable,
 * machine-readable {@code code}. A resource signals one by throwing {@link org.nerava.platform.ProblemException};
 * the platform writes it as {@code application/problem+json}, so no bundle builds error bodies itself.
 */
@Export
@Version("1.0.0")
package org.nerava.platform;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
