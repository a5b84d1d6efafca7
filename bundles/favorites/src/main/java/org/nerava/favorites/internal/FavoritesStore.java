package org.nerava.favorites.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.persistence.PersistenceException;
import javax.sql.DataSource;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.nerava.platform.persistence.MigratedSchema;
import org.nerava.platform.persistence.PlatformDatabase;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Every read and write of the {@code favorite} table (unit {@value #UNIT}). Each write is one transaction of the unit;
 * the list, read on every visit to the favorites screen, is one statement on a pooled connection in auto-commit,
 * since the unit's transaction around it cost more than the query (docs/performance.md).
 */
@Component(service = FavoritesStore.class)
public class FavoritesStore {

    public static final String UNIT = "nerava-favorites";

    /** @param added whether this call added it (false: it was there already, with its first {@code createdAt}) */
    public record Added(Favorite favorite, boolean added) {
    }

    private final JpaTemplate jpa;
    private final DataSource dataSource;

    /** Never called: referenced so that this component starts only once its tables are migrated. */
    @Reference(target = "(" + MigratedSchema.NAME + "=" + UNIT + ")")
    private MigratedSchema schema;

    @Activate
    public FavoritesStore(@Reference(target = "(osgi.unit.name=" + UNIT + ")") JpaTemplate jpa,
            @Reference(target = PlatformDatabase.TARGET) DataSource dataSource) {
        this.jpa = jpa;
        this.dataSource = dataSource;
    }

    /**
     * Adds the favorite unless the driver has it. Two adds of the same pair at once: the primary key lets one in,
     * and the other reads what it stored.
     */
    public Added add(String driverId, String merchantId, long now) {
        try {
            return jpa.txExpr(TransactionType.Required, em -> {
                FavoriteEntity existing = em.find(FavoriteEntity.class, new FavoriteEntity.Key(driverId, merchantId));
                if (existing != null) {
                    return new Added(existing.toFavorite(), false);
                }
                FavoriteEntity favorite = new FavoriteEntity(driverId, merchantId, now);
                em.persist(favorite);
                em.flush();
                return new Added(favorite.toFavorite(), true);
            });
        } catch (PersistenceException e) {
            return find(driverId, merchantId).map(f -> new Added(f, false)).orElseThrow(() -> e);
        }
    }

    /** @return whether the driver had it */
    public boolean remove(String driverId, String merchantId) {
        return jpa.txExpr(TransactionType.Required, em -> em.createQuery("DELETE FROM Favorite f"
                + " WHERE f.driverId = :driver AND f.merchantId = :merchant")
                .setParameter("driver", driverId).setParameter("merchant", merchantId).executeUpdate()) > 0;
    }

    public Optional<Favorite> find(String driverId, String merchantId) {
        return jpa.txExpr(TransactionType.Required, em -> Optional.ofNullable(
                em.find(FavoriteEntity.class, new FavoriteEntity.Key(driverId, merchantId)))
                .map(FavoriteEntity::toFavorite));
    }

    /** The driver's favorites, newest first (ties by merchant id). */
    public List<Favorite> list(String driverId) {
        return PlatformDatabase.read(dataSource, "favorites database", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT merchant_id, created_at FROM favorite"
                    + " WHERE driver_id = ? ORDER BY created_at DESC, merchant_id")) {
                select.setString(1, driverId);
                List<Favorite> favorites = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        favorites.add(new Favorite(rows.getString(1), rows.getLong(2)));
                    }
                }
                return List.copyOf(favorites);
            }
        });
    }


    public long count(String driverId) {
        return jpa.txExpr(TransactionType.Required, em -> em.createQuery("SELECT COUNT(f) FROM Favorite f"
                + " WHERE f.driverId = :driver", Long.class).setParameter("driver", driverId).getSingleResult());
    }
}
