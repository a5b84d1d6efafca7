package org.nerava.favorites.internal;

import java.io.Serializable;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Index;
import javax.persistence.Table;

/**
 * A merchant a driver keeps. The pair (driver, merchant) is the primary key: a driver keeps a merchant once, and
 * their favorites are read through the key's first column.
 */
@Entity(name = "Favorite")
@Table(name = "favorite", indexes = @Index(name = "favorite_driver_created", columnList = "driver_id,created_at"))
@IdClass(FavoriteEntity.Key.class)
// A driver's list is read in plain SQL (FavoritesStore.list), not through the unit.
public class FavoriteEntity {

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
