package org.nerava.admin.internal.shell;

import java.io.IOException;
import java.util.Map;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.nerava.admin.internal.guard.AdminSignInGuard;
import org.nerava.platform.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin sign-in guard in front of the SSH shell's password sign-in. Karaf's SSH server puts a
 * {@code ClientPrincipal("ssh", address)} in the subject: only those sign-ins are guarded (the admin API counts its
 * own, and public-key sign-ins guess nothing). This module always steps aside in {@code login} (returns false), so
 * the realm's own modules check the password exactly as before and take as long; it learns the outcome from
 * {@code commit} (success: the failures are forgotten) or {@code abort} (a failure counted, perhaps a lock). While the
 * user name or the address is locked, {@code commit} refuses a right password: a locked sign-in is refused, right or
 * wrong, in the time a wrong password takes, so neither the answer nor its timing tells whether the password was
 * right; and locked attempts are not counted.
 *
 * <p>If the guard cannot be asked (the database is down) the shell stays reachable: the operator needs it then.
 */
public class ShellGuardLoginModule implements LoginModule {

    static final String GUARD_OPTION = "nerava.admin.sign-in-guard";
    private static final String SSH = "ssh";
    private static final Logger LOG = LoggerFactory.getLogger(ShellGuardLoginModule.class);

    private CallbackHandler callbacks;
    private AdminSignInGuard guard;
    private String address;
    private String user;
    /** A password sign-in over SSH that the guard let through: its outcome counts. */
    private boolean counted;
    /** A password sign-in over SSH while its user name or address is locked: refused whatever the password. */
    private boolean locked;

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
            Map<String, ?> options) {
        this.callbacks = callbackHandler;
        this.guard = (AdminSignInGuard) options.get(GUARD_OPTION);
        this.address = subject.getPrincipals(ClientPrincipal.class).stream()
                .filter(client -> SSH.equals(client.getMethod())).findFirst()
                .map(client -> hostOf(client.getAddress())).orElse(null);
    }

    @Override
    public boolean login() throws LoginException {
        counted = false;
        locked = false;
        if (guard == null || address == null) {
            return false;
        }
        NameCallback name = new NameCallback("user");
        PasswordCallback password = new PasswordCallback("password", false);
        try {
            callbacks.handle(new Callback[] {name, password});
        } catch (UnsupportedCallbackException e) {
            return false; // a public key: nothing to guess
        } catch (IOException e) {
            throw new LoginException("cannot read the credentials: " + e.getMessage());
        } finally {
            password.clearPassword();
        }
        user = name.getName();
        try {
            guard.admit(user, address);
        } catch (ProblemException lock) {
            locked = true;
            return false;
        } catch (RuntimeException e) {
            LOG.warn("SSH sign-in not throttled: the admin sign-in guard is unavailable ({})", e.toString());
            return false;
        }
        counted = true;
        return false;
    }

    @Override
    public boolean commit() throws LoginException {
        if (locked) {
            locked = false;
            throw new FailedLoginException("sign-in refused");
        }
        if (counted) {
            counted = false;
            try {
                guard.succeeded(user, address);
            } catch (RuntimeException e) {
                LOG.warn("SSH sign-in of {}: failures not reset ({})", user, e.toString());
            }
        }
        return false;
    }

    @Override
    public boolean abort() {
        locked = false;
        if (counted) {
            counted = false;
            try {
                guard.failed(user, address);
            } catch (RuntimeException e) {
                LOG.warn("SSH sign-in failure not counted ({})", e.toString());
            }
        }
        return false;
    }

    @Override
    public boolean logout() {
        return false;
    }

    /**
     * The host of a socket address as Karaf writes it ({@code /127.0.0.1:50022}, {@code /[0:0:0:0:0:0:0:1]:50022},
     * {@code localhost/127.0.0.1:50022}).
     */
    static String hostOf(String socketAddress) {
        String text = socketAddress.substring(socketAddress.lastIndexOf('/') + 1);
        if (text.startsWith("[")) {
            int end = text.indexOf(']');
            return end > 0 ? text.substring(1, end) : text;
        }
        int colon = text.lastIndexOf(':');
        return colon > 0 && text.indexOf(':') == colon ? text.substring(0, colon) : text;
    }
}
