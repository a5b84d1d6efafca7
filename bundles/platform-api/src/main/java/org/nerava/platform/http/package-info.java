/**
 * The platform's HTTP conventions for code that answers outside the REST application (plain servlets such as
 * {@code /metrics}, the REST runtime's own answers): the one writer of a {@link org.nerava.platform.Problem} as
 * {@code application/problem+json}, the request id every answer carries in {@code X-Request-Id}, and the security
 * context the authentication filters set for a caller they know, the client address limits are counted by, and
 * outside services' answers read with a size limit.
 */
@Export
@Version("1.2.0")
package org.nerava.platform.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
