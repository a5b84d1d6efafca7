package org.nerava.merchants.internal.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiPredicate;
import java.util.function.ToIntFunction;

/**
 * A cache bounded by weight (the catalog counts merchants), least recently used out first, with hit and miss counts.
 * Values are read from the database outside the cache's lock; an {@link #epoch()} taken before the read makes
 * {@link #put} refuse a value read before an eviction that came after, so a racing reader never puts back what a
 * catalog change removed.
 */
final class LruCache<K, V> {

    private final int capacity;
    private final ToIntFunction<V> weigher;
    private final LinkedHashMap<K, V> entries = new LinkedHashMap<>(256, 0.75f, true);
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private long weight;
    private long epoch;

    LruCache(int capacity, ToIntFunction<V> weigher) {
        this.capacity = capacity;
        this.weigher = weigher;
    }

    /** The value, counted as a hit, or null, counted as a miss. */
    synchronized V get(K key) {
        V value = entries.get(key);
        (value == null ? misses : hits).increment();
        return value;
    }

    synchronized long epoch() {
        return epoch;
    }

    /** Keeps the value unless something was evicted since {@code readAt}, or it alone outweighs the cache. */
    synchronized void put(K key, V value, long readAt) {
        int w = weigher.applyAsInt(value);
        if (readAt != epoch || w > capacity) {
            return;
        }
        V old = entries.put(key, value);
        weight += w - (old == null ? 0 : weigher.applyAsInt(old));
        Iterator<V> eldest = entries.values().iterator();
        while (weight > capacity && eldest.hasNext()) {
            weight -= weigher.applyAsInt(eldest.next());
            eldest.remove();
        }
    }

    synchronized void evict(Collection<K> keys) {
        epoch++;
        for (K key : keys) {
            V old = entries.remove(key);
            if (old != null) {
                weight -= weigher.applyAsInt(old);
            }
        }
    }

    /** Evicts every entry the test holds for; a bounded walk, since the cache is. */
    synchronized void evictIf(BiPredicate<K, V> test) {
        epoch++;
        List<K> doomed = new ArrayList<>();
        for (Map.Entry<K, V> entry : entries.entrySet()) {
            if (test.test(entry.getKey(), entry.getValue())) {
                doomed.add(entry.getKey());
            }
        }
        for (K key : doomed) {
            weight -= weigher.applyAsInt(entries.remove(key));
        }
    }

    synchronized void clear() {
        epoch++;
        entries.clear();
        weight = 0;
    }

    synchronized int entries() {
        return entries.size();
    }

    synchronized long weight() {
        return weight;
    }

    int capacity() {
        return capacity;
    }

    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }
}
