package org.nerava.platform.http;

import java.security.Principal;
import java.util.Objects;

import javax.ws.rs.core.SecurityContext;

/**
 * The security context an authentication filter sets once it knows the caller: one principal holding one role,
 * authenticated by one scheme. The driver and admin filters set it; resources read the principal back with
 * {@code @Context SecurityContext}.
 */
public final class CallerSecurityContext implements SecurityContext {

    private final Principal caller;
    private final String role;
    private final String scheme;
    private final boolean secure;

    /** @param secure whether the request came over HTTPS, as the context it replaces said */
    public CallerSecurityContext(Principal caller, String role, String scheme, boolean secure) {
        this.caller = Objects.requireNonNull(caller, "caller");
        this.role = Objects.requireNonNull(role, "role");
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.secure = secure;
    }

    @Override
    public Principal getUserPrincipal() {
        return caller;
    }

    @Override
    public boolean isUserInRole(String role) {
        return this.role.equals(role);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return scheme;
    }
}
