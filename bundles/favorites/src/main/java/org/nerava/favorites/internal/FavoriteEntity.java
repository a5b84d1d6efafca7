package org.nerava.favorites.internal;

import java.io.Serializable;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Index;
import javax.persistence.NamedQuery;
import javax.persistence.QueryHint;
import javax.persistence.Table;

/**
 * A merchant a driver keeps. The pair (driver, merchant) is the primary key: a driver keeps a merchant once, and
 * their favorites are read through the key's first column.
 */
@Entity(name = "Favorite")
@Table(name = "favorite", indexes = @Index(name = "favorite_driver_created", columnList = "driver_id,created_at"))
@IdClass(FavoriteEntity.Key.class)
// Named, so EclipseLink builds its SQL once for the unit instead of once per request; read-only (EclipseLink's
// QueryHints.READ_ONLY: no unit-of-work copy to diff) declared here, as a hint set per call makes EclipseLink copy and
// prepare the query again on every call.
@NamedQuery(name = FavoriteEntity.LIST_OF_DRIVER, query = "SELECT f FROM Favorite f"
        + " WHERE f.driverId = :driver ORDER BY f.createdAt DESC, f.merchantId",
        hints = @QueryHint(name = "eclipselink.read-only", value = "true"))
public class FavoriteEntity {

    static final String LIST_OF_DRIVER = "Favorite.listOfDriver";

    /** The primary key. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        private String driverId;
        private String merchantId;

        public Key() {
        }

        public Key(String driverId, String merchantId) {
            this.driverId = driverId;
            this.merchantId = merchantId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && Objects.equals(((Key) o).driverId, driverId)
                    && Objects.equals(((Key) o).merchantId, merchantId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(driverId, merchantId);
        }
    }

    /** The driver's public id (the auth feature's tables are its own). */
    @Id
    @Column(name = "driver_id", length = 36)
    private String driverId;

    @Id
    @Column(name = "merchant_id", length = 64)
    private String merchantId;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    protected FavoriteEntity() {
    }

    FavoriteEntity(String driverId, String merchantId, long createdAt) {
        this.driverId = driverId;
        this.merchantId = merchantId;
        this.createdAt = createdAt;
    }

    Favorite toFavorite() {
        return new Favorite(merchantId, createdAt);
    }
}
