package org.nerava.favorites.internal;

import java.util.List;
import java.util.Optional;

import javax.persistence.PersistenceException;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.nerava.platform.persistence.MigratedSchema;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Every read and write of the {@code favorite} table (unit {@value #UNIT}); each method is one transaction. */
@Component(service = FavoritesStore.class)
public class FavoritesStore {


    public static final String UNIT = "nerava-favorites";

    /** @param added whether this call added it (false: it was there already, with its first {@code createdAt}) */
    public record Added(Favorite favorite, boolean added) {
    }

    private final JpaTemplate jpa;

    /** Never called: referenced so that this component starts only once its tables are migrated. */
    @Reference(target = "(" + MigratedSchema.NAME + "=" + UNIT + ")")
    private MigratedSchema schema;

    @Activate
    public FavoritesStore(@Reference(target = "(osgi.unit.name=" + UNIT + ")") JpaTemplate jpa) {
        this.jpa = jpa;
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
        return jpa.txExpr(TransactionType.Required, em -> em.createNamedQuery(FavoriteEntity.LIST_OF_DRIVER, FavoriteEntity.class)
                .setParameter("driver", driverId)
                .getResultList().stream().map(FavoriteEntity::toFavorite).toList());
    }

    public long count(String driverId) {
        return jpa.txExpr(TransactionType.Required, em -> em.createQuery("SELECT COUNT(f) FROM Favorite f"
                + " WHERE f.driverId = :driver", Long.class).setParameter("driver", driverId).getSingleResult());
    }
}
