package dev.adclick.e2e;

import dev.adclick.core.click.Click;
import dev.adclick.core.count.MinuteCount;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** Expected clicks per (ad, minute), kept by a test as it produces clicks it knows are accepted. */
final class GroundTruth {
    private final Map<String, Long> counts = new TreeMap<>();

    synchronized void add(Click c) {
        counts.merge(key(c.getAdId(), c.minute()), 1L, Long::sum);
    }

    synchronized Map<String, Long> snapshot() {
        return new TreeMap<>(counts);
    }

    synchronized long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The same shape from stored rows (clicks column), rows with zero clicks left out. */
    static Map<String, Long> of(Collection<MinuteCount> rows) {
        Map<String, Long> out = new TreeMap<>();
        // the total rows: breakdown rows split the same clicks by placement, country and device
        for (MinuteCount r : rows) if (r.dims().isTotal() && r.clicks() > 0) out.put(key(r.adId(), r.minute()), r.clicks());
        return out;
    }

    static String key(String adId, long minute) {
        return adId + "@" + java.time.Instant.ofEpochMilli(minute);
    }
}
