/**
 * EventAdmin topics the product publishes, {@code org/nerava/<domain>/<EVENT>}, and the property keys they carry.
 * Events never carry phone numbers or codes; a driver is named by public id. Nothing may depend on a subscriber
 * (such as analytics) being installed.
 */
@Export
@Version("1.1.0")
package org.nerava.platform.events;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
