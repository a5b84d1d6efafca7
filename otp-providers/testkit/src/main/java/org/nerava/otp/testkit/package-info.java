/**
 * The OTP provider test kit: {@link org.nerava.otp.testkit.CodeDeliveryContract} and
 * {@link org.nerava.otp.testkit.OtpVerifierContract}, the JUnit 5 contract a provider's tests extend, and
 * {@link org.nerava.otp.testkit.InMemoryOtpRegistry}, which calls providers through Nerava's real deadline, bulkhead
 * and circuit breaker. A test-scope jar; see {@code docs/writing-a-plugin.md}.
 */
package org.nerava.otp.testkit;
