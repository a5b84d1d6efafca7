package org.nerava.merchants.internal.catalog;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** A charging site; its merchants are the ones a driver charging there can get exclusives from. */
@Entity(name = "Charger")
@Table(name = "charger")
public class ChargerEntity {

    @Id
    @Column(name = "id", length = 64)
    private String id;

    @Column(name = "name", length = 120, nullable = false)
    private String name;

    @Column(name = "address", length = 200)
    private String address;

    @Column(name = "lat", nullable = false)
    private double lat;

    @Column(name = "lng", nullable = false)
    private double lng;

    @Column(name = "updated_at", nullable = false)
    private long updatedAt;

    protected ChargerEntity() {
    }

    ChargerEntity(Charger charger, long now) {
        this.id = charger.id();
        set(charger, now);
    }

    /** @return whether anything changed */
    boolean set(Charger charger, long now) {
        if (charger.equals(toCharger())) {
            return false;
        }
        name = charger.name();
        address = charger.address();
        lat = charger.lat();
        lng = charger.lng();
        updatedAt = now;
        return true;
    }

    Charger toCharger() {
        return new Charger(id, name, address, lat, lng);
    }
}
