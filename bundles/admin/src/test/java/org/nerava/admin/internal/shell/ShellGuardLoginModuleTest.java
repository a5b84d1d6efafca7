package org.nerava.admin.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.nerava.admin.internal.AdminConfig;
import org.nerava.admin.internal.CurrentAdminSettings;
import org.nerava.admin.internal.guard.AdminSignInGuard;
import org.nerava.admin.internal.guard.FailureStore;
import org.nerava.testing.ConfigAnnotations;
import org.nerava.testing.RecordingAuditTrail;
import org.nerava.testing.TestDatabase;

/**
 * The guard module in a real JAAS login, in front of a password module as Karaf's realm has them (optional): wrong
 * passwords lock, a lock refuses the right password too, a success forgets the failures, and sign-ins that are not
 * SSH password sign-ins are neither refused nor counted.
 */
@ParameterizedClass(name = "on {0}")
@ArgumentsSource(TestDatabase.Engines.class)
class ShellGuardLoginModuleTest {

    private final TestDatabase database;
    private final RecordingAuditTrail audit = new RecordingAuditTrail(Clock.systemUTC());
    private final AdminSignInGuard guard;

    ShellGuardLoginModuleTest(TestDatabase.Engine engine) {
        database = TestDatabase.on(engine, FailureStore.UNIT);
        guard = new AdminSignInGuard(new FailureStore(database.jpa()), audit,
                CurrentAdminSettings.fixed(ConfigAnnotations.of(AdminConfig.class, Map.of("failuresBeforeLock", 3,
                        "lockBaseSeconds", 1, "lockMaxSeconds", 1, "failureWindowSeconds", 600))));
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        database.close();
    }

    /** The realm as Karaf builds it, the guard first; the password module knows ops/right. */
    private Configuration realm() {
        return new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {
                    new AppConfigurationEntry(ShellGuardLoginModule.class.getName(), LoginModuleControlFlag.REQUISITE,
                            Map.of(ShellGuardLoginModule.GUARD_OPTION, guard)),
                    new AppConfigurationEntry(PasswordModule.class.getName(), LoginModuleControlFlag.OPTIONAL,
                            Map.of())};
            }
        };
    }

    private boolean sshSignIn(String user, String password, String from) {
        Subject subject = new Subject();
        subject.getPrincipals().add(new ClientPrincipal("ssh", "/" + from + ":50022"));
        return signIn(subject, handler(user, password));
    }

    private boolean signIn(Subject subject, CallbackHandler handler) {
        try {
            new LoginContext("karaf", subject, handler, realm()).login();
            return true;
        } catch (LoginException e) {
            return false;
        }
    }

    @Test
    void wrongPasswordsLockAndALockRefusesTheRightPasswordUntilItEnds() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(sshSignIn("ops", "wrong", "203.0.113.9")).isFalse();
        }
        assertThat(audit.entries()).anyMatch(entry -> entry.action().equals(AdminSignInGuard.LOCK_ACTION));
        assertThat(sshSignIn("ops", "right", "203.0.113.9")).isFalse();
        // The user name is locked wherever the sign-in comes from.
        assertThat(sshSignIn("ops", "right", "198.51.100.7")).isFalse();
        assertThat(sshSignIn("eve", "right", "198.51.100.7")).isFalse();
        Thread.sleep(1_100);
        assertThat(sshSignIn("ops", "right", "203.0.113.9")).isTrue();
    }

    @Test
    void aSuccessForgetsTheFailures() {
        assertThat(sshSignIn("ops", "wrong", "203.0.113.9")).isFalse();
        assertThat(sshSignIn("ops", "wrong", "203.0.113.9")).isFalse();
        assertThat(sshSignIn("ops", "right", "203.0.113.9")).isTrue();
        assertThat(sshSignIn("ops", "wrong", "203.0.113.9")).isFalse();
        assertThat(sshSignIn("ops", "wrong", "203.0.113.9")).isFalse();
        assertThat(sshSignIn("ops", "right", "203.0.113.9")).isTrue();
    }

    @Test
    void theModuleNeverSignsAnyoneInByItself() {
        Subject subject = new Subject();
        subject.getPrincipals().add(new ClientPrincipal("ssh", "/203.0.113.9:50022"));
        assertThatThrownBy(() -> new LoginContext("karaf", subject, handler("ops", "wrong"), new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(ShellGuardLoginModule.class.getName(),
                        LoginModuleControlFlag.REQUISITE, Map.of(ShellGuardLoginModule.GUARD_OPTION, guard))};
            }
        }).login()).isInstanceOf(LoginException.class);
    }

    @Test
    void signInsThatAreNotSshPasswordSignInsAreNotCounted() {
        for (int i = 0; i < 5; i++) {
            // The admin API's own check (no client principal): it counts its failures itself.
            assertThat(signIn(new Subject(), handler("ops", "wrong"))).isFalse();
            // A public key over SSH: no password to guess.
            Subject key = new Subject();
            key.getPrincipals().add(new ClientPrincipal("ssh", "/203.0.113.9:50022"));
            assertThat(signIn(key, callbacks -> {
                for (Callback callback : callbacks) {
                    if (callback instanceof NameCallback name) {
                        name.setName("ops");
                    } else {
                        throw new UnsupportedCallbackException(callback);
                    }
                }
            })).isFalse();
        }
        assertThat(sshSignIn("ops", "right", "203.0.113.9")).isTrue();
    }

    @Test
    void theClientsHostIsReadFromKarafsSocketAddress() {
        assertThat(ShellGuardLoginModule.hostOf("/127.0.0.1:50022")).isEqualTo("127.0.0.1");
        assertThat(ShellGuardLoginModule.hostOf("localhost/127.0.0.2:50022")).isEqualTo("127.0.0.2");
        assertThat(ShellGuardLoginModule.hostOf("/[0:0:0:0:0:0:0:1]:50022")).isEqualTo("0:0:0:0:0:0:0:1");
    }

    private static CallbackHandler handler(String user, String password) {
        return callbacks -> {
            for (Callback callback : callbacks) {
                if (callback instanceof NameCallback name) {
                    name.setName(user);
                } else if (callback instanceof PasswordCallback pass) {
                    pass.setPassword(password.toCharArray());
                } else {
                    throw new UnsupportedCallbackException(callback);
                }
            }
        };
    }

    /** Stands for Karaf's properties module: user ops, password right. */
    public static final class PasswordModule implements LoginModule {
        private CallbackHandler handler;

        @Override
        public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
                Map<String, ?> options) {
            this.handler = callbackHandler;
        }

        @Override
        public boolean login() throws LoginException {
            NameCallback name = new NameCallback("user");
            PasswordCallback password = new PasswordCallback("password", false);
            try {
                handler.handle(new Callback[] {name, password});
            } catch (Exception e) {
                throw new FailedLoginException("no password");
            }
            if ("ops".equals(name.getName()) && "right".equals(new String(password.getPassword()))) {
                return true;
            }
            throw new FailedLoginException("wrong password");
        }

        @Override
        public boolean commit() {
            return true;
        }

        @Override
        public boolean abort() {
            return true;
        }

        @Override
        public boolean logout() {
            return true;
        }
    }
}
