package org.nerava.admin.internal.security;

import java.util.Set;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a user name and password against a Karaf JAAS realm ({@code karaf}: {@code etc/users.properties} by
 * default, or whatever realm an operator configured, LDAP included) and reads the roles Karaf grants, group roles
 * expanded into {@link RolePrincipal}s.
 */
final class KarafRealm {

    /** How a login ended. */
    enum Verdict {
        /** The credentials are right and the user has the role. */
        GRANTED,
        /** The credentials are right; the user lacks the role. */
        LACKS_ROLE,
        /** Unknown user, wrong password, locked or expired account. */
        REFUSED
    }

    /** The realm could not be asked (not installed, misconfigured). */
    static final class UnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(KarafRealm.class);

    private final String realm;
    private final String role;

    KarafRealm(String realm, String role) {
        this.realm = realm;
        this.role = role;
    }

    Verdict check(String user, char[] password) throws UnavailableException {
        Subject subject = new Subject();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // LoginContext loads the realm's modules by name through the context class loader; Karaf's realms all name
        // org.apache.karaf.jaas.boot.ProxyLoginModule, which an HTTP request thread's loader does not see. This bundle
        // imports its package, so its own class loader does.
        thread.setContextClassLoader(KarafRealm.class.getClassLoader());
        try {
            LoginContext login;
            try {
                login = new LoginContext(realm, subject, callbacks -> answer(callbacks, user, password));
            } catch (LoginException e) {
                throw new UnavailableException("JAAS realm '" + realm + "' is not available: " + e.getMessage(), e);
            }
            try {
                login.login();
            } catch (LoginException e) {
                if (isModuleMissing(e)) {
                    throw new UnavailableException("JAAS realm '" + realm + "' cannot load its login modules: "
                            + e.getMessage(), e);
                }
                // Wrong password and unknown user alike; the module says which, but only at debug level: the message
                // names the user, never the password.
                LOG.debug("JAAS login to realm '{}' refused: {}: {}", realm, e.getClass().getSimpleName(),
                        e.getMessage());
                return Verdict.REFUSED;
            }
            try {
                Set<RolePrincipal> roles = subject.getPrincipals(RolePrincipal.class);
                return roles.stream().anyMatch(r -> role.equals(r.getName())) ? Verdict.GRANTED : Verdict.LACKS_ROLE;
            } finally {
                try {
                    login.logout();
                } catch (LoginException e) {
                    LOG.debug("JAAS logout from realm '{}' failed: {}", realm, e.getMessage());
                }
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The JDK's LoginContext reports a module class it cannot load as a plain LoginException with this text. */
    private static boolean isModuleMissing(LoginException e) {
        String message = e.getMessage();
        return e.getClass() == LoginException.class && message != null
                && (message.startsWith("unable to find LoginModule class")
                        || message.startsWith("unable to instantiate LoginModule"));
    }

    private static void answer(Callback[] callbacks, String user, char[] password)
            throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback name) {
                name.setName(user);
            } else if (callback instanceof PasswordCallback pass) {
                pass.setPassword(password); // copies the array
            } else {
                // e.g. the public-key module of the karaf realm: it then declines, and the password decides
                throw new UnsupportedCallbackException(callback);
            }
        }
    }
}
