package org.nerava.platform.auth;

import java.security.Principal;
import java.util.Objects;

/** A signed-in driver: the stable public id the app knows them by, and their phone in E.164. */
public final class DriverPrincipal implements Principal {

    private final String publicId;
    private final String phoneE164;

    public DriverPrincipal(String publicId, String phoneE164) {
        this.publicId = Objects.requireNonNull(publicId, "publicId");
        this.phoneE164 = Objects.requireNonNull(phoneE164, "phoneE164");
    }

    /** The driver's public id (a UUID); safe to log and to send to analytics. */
    public String publicId() {
        return publicId;
    }

    /** The driver's phone number in E.164; personal data, never to be logged or put in events. */
    public String phoneE164() {
        return phoneE164;
    }

    @Override
    public String getName() {
        return publicId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DriverPrincipal && ((DriverPrincipal) o).publicId.equals(publicId);
    }

    @Override
    public int hashCode() {
        return publicId.hashCode();
    }

    /** Names the driver by public id only, so a principal that ends up in a log line leaks no phone number. */
    @Override
    public String toString() {
        return "driver " + publicId;
    }
}
