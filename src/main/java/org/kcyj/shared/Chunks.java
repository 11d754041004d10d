package org.kcyj.shared;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/** Long lists of keys asked for a thousand at a time: databases cap the parameters of one statement. */
public final class Chunks {
    static final int SIZE = 1000;

    private Chunks() {
    }

    /** The distinct keys (nulls left out) in lists of at most a thousand; none for no keys. */
    public static <T> List<List<T>> of(Collection<T> keys) {
        LinkedHashSet<T> distinct = new LinkedHashSet<>(keys);
        distinct.remove(null);
        List<T> all = List.copyOf(distinct);
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += SIZE) {
            chunks.add(all.subList(from, Math.min(all.size(), from + SIZE)));
        }
        return chunks;
    }
}
