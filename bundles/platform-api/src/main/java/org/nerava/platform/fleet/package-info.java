/**
 * The fleet: every node serving this database records itself, so an operator sees from any node which nodes run,
 * what they serve and whether they are ready.
 */
@Export
@Version("1.1.0")
package org.nerava.platform.fleet;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
