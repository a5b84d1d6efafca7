/**
 * How Nerava calls an OTP provider: one {@link org.nerava.otp.guard.ProviderGuard} per provider, with its circuit
 * breaker, its bulkhead and the deadline of each call. A small library, not an API: the auth bundle embeds this
 * package privately (bnd {@code -includepackage}), and the provider test kit runs providers through the very same
 * classes, so a provider's tests see the deadline, bulkhead and breaker it gets in production. It carries no
 * {@code @Version} on purpose: no bundle exports it, and no provider should build on it (a provider builds no breaker
 * of its own).
 */
package org.nerava.otp.guard;
