package dev.adclick.reconcile.store;

import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.MinuteCount;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits rows into store calls without ever splitting an (ad, minute): a key's total row and all its
 * breakdown rows go into one call, which the store writes atomically (docs/architecture.md, row
 * model), so no reader sees a total that is not the sum of its breakdown rows. A batch holds at most
 * {@code max} rows unless one key alone has more; then that key is a batch of its own.
 */
public final class KeyBatches {
    private KeyBatches() {}

    /** @return batches in the order of the keys' first rows; within a key, the rows' own order */
    public static List<List<MinuteCount>> of(List<MinuteCount> rows, int max) {
        if (max < 1) throw new IllegalArgumentException("max must be >= 1: " + max);
        Map<CountKey, List<MinuteCount>> byKey = new LinkedHashMap<>();
        for (MinuteCount m : rows) byKey.computeIfAbsent(m.key().total(), k -> new ArrayList<>()).add(m);
        List<List<MinuteCount>> out = new ArrayList<>();
        List<MinuteCount> batch = new ArrayList<>();
        for (List<MinuteCount> group : byKey.values()) {
            if (!batch.isEmpty() && batch.size() + group.size() > max) {
                out.add(batch);
                batch = new ArrayList<>();
            }
            batch.addAll(group);
        }
        if (!batch.isEmpty()) out.add(batch);
        return out;
    }
}
