/**
 * Configuration that never stops a feature: {@link org.nerava.platform.config.ConfigCheck} reads a PID's properties
 * into its typed configuration annotation, the way Declarative Services would, but checks every value first (type and
 * range) and names each one it refuses with the PID, the key, the value and what is allowed
 * ({@link org.nerava.platform.config.ConfigProblem}); a refused value never throws out of an accessor. A bundle whose
 * settings component uses it keeps its last good values when an update is refused, comes up on the defaults of the
 * refused keys when the file is bad at boot ({@link org.nerava.platform.config.LastGoodSettings} does both), and
 * registers a {@link org.nerava.platform.config.ConfigurationStatus} so that {@code /readyz} says what was refused;
 * {@link org.nerava.platform.config.RefusalAudit} records each refusal once in the audit trail ({@code config.refused}).
 * Since 1.2.0 the settings components share the rest too: {@link org.nerava.platform.config.SettingsLog} words the log
 * lines of an update the same for every PID, and {@link org.nerava.platform.config.DelegatedConfigurationStatus} answers
 * the status from the component's {@code LastGoodSettings}. Since 1.3.0 a refused URL is shown the same way for
 * every PID, without the user info and query that may carry a credential
 * ({@link org.nerava.platform.config.ConfigCheck#refuseUrl}).
 */
@Export
@Version("1.3.0")
package org.nerava.platform.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
