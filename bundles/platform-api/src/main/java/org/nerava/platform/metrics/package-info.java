/**
 * Metrics: counters, timers and gauges that a feature records and the platform exposes in Prometheus text format at
 * {@code GET /metrics}.
 *
 * <p>Reference {@link org.nerava.platform.metrics.Meters} optionally and dynamically
 * ({@code cardinality = OPTIONAL, policy = DYNAMIC}): the metrics feature may be absent or be uninstalled at any
 * time, and recording must never be the reason a feature stops or a request fails. The service is bundle-scoped:
 * the meters a bundle creates are removed from {@code /metrics} when that bundle releases the service (it stops or
 * is uninstalled). Names are lower case, dot-separated and start with {@code nerava.}; Prometheus sees
 * {@code nerava_<name>_total} for counters and {@code nerava_<name>_seconds_*} for timers. Tag values must come
 * from small, fixed sets (provider ids, outcome codes, route templates): never ids, phone numbers or raw paths.
 */
@Export
@Version("1.0.0")
package org.nerava.platform.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
