package org.nerava.admin.internal.security;

import java.security.Principal;
import java.util.Objects;

import javax.ws.rs.core.SecurityContext;

/** A Karaf user with the {@code admin} role, as the admin resources see the caller. */
public record AdminPrincipal(String name) implements Principal {

    public AdminPrincipal {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String getName() {
        return name;
    }

    /** The audit actor of a request that passed {@link AdminAuthenticationFilter}: {@code admin:<user>}. */
    public static String actor(SecurityContext security) {
        Principal principal = security == null ? null : security.getUserPrincipal();
        if (!(principal instanceof AdminPrincipal)) {
            // Only reachable if the filter did not run: refuse rather than act anonymously.
            throw new IllegalStateException("admin resource called without an admin principal");
        }
        return "admin:" + principal.getName();
    }
}
