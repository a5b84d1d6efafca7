/**
 * Driver authentication between bundles.
 *
 * <p>The auth feature provides an {@link org.nerava.platform.auth.Authenticator}; the platform's request filter
 * uses it for every resource class or method annotated {@link org.nerava.platform.auth.DriverAuthenticated}. A
 * resource then reads the caller with {@code (DriverPrincipal) securityContext.getUserPrincipal()}. While no
 * authenticator is bound, protected endpoints answer 503 {@code auth_unavailable}.
 */
@Export
@Version("1.1.0")
package org.nerava.platform.auth;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
