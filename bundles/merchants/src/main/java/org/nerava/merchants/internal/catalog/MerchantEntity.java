package org.nerava.merchants.internal.catalog;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

/** A merchant near a charger, with the exclusive offer drivers charging there get. */
@Entity(name = "Merchant")
@Table(name = "merchant", indexes = @Index(name = "merchant_charger", columnList = "charger_id"))
public class MerchantEntity {

    @Id
    @Column(name = "id", length = 64)
    private String id;

    @Column(name = "charger_id", length = 64, nullable = false)
    private String chargerId;

    @Column(name = "name", length = 120, nullable = false)
    private String name;

    @Column(name = "category", length = 40, nullable = false)
    private String category;

    @Column(name = "photo_url", length = 1000)
    private String photoUrl;

    @Column(name = "lat", nullable = false)
    private double lat;

    @Column(name = "lng", nullable = false)
    private double lng;

    @Column(name = "offer", length = 500, nullable = false)
    private String offer;

    @Column(name = "updated_at", nullable = false)
    private long updatedAt;

    protected MerchantEntity() {
    }

    MerchantEntity(Merchant merchant, long now) {
        this.id = merchant.id();
        set(merchant, now);
    }

    /** @return whether anything changed */
    boolean set(Merchant merchant, long now) {
        if (merchant.equals(toMerchant())) {
            return false;
        }
        chargerId = merchant.chargerId();
        name = merchant.name();
        category = merchant.category();
        photoUrl = merchant.photoUrl();
        lat = merchant.lat();
        lng = merchant.lng();
        offer = merchant.offer();
        updatedAt = now;
        return true;
    }

    Merchant toMerchant() {
        return new Merchant(id, chargerId, name, category, photoUrl, lat, lng, offer);
    }
}
