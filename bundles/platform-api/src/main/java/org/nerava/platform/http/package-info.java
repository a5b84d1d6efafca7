/**
 * The platform's HTTP conventions for code that answers outside the REST application (plain servlets such as
 * {@code /metrics}, the REST runtime's own answers): the one writer of a {@link org.nerava.platform.Problem} as
 * {@code application/problem+json}, and the request id every answer carries in {@code X-Request-Id}.
 */
@Export
@Version("1.0.0")
package org.nerava.platform.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
