package org.nerava.platform.internal.fleet;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.nerava.platform.fleet.FleetSetting;

/** A row of table {@code fleet_setting}; times are epoch milliseconds. */
@Entity(name = "FleetSetting")
@Table(name = "fleet_setting")
public class FleetSettingEntity {

    @Id
    @Column(length = 100)
    private String name;

    @Column(name = "setting_value", nullable = false, length = 1000)
    private String value;

    @Column(nullable = false)
    private long version;

    @Column(name = "updated_by", nullable = false, length = 200)
    private String updatedBy;

    @Column(name = "updated_at", nullable = false)
    private long updatedAt;

    protected FleetSettingEntity() {
    }

    FleetSettingEntity(String name) {
        this.name = name;
    }

    void change(String newValue, String actor, Instant at) {
        this.value = newValue;
        this.version++;
        this.updatedBy = actor;
        this.updatedAt = at.toEpochMilli();
    }

    FleetSetting toSetting() {
        return new FleetSetting(name, value, version, updatedBy, Instant.ofEpochMilli(updatedAt));
    }
}
