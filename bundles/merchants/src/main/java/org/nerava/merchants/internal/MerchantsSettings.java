package org.nerava.merchants.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link MerchantsConfig} checked and turned into working values. A bad value never stops the feature: it is
 * reported in {@link #warnings()} (which the bundle logs) and replaced by its default.
 */
public record MerchantsSettings(Path seedFile, String photoBaseUrl, Path photoDirectory, Duration catalogRefresh,
        int catalogCacheMerchants, List<String> warnings) {

    static final int DEFAULT_CACHE_MERCHANTS = 50_000;
    static final int MIN_CACHE_MERCHANTS = 100;
    /** A million merchants: about 500 MB of heap, for nodes given one that large. */
    static final int MAX_CACHE_MERCHANTS = 1_000_000;
    /** A day: a node that checks less often than that would not follow the catalog. */
    static final int MAX_REFRESH_SECONDS = 86_400;

    public static final String SEED_FILE_NAME = "nerava-merchants.json";
    public static final String PHOTO_DIRECTORY_NAME = "nerava-merchant-photos";

    public static MerchantsSettings from(MerchantsConfig config) {
        List<String> warnings = new ArrayList<>();
        int refresh = config.catalogRefreshSeconds();
        if (refresh < 1 || refresh > MAX_REFRESH_SECONDS) {
            warnings.add("catalogRefreshSeconds=" + refresh + " refused: 1 to " + MAX_REFRESH_SECONDS + "; using 60");
            refresh = 60;
        }
        int cache = config.catalogCacheMerchants();
        if (cache < MIN_CACHE_MERCHANTS || cache > MAX_CACHE_MERCHANTS) {
            warnings.add("catalogCacheMerchants=" + cache + " refused: " + MIN_CACHE_MERCHANTS + " to "
                    + MAX_CACHE_MERCHANTS + "; using " + DEFAULT_CACHE_MERCHANTS);
            cache = DEFAULT_CACHE_MERCHANTS;
        }
        String seed = blankToEmpty(config.seedFile());
        Path seedFile = seed.isEmpty()
                ? Paths.get(System.getProperty("karaf.etc", "etc"), SEED_FILE_NAME)
                : Paths.get(seed);
        String photoBase = blankToEmpty(config.photoBaseUrl());
        if (!isPhotoBase(photoBase)) {
            warnings.add("photoBaseUrl=" + photoBase + " refused: an http(s) URL or a path starting with /;"
                    + " relative photo_url values are served as they are");
            photoBase = "";
        }
        String photos = blankToEmpty(config.photoDirectory());
        Path photoDirectory = photos.isEmpty()
                ? Paths.get(System.getProperty("karaf.etc", "etc"), PHOTO_DIRECTORY_NAME)
                : Paths.get(photos);
        return new MerchantsSettings(seedFile, photoBase, photoDirectory, Duration.ofSeconds(refresh),
                cache, List.copyOf(warnings));
    }

    /** A seed's {@code photo_url}: absolute URLs as they are, relative ones joined to {@link #photoBaseUrl()}. */
    public String photoUrl(String stored) {
        if (stored == null || stored.isEmpty() || photoBaseUrl.isEmpty() || isAbsolute(stored)) {
            return stored;
        }
        String base = photoBaseUrl.endsWith("/") ? photoBaseUrl.substring(0, photoBaseUrl.length() - 1) : photoBaseUrl;
        return base + "/" + (stored.startsWith("/") ? stored.substring(1) : stored);
    }

    /** Empty, an http(s) URL or a path from the server's root. */
    static boolean isPhotoBase(String value) {
        String base = blankToEmpty(value);
        return base.isEmpty() || isAbsolute(base) || base.startsWith("/");
    }

    private static boolean isAbsolute(String url) {
        return url.startsWith("https://") || url.startsWith("http://");
    }

    private static String blankToEmpty(String value) {
        return value == null ? "" : value.strip();
    }
}
