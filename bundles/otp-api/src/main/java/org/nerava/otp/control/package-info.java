/**
 * Operating the OTP providers from another feature (the admin API): list them with their state, diagnose one,
 * switch the active one. The auth feature provides {@link org.nerava.otp.control.OtpProviderControl}; the shell
 * commands {@code nerava:otp-providers}, {@code nerava:otp-check} and {@code nerava:otp-use} do the same.
 */
@Export
@Version("1.0.0")
package org.nerava.otp.control;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
