/**
 * Admin authentication between bundles.
 *
 * <p>The admin feature ({@code nerava-admin}) authenticates every request to a resource class or method annotated
 * {@link org.nerava.platform.admin.AdminAuthenticated}: HTTP Basic credentials of a Karaf user with the
 * {@code admin} role, or 401/403 before the method runs. A resource then names the caller in the audit trail with
 * {@link org.nerava.platform.admin.AdminPrincipal#actor(java.security.Principal)}. Admin list endpoints read their
 * page with {@link org.nerava.platform.admin.Paging}. A feature whose resources carry the annotation (deployments)
 * depends on this package only, never on the admin bundle: installed without it, it must refuse its admin
 * resources itself.
 */
@Export
@Version("1.0.0")
package org.nerava.platform.admin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
