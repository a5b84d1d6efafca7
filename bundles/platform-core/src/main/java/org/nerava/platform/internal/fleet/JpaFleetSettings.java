package org.nerava.platform.internal.fleet;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import javax.persistence.LockModeType;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.nerava.platform.fleet.FleetSetting;
import org.nerava.platform.fleet.FleetSettings;
import org.nerava.platform.persistence.MigratedSchema;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@link FleetSettings} in table {@code fleet_setting} of the platform's unit: every read goes to the database (the
 * unit keeps no shared cache), and a change locks its row so two nodes changing one setting at once make two
 * versions, not one lost update.
 */
@Component(service = FleetSettings.class)
public class JpaFleetSettings implements FleetSettings {

    static final String UNIT = "nerava-platform";

    private final JpaTemplate jpa;
    private final Clock clock;

    /** Never called: referenced so that this component starts only once its tables are migrated. */
    @Reference(target = "(" + MigratedSchema.NAME + "=" + UNIT + ")")
    private MigratedSchema schema;

    @Activate
    public JpaFleetSettings(@Reference(target = "(osgi.unit.name=" + UNIT + ")") JpaTemplate jpa) {
        this(jpa, Clock.systemUTC());
    }

    JpaFleetSettings(JpaTemplate jpa, Clock clock) {
        this.jpa = jpa;
        this.clock = clock;
    }

    @Override
    public Optional<FleetSetting> get(String name) {
        return jpa.txExpr(TransactionType.Required,
                em -> Optional.ofNullable(em.find(FleetSettingEntity.class, name)).map(FleetSettingEntity::toSetting));
    }

    @Override
    public FleetSetting set(String name, String value, String actor) {
        return jpa.txExpr(TransactionType.Required, em -> {
            FleetSettingEntity row = em.find(FleetSettingEntity.class, name, LockModeType.PESSIMISTIC_WRITE);
            boolean created = row == null;
            if (created) {
                row = new FleetSettingEntity(name);
            }
            row.change(value, actor, clock.instant().truncatedTo(ChronoUnit.MILLIS));
            if (created) {
                em.persist(row);
            }
            return row.toSetting();
        });
    }

    @Override
    public boolean clear(String name) {
        return jpa.txExpr(TransactionType.Required, em -> {
            FleetSettingEntity row = em.find(FleetSettingEntity.class, name, LockModeType.PESSIMISTIC_WRITE);
            if (row == null) {
                return false;
            }
            em.remove(row);
            return true;
        });
    }
}
