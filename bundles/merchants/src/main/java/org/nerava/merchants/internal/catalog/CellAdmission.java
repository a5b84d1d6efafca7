package org.nerava.merchants.internal.catalog;

import java.util.Arrays;

/**
 * Which cells a full cache of cells takes in: one read a second time while remembered here (a "doorkeeper"), not one
 * read once. At random points over a catalog many times the cache, almost every cell is read once; letting each in
 * evicted another that had lived long enough to reach the old generation, so the cache turned over as garbage the
 * collector had to reclaim with full collections (bench/catalog.sh at a million merchants: about a fifth of the
 * server's CPU per search was the collector, against 1 % at a thousand). A cell asked for again is let in, so the
 * cache still follows where searches repeat. Remembers the last cell read per slot, so its memory is fixed: a slot for
 * every eight merchants of the cache's capacity, 8 bytes each. Races between readers only change what is let in,
 * never an answer.
 */
final class CellAdmission {

    private static final long NONE = -1; // cell numbers are never negative
    private final long[] seen;
    private final int mask;

    CellAdmission(int capacity) {
        int slots = Integer.highestOneBit(Math.max(64, capacity / 8) - 1) << 1;
        seen = new long[slots];
        mask = slots - 1;
        Arrays.fill(seen, NONE);
    }

    /**
     * Whether a cell just read goes into the cache: always while it has room ({@code room}), else only when it was
     * read before and is still remembered.
     */
    boolean admit(long cell, boolean room) {
        if (room) {
            return true;
        }
        int slot = (int) (mix(cell) & mask);
        if (seen[slot] == cell) {
            seen[slot] = NONE;
            return true;
        }
        seen[slot] = cell;
        return false;
    }

    int slots() {
        return seen.length;
    }

    /** Neighbouring cells differ in their low digits only: spread them over the slots. */
    private static long mix(long cell) {
        long h = cell * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }
}
