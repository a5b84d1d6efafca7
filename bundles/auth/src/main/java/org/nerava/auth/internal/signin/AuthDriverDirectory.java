package org.nerava.auth.internal.signin;

import java.time.Clock;
import java.util.Optional;

import org.nerava.auth.internal.store.AuthStore;
import org.nerava.auth.internal.store.Driver;
import org.nerava.platform.auth.DriverDirectory;
import org.nerava.platform.auth.DriverPrincipal;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The drivers of the sign-in tables, for features acting on a driver's behalf. */
@Component(service = DriverDirectory.class)
public class AuthDriverDirectory implements DriverDirectory {

    private final AuthStore store;
    private final SignInService signIn;
    private final Clock clock;

    @Activate
    public AuthDriverDirectory(@Reference AuthStore store, @Reference SignInService signIn) {
        this(store, signIn, Clock.systemUTC());
    }

    AuthDriverDirectory(AuthStore store, SignInService signIn, Clock clock) {
        this.store = store;
        this.signIn = signIn;
        this.clock = clock;
    }

    @Override
    public DriverPrincipal findOrCreate(String typedPhone) {
        String phone = signIn.settings().phones().toE164(typedPhone);
        return principal(store.findOrCreateDriver(phone, clock.millis()));
    }

    @Override
    public Optional<DriverPrincipal> find(String publicId) {
        return publicId == null ? Optional.empty() : store.driverByPublicId(publicId).map(AuthDriverDirectory::principal);
    }

    private static DriverPrincipal principal(Driver driver) {
        return new DriverPrincipal(driver.publicId(), driver.phoneE164());
    }
}
