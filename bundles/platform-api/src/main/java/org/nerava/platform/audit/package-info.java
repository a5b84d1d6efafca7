/**
 * The audit trail: who did what to what, when, and how it ended. Every admin action, from the REST API or the
 * shell, and every refused admin attempt is recorded through {@link org.nerava.platform.audit.AuditTrail}.
 */
@Export
@Version("1.2.0")
package org.nerava.platform.audit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
