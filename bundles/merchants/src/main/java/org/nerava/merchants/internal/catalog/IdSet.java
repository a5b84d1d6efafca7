package org.nerava.merchants.internal.catalog;

/**
 * The ids a catalog file has named so far, to find one named twice: a 64-bit hash per id in an open-addressing table,
 * 8 to 16 bytes an id instead of a hundred for a set of strings, so a million-merchant file is checked in about
 * 16 MB. Two different ids of one file share a hash with a chance of about n²/2⁶⁵ (3 in 100 million for a million
 * ids); the file would then be refused as naming one twice.
 */
final class IdSet {

    private long[] slots = new long[1024];
    private int size;

    /** @return false when the id was there already */
    boolean add(String id) {
        long hash = hash(id);
        if (2 * (size + 1) > slots.length) {
            grow();
        }
        if (!insert(slots, hash)) {
            return false;
        }
        size++;
        return true;
    }

    private static boolean insert(long[] table, long hash) {
        int mask = table.length - 1;
        int i = (int) (hash ^ (hash >>> 32)) & mask;
        while (table[i] != 0) {
            if (table[i] == hash) {
                return false;
            }
            i = (i + 1) & mask;
        }
        table[i] = hash;
        return true;
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        for (long hash : slots) {
            if (hash != 0) {
                insert(bigger, hash);
            }
        }
        slots = bigger;
    }

    /** FNV-1a over the characters, then MurmurHash3's finaliser; never 0, the empty slot. */
    static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }
}
