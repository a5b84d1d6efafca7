package org.nerava.favorites.internal.rest;

import java.time.Instant;

import org.nerava.favorites.internal.Favorites;

/** A favorite on the wire; {@code name} and {@code photo_url} only while the merchant catalog knows the merchant. */
public record FavoriteView(String merchantId, String name, String photoUrl, Instant createdAt) {

    static FavoriteView of(Favorites.Entry entry) {
        return new FavoriteView(entry.merchantId(), entry.name(), entry.photoUrl(),
                Instant.ofEpochMilli(entry.createdAt()));
    }
}
