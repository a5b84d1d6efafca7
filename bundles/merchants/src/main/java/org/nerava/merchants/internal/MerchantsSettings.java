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

    public static final String SEED_FILE_NAME = "nerava-merchants.json";
    public static final String PHOTO_DIRECTORY_NAME = "nerava-merchant-photos";

    public static MerchantsSettings from(MerchantsConfig config) {
        List<String> warnings = new ArrayList<>();
        int refresh = config.catalogRefreshSeconds();
        if (refresh < 1) {
            warnings.add("catalogRefreshSeconds=" + refresh + " refused: at least 1; using 60");
            refresh = 60;
        }
        int cache = config.catalogCacheMerchants();
        if (cache < MIN_CACHE_MERCHANTS) {
            warnings.add("catalogCacheMerchants=" + cache + " refused: at least " + MIN_CACHE_MERCHANTS + "; using "
                    + DEFAULT_CACHE_MERCHANTS);
            cache = DEFAULT_CACHE_MERCHANTS;
        }
        String seed = blankToEmpty(config.seedFile());
        Path seedFile = seed.isEmpty()
                ? Paths.get(System.getProperty("karaf.etc", "etc"), SEED_FILE_NAME)
                : Paths.get(seed);
        String photoBase = blankToEmpty(config.photoBaseUrl());
        if (!photoBase.isEmpty() && !photoBase.startsWith("https://") && !photoBase.startsWith("http://")
                && !photoBase.startsWith("/")) {
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

    private static boolean isAbsolute(String url) {
        return url.startsWith("https://") || url.startsWith("http://");
    }

    private static String blankToEmpty(String value) {
        return value == null ? "" : value.strip();
    }
}
