package org.nerava.merchants.internal.catalog;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.nerava.platform.health.Readiness;
import org.nerava.platform.health.ReadinessCheck;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code catalog} in {@code /readyz}, never critical: the catalog's size and version, and this node's cache of grid
 * cells (what it holds, its capacity and hit rate). Degraded while the catalog is empty or its version cannot be read
 * (the node then serves what it has cached).
 */
@Component(service = ReadinessCheck.class)
public class CatalogReadinessCheck implements ReadinessCheck {

    private final Catalog catalog;

    @Activate
    public CatalogReadinessCheck(@Reference Catalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public String name() {
        return "catalog";
    }

    @Override
    public boolean critical() {
        return false;
    }

    @Override
    public Readiness check() {
        String failure = null;
        try {
            catalog.merchantCount(); // checks the version when due
        } catch (RuntimeException e) {
            failure = e.getMessage();
        }
        Catalog.Status status = catalog.status();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("chargers", status.state().chargers());
        details.put("merchants", status.state().merchants());
        details.put("version", status.state().version());
        if (status.checkedAt() > 0) {
            details.put("checked_at", Instant.ofEpochMilli(status.checkedAt()).toString());
        }
        details.put("cache_cells", status.cachedCells());
        details.put("cache_merchants", status.cachedMerchants());
        details.put("cache_capacity", status.cacheCapacity());
        details.put("cache_hit_rate", Math.round(status.hitRate() * 1000) / 1000.0);
        String error = failure != null ? failure : status.lastError();
        if (error != null) {
            return Readiness.degraded("catalog version unreadable, serving the cache: " + error).withDetails(details);
        }
        if (status.state().chargers() == 0) {
            return Readiness.degraded("the catalog is empty").withDetails(details);
        }
        return Readiness.up(status.state().merchants() + " merchants").withDetails(details);
    }
}
