package org.nerava.merchants.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@value #PID}, file {@code etc/org.nerava.merchants.cfg}. */
@ObjectClassDefinition(pid = MerchantsConfig.PID, name = "Nerava merchants",
        description = "The catalog of chargers and merchants: its seed file, its photos, how often nodes re-read it")
public @interface MerchantsConfig {

    String PID = "org.nerava.merchants";
    /** Where the photo directory is served. */
    String PHOTOS_PATH = "/v1/merchants/photos";

    @AttributeDefinition(description = "Seed file of chargers and merchants, loaded when the catalog is empty;"
            + " empty: ${karaf.etc}/nerava-merchants.json")
    String seedFile() default "";

    @AttributeDefinition(description = "Base URL that relative photo_url values of the catalog are resolved against;"
            + " the default is where this server serves the photo directory; empty: relative values are served as"
            + " they are")
    String photoBaseUrl() default PHOTOS_PATH;

    @AttributeDefinition(description = "Directory of the catalog's photos, served at " + PHOTOS_PATH + "/<file>;"
            + " empty: ${karaf.etc}/nerava-merchant-photos")
    String photoDirectory() default "";

    @AttributeDefinition(description = "Seconds between a node's checks of the catalog version; a load on another"
            + " node shows up here within this time (only what it changed is read again)", min = "1",
            max = "86400")
    int catalogRefreshSeconds() default 60;

    @AttributeDefinition(description = "Merchants a node keeps in memory for nearby searches (the most recently"
            + " searched grid cells; lookups by id keep a tenth as many more): the node's catalog memory, whatever"
            + " the catalog's size", min = "100", max = "1000000")
    int catalogCacheMerchants() default 50_000;
}
