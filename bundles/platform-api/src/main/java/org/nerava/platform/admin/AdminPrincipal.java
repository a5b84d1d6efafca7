package org.nerava.platform.admin;

import java.security.Principal;
import java.util.Objects;

/**
 * A Karaf user with the {@code admin} role, as admin resources see the caller once the admin feature authenticated
 * the request.
 *
 * @param name the Karaf user name
 */
public record AdminPrincipal(String name) implements Principal {

    public AdminPrincipal {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String getName() {
        return name;
    }

    /**
     * The audit actor of an authenticated admin request: {@code admin:<user>}.
     *
     * @param principal the request's {@code SecurityContext.getUserPrincipal()}
     * @throws IllegalStateException when it is not an admin: the request was never authenticated, and acting
     *         anonymously is refused
     */
    public static String actor(Principal principal) {
        if (!(principal instanceof AdminPrincipal admin)) {
            throw new IllegalStateException("admin resource called without an admin principal");
        }
        return "admin:" + admin.name();
    }
}
