package org.kcyj.identity;

import java.util.List;

/** One page of a longer list: its items, how many there are in all, and which page of what size this is. */
record ResultPage<T>(List<T> items, long total, int page, int size) {
    public static final int MAX_SIZE = 100;

    /** A page number from 0 and a size of 1..100 (20 when not given). */
    public static int[] bounds(Integer page, Integer size) {
        int p = page == null || page < 0 ? 0 : Math.min(page, 100_000);
        int s = size == null || size < 1 ? 20 : Math.min(size, MAX_SIZE);
        return new int[] {p, s};
    }

    public int pages() {
        return (int) ((total + size - 1) / size);
    }
}
