package org.nerava.merchants.internal.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class LruCacheTest {

    @Test
    void theLeastRecentlyUsedGoFirstWhenTheWeightIsOverTheCapacity() {
        LruCache<String, int[]> cache = new LruCache<>(10, value -> value.length);
        cache.put("a", new int[4], cache.epoch());
        cache.put("b", new int[4], cache.epoch());
        assertThat(cache.get("a")).isNotNull(); // a is now the most recently used
        cache.put("c", new int[4], cache.epoch());
        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("a")).isNotNull();
        assertThat(cache.weight()).isEqualTo(8);
        cache.put("huge", new int[11], cache.epoch());
        assertThat(cache.get("huge")).as("a value heavier than the cache is not kept").isNull();
        assertThat(cache.hits()).isEqualTo(2);
        assertThat(cache.misses()).isEqualTo(2);
    }

    @Test
    void aValueReadBeforeAnEvictionIsNotPutBackAfterIt() {
        LruCache<String, int[]> cache = new LruCache<>(10, value -> value.length);
        long readAt = cache.epoch();
        cache.evict(List.of("a")); // a catalog change, while the reader was at the database
        cache.put("a", new int[1], readAt);
        assertThat(cache.get("a")).isNull();
        cache.put("a", new int[1], cache.epoch());
        cache.evictIf((key, value) -> key.equals("a"));
        assertThat(cache.get("a")).isNull();
        assertThat(cache.weight()).isZero();
    }
}
