/** What features add to a driver's account view ({@code GET /v1/account}). */
@Export
@Version("1.0.0")
package org.nerava.platform.account;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
