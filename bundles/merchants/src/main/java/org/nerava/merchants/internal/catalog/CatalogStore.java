package org.nerava.merchants.internal.catalog;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.nerava.platform.persistence.MigratedSchema;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Every read and write of the catalog tables, {@code charger} and {@code merchant} (unit {@value #UNIT}). */
@Component(service = CatalogStore.class)
public class CatalogStore {

    public static final String UNIT = "nerava-merchants";

    /** What a load changed. */
    public record LoadResult(int chargersAdded, int chargersUpdated, int merchantsAdded, int merchantsUpdated) {
    }

    private final JpaTemplate jpa;

    /** Never called: referenced so that this component starts only once its tables are migrated. */
    @Reference(target = "(" + MigratedSchema.NAME + "=" + UNIT + ")")
    private MigratedSchema schema;

    @Activate
    public CatalogStore(@Reference(target = "(osgi.unit.name=" + UNIT + ")") JpaTemplate jpa) {
        this.jpa = jpa;
    }

    public boolean isEmpty() {
        return jpa.txExpr(TransactionType.Required, em -> em.createQuery("SELECT COUNT(c) FROM Charger c",
                Long.class).getSingleResult() == 0);
    }

    public SeedFile.Contents load() {
        return jpa.txExpr(TransactionType.Required, em -> new SeedFile.Contents(
                em.createQuery("SELECT c FROM Charger c", ChargerEntity.class).getResultList().stream()
                        .map(ChargerEntity::toCharger).toList(),
                em.createQuery("SELECT m FROM Merchant m", MerchantEntity.class).getResultList().stream()
                        .map(MerchantEntity::toMerchant).toList()));
    }

    /**
     * Adds what is new and updates what changed, by id, in one transaction; removes nothing (sessions and favorites
     * refer to merchants by id, so a merchant is never deleted by a load).
     */
    public LoadResult upsert(SeedFile.Contents contents, long now) {
        return jpa.txExpr(TransactionType.Required, em -> {
            int[] counts = new int[4];
            for (Charger charger : contents.chargers()) {
                ChargerEntity entity = em.find(ChargerEntity.class, charger.id());
                if (entity == null) {
                    em.persist(new ChargerEntity(charger, now));
                    counts[0]++;
                } else if (entity.set(charger, now)) {
                    counts[1]++;
                }
            }
            for (Merchant merchant : contents.merchants()) {
                MerchantEntity entity = em.find(MerchantEntity.class, merchant.id());
                if (entity == null) {
                    em.persist(new MerchantEntity(merchant, now));
                    counts[2]++;
                } else if (entity.set(merchant, now)) {
                    counts[3]++;
                }
            }
            return new LoadResult(counts[0], counts[1], counts[2], counts[3]);
        });
    }
}
