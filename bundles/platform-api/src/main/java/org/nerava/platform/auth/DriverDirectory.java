package org.nerava.platform.auth;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Drivers by phone or public id, for features that act for a driver who is not the caller (a demo or support tool,
 * an import). The auth feature provides it; a feature that uses it references it optionally and answers 503 while
 * it is absent.
 */
@ProviderType
public interface DriverDirectory {

    /**
     * The driver with this phone, created (with {@code auth_provider = "phone"}) when there is none yet.
     *
     * @param typedPhone a phone number in any form a driver could type; normalised to E.164 the way sign-in does
     * @throws org.nerava.platform.ProblemException 400 {@code invalid_phone} when it is not a valid number
     */
    DriverPrincipal findOrCreate(String typedPhone);

    /** The driver with this public id, if there is one. */
    Optional<DriverPrincipal> find(String publicId);
}
