package org.nerava.auth.internal.signin;

import java.time.Clock;
import java.util.Optional;

import org.nerava.auth.internal.store.AuthStore;
import org.nerava.platform.auth.Authenticator;
import org.nerava.platform.auth.DriverPrincipal;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Bearer tokens to drivers, for the platform's authentication filter: a live, unrevoked session's driver. */
@Component(service = Authenticator.class)
public class SessionAuthenticator implements Authenticator {

    private final AuthStore store;
    private final Clock clock;

    @Activate
    public SessionAuthenticator(@Reference AuthStore store) {
        this(store, Clock.systemUTC());
    }

    SessionAuthenticator(AuthStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Optional<DriverPrincipal> authenticate(String bearerToken) {
        if (!SessionTokens.isWellFormed(bearerToken)) {
            return Optional.empty();
        }
        return store.sessionDriver(SessionTokens.sha256(bearerToken), clock.millis())
                .map(driver -> new DriverPrincipal(driver.publicId(), driver.phoneE164()));
    }
}
