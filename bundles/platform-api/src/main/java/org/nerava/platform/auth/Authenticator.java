package org.nerava.platform.auth;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Resolves a bearer token to the driver it was issued to. Implemented by the auth feature.
 *
 * <p>Called on the request thread for every protected request, so it must be fast (a local lookup) and must not
 * call out to the network.
 */
@ProviderType
public interface Authenticator {

    /**
     * @param bearerToken the token exactly as the client sent it after {@code Bearer }
     * @return the driver, or empty when the token is unknown, expired or revoked
     */
    Optional<DriverPrincipal> authenticate(String bearerToken);
}
