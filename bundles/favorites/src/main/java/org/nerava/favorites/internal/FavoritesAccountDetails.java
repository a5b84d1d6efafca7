package org.nerava.favorites.internal;

import java.util.Map;

import org.nerava.platform.account.AccountDetails;
import org.nerava.platform.auth.DriverPrincipal;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code favorites_count} in {@code GET /v1/account}, while this feature is installed. */
@Component(service = AccountDetails.class)
public class FavoritesAccountDetails implements AccountDetails {

    private final Favorites favorites;

    @Activate
    public FavoritesAccountDetails(@Reference Favorites favorites) {
        this.favorites = favorites;
    }

    @Override
    public Map<String, Object> fieldsFor(DriverPrincipal driver) {
        return Map.of("favorites_count", favorites.count(driver.publicId()));
    }
}
